"use client";

// The report's files: list with name, size, uploader and time, download, and for SRE and up upload (loaded when
// "Add a file" is first opened: components/incidents/attachment-upload.tsx) and delete. Writes go to the REST API with
// the session cookie; the server checks permission, size and visibility again.
import { lazy, useState } from "react";
import { useRouter } from "next/navigation";
import { displayFilename } from "@/lib/attachments/filenames";
import type { AttachmentView } from "@/lib/attachments/schema";
import { formatBytes } from "@/lib/attachments/size";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { buttonClass } from "@/components/ui/button";
import { Disclosure } from "@/components/ui/disclosure";
import { FormMessage } from "@/components/ui/field";
import { errorMessage } from "@/components/ui/api-error";
import { attachmentsUrl } from "@/components/incidents/attachments-url";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

const AttachmentUpload = lazy(() => import("@/components/incidents/attachment-upload").then((module) => ({ default: module.AttachmentUpload })));

export function AttachmentsPanel({
  incidentId,
  attachments,
  canUpload,
  maxBytes,
  timeZone,
}: {
  /** database id of the incident */
  incidentId: string;
  attachments: AttachmentView[];
  /** SRE and up: upload and delete */
  canUpload: boolean;
  maxBytes: number;
  timeZone: string;
}) {
  const router = useRouter();
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const base = attachmentsUrl(incidentId);

  async function onDelete(attachment: AttachmentView) {
    if (!window.confirm(`Delete ${displayFilename(attachment.filename)}? This cannot be undone.`)) return;
    setDeleting(attachment.id);
    setDeleteError(null);
    try {
      const response = await fetch(`${base}/${encodeURIComponent(attachment.id)}`, { method: "DELETE" });
      if (!response.ok) setDeleteError(errorMessage(response.status, await response.text()));
      else router.refresh();
    } catch {
      setDeleteError("The file could not be deleted: the connection was lost.");
    } finally {
      setDeleting(null);
    }
  }

  return (
    <section
      className="mt-6 break-inside-avoid rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 print:shadow-none print:ring-0"
      data-testid="attachments-panel"
      aria-labelledby="attachments-heading"
    >
      <h2 id="attachments-heading" className="mb-3 text-lg font-semibold">
        Attachments
      </h2>

      {attachments.length === 0 ? (
        <p className="text-sm text-slate-600">No files yet.{canUpload ? " Upload graphs, logs or exports below." : ""}</p>
      ) : (
        <Table variant="plain" className="w-full table-fixed sm:table-auto" data-testid="attachment-list">
          <TableHead variant="plain">
            <tr>
              <TableHeaderCell padding="py-1 pr-3">File</TableHeaderCell>
              <TableHeaderCell padding="py-1 pr-3" className="w-20 sm:w-auto">
                Size
              </TableHeaderCell>
              <TableHeaderCell padding="py-1 pr-3" className="hidden sm:table-cell">
                Uploaded by
              </TableHeaderCell>
              <TableHeaderCell padding="py-1 pr-3" className="hidden md:table-cell">
                When
              </TableHeaderCell>
              {canUpload ? (
                <TableHeaderCell padding="py-1" className="no-print w-20 sm:w-auto">
                  <span className="sr-only">Actions</span>
                </TableHeaderCell>
              ) : null}
            </tr>
          </TableHead>
          <TableBody variant="plain">
            {attachments.map((attachment) => (
              <TableRow key={attachment.id} separated className="align-top" data-testid="attachment-row">
                <TableCell padding="py-2 pr-3">
                  <a
                    href={`${base}/${encodeURIComponent(attachment.id)}`}
                    download={attachment.filename}
                    className="break-all font-medium text-indigo-700 hover:underline"
                  >
                    {displayFilename(attachment.filename)}
                  </a>
                  {attachment.description ? <p className="text-xs text-slate-600">{attachment.description}</p> : null}
                  <p className="break-all font-mono text-[11px] text-slate-600" title={`SHA-256 ${attachment.sha256}`}>
                    {attachment.contentType} · sha256 {attachment.sha256.slice(0, 12)}…
                  </p>
                </TableCell>
                <TableCell
                  padding="py-2 pr-3"
                  className="whitespace-nowrap"
                  title={`${attachment.size.toLocaleString("en-US")} bytes`}
                  data-testid="attachment-size"
                >
                  {formatBytes(attachment.size)}
                </TableCell>
                <TableCell padding="py-2 pr-3" className="hidden sm:table-cell">
                  {attachment.uploadedBy?.name ?? "—"}
                </TableCell>
                <TableCell padding="py-2 pr-3" className="hidden whitespace-nowrap md:table-cell">
                  <time dateTime={attachment.createdAt} title={isoUtc(new Date(attachment.createdAt))}>
                    {formatDateTime(new Date(attachment.createdAt), timeZone)}
                  </time>
                </TableCell>
                {canUpload ? (
                  <TableCell padding="py-2" className="no-print text-right">
                    <button
                      type="button"
                      className={buttonClass("ghost", "px-2 py-1 text-red-700")}
                      onClick={() => onDelete(attachment)}
                      disabled={deleting === attachment.id}
                      aria-label={`Delete ${displayFilename(attachment.filename)}`}
                    >
                      {deleting === attachment.id ? "Deleting…" : "Delete"}
                    </button>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {deleteError ? (
        <div className="mt-3">
          <FormMessage message={deleteError} />
        </div>
      ) : null}

      {canUpload ? (
        <Disclosure summary="Add a file" className="mt-4" testId="attachment-upload-disclosure">
          <AttachmentUpload incidentId={incidentId} maxBytes={maxBytes} />
        </Disclosure>
      ) : null}
    </section>
  );
}
