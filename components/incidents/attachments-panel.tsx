"use client";

// The report's files: upload (the shared drop zone, components/ui/drop-zone.tsx) with a progress bar
// (components/ui/upload.ts), list with
// name, size, uploader and time, download, and delete for SRE and up. Writes go to the REST API with the session
// cookie; the server checks permission, size and visibility again.
import { useRef, useState, type FormEvent } from "react";
import { DropZone } from "@/components/ui/drop-zone";
import { useRouter } from "next/navigation";
import { displayFilename } from "@/lib/attachments/filenames";
import type { AttachmentView } from "@/lib/attachments/schema";
import { formatBytes } from "@/lib/attachments/size";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { Button, buttonClass } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { errorMessage, postWithProgress } from "@/components/ui/upload";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

type Upload =
  | { state: "idle" }
  | { state: "uploading"; name: string; percent: number }
  | { state: "done"; name: string; size: number }
  | { state: "failed"; message: string };

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
  const [file, setFile] = useState<File | null>(null);
  const request = useRef<XMLHttpRequest | null>(null);
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const base = `/api/v1/incidents/${encodeURIComponent(incidentId)}/attachments`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setUpload({ state: "failed", message: "Choose or drop a file first." });
    if (file.size === 0) return setUpload({ state: "failed", message: `${file.name} is empty.` });
    if (file.size > maxBytes) {
      return setUpload({ state: "failed", message: `Attachments may be at most ${formatBytes(maxBytes)}; ${file.name} is ${formatBytes(file.size)}.` });
    }
    const form = new FormData();
    form.set("file", file);
    request.current = postWithProgress(base, form, {
      progress: (percent) => setUpload({ state: "uploading", name: file.name, percent }),
      created: () => {
        setUpload({ state: "done", name: file.name, size: file.size });
        setFile(null);
        router.refresh();
      },
      failed: (message) => setUpload({ state: "failed", message }),
    });
  }

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

  const percent = upload.state === "uploading" ? upload.percent : upload.state === "done" ? 100 : null;

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
        <form onSubmit={onSubmit} className="no-print mt-4 space-y-3 border-t border-slate-100 pt-4" data-testid="attachment-upload">
          <h3 className="text-sm font-semibold text-slate-800">Add a file</h3>
          <DropZone
            id="attachment-file"
            label="Add a file"
            prompt="Drop graphs, logs or exports here."
            file={file}
            onFile={(chosen) => {
              setFile(chosen);
              setUpload({ state: "idle" });
            }}
            disabled={upload.state === "uploading"}
            testId="attachment-drop-zone"
          />
          <div className="flex flex-wrap items-center gap-3">
            {upload.state === "uploading" ? (
              <Button type="button" variant="secondary" onClick={() => request.current?.abort()}>
                Cancel
              </Button>
            ) : (
              <Button type="submit" disabled={!file}>
                Upload
              </Button>
            )}
            <span className="text-xs text-slate-600">Any file up to {formatBytes(maxBytes)}.</span>
          </div>
          {percent !== null ? (
            <div className="flex items-center gap-3">
              <div
                role="progressbar"
                aria-label={`Uploading ${upload.state === "uploading" || upload.state === "done" ? upload.name : "file"}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent}
                className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
                data-testid="upload-progress"
              >
                <div className="h-full rounded-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
              </div>
              <span className="w-12 text-right text-sm tabular-nums text-slate-700" data-testid="upload-percent">
                {percent}%
              </span>
            </div>
          ) : null}
          {upload.state === "done" ? <FormMessage tone="success" message={`Uploaded ${upload.name} (${formatBytes(upload.size)}).`} /> : null}
          {upload.state === "failed" ? <FormMessage message={upload.message} /> : null}
        </form>
      ) : null}
    </section>
  );
}
