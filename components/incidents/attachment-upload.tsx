"use client";

// Uploading a file to the report (the shared drop zone, components/ui/drop-zone.tsx) with a progress bar
// (components/ui/upload.ts). Loaded when "Add a file" is first opened on the report page, not with the page.
import { useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { formatBytes } from "@/lib/attachments/size";
import { Button } from "@/components/ui/button";
import { DropZone } from "@/components/ui/drop-zone";
import { FormMessage } from "@/components/ui/field";
import { postWithProgress } from "@/components/ui/upload";
import { attachmentsUrl } from "@/components/incidents/attachments-url";

type Upload =
  | { state: "idle" }
  | { state: "uploading"; name: string; percent: number }
  | { state: "done"; name: string; size: number }
  | { state: "failed"; message: string };

export function AttachmentUpload({ incidentId, maxBytes }: { incidentId: string; maxBytes: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const request = useRef<XMLHttpRequest | null>(null);
  const [upload, setUpload] = useState<Upload>({ state: "idle" });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setUpload({ state: "failed", message: "Choose or drop a file first." });
    if (file.size === 0) return setUpload({ state: "failed", message: `${file.name} is empty.` });
    if (file.size > maxBytes) {
      return setUpload({ state: "failed", message: `Attachments may be at most ${formatBytes(maxBytes)}; ${file.name} is ${formatBytes(file.size)}.` });
    }
    const form = new FormData();
    form.set("file", file);
    request.current = postWithProgress(attachmentsUrl(incidentId), form, {
      progress: (percent) => setUpload({ state: "uploading", name: file.name, percent }),
      created: () => {
        setUpload({ state: "done", name: file.name, size: file.size });
        setFile(null);
        router.refresh();
      },
      failed: (message) => setUpload({ state: "failed", message }),
    });
  }

  const percent = upload.state === "uploading" ? upload.percent : upload.state === "done" ? 100 : null;

  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="attachment-upload">
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
  );
}
