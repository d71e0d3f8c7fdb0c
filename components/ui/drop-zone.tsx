"use client";

// The one place a file is dropped or picked (attachments, monitoring exports): a dashed zone that takes a dropped file,
// opens the file chooser on a click anywhere in it, and is reached with Tab (the file input inside is what takes the
// focus, and Enter or Space on it opens the chooser; the zone draws the focus ring around itself). The chosen file is
// the caller's state: the zone shows its name and size and lets the user pick another.
import { useEffect, useRef, useState, type DragEvent, type ReactNode } from "react";
import { formatBytes } from "@/lib/attachments/size";

export function DropZone({
  id,
  label,
  prompt,
  file,
  onFile,
  disabled = false,
  testId,
}: {
  /** id of the file input */
  id: string;
  /** the file input's accessible name ("Add a file", "Monitoring export") */
  label: string;
  /** what the zone says while no file is chosen */
  prompt: ReactNode;
  file: File | null;
  onFile(file: File): void;
  disabled?: boolean;
  testId?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  // A file sent (or dropped, then cleared by the caller) leaves the input empty, so picking the same file again works.
  useEffect(() => {
    if (!file && input.current) input.current.value = "";
  }, [file]);

  function onDrop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (!disabled && dropped) onFile(dropped);
  }

  return (
    <label
      htmlFor={id}
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid={testId}
      data-dragging={dragging || undefined}
      className={`flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm outline-none transition-colors has-[input:focus-visible]:ring-2 has-[input:focus-visible]:ring-indigo-600 has-[input:focus-visible]:ring-offset-2 ${
        dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-400 bg-slate-50 hover:border-indigo-400"
      } ${disabled ? "cursor-not-allowed opacity-70" : ""}`}
    >
      <span className="text-slate-700" id={`${id}-status`}>
        {file ? (
          <>
            <span className="break-all font-medium">{file.name}</span> ({formatBytes(file.size)})
          </>
        ) : (
          prompt
        )}
      </span>
      <span className="text-sm font-semibold text-indigo-700 underline-offset-2 hover:underline">
        {file ? "Choose another file" : "Choose a file or drop it here"}
      </span>
      <input
        ref={input}
        id={id}
        type="file"
        name="file"
        className="sr-only"
        disabled={disabled}
        aria-label={label}
        aria-describedby={`${id}-status`}
        onChange={(event) => {
          const chosen = event.target.files?.[0];
          if (chosen) onFile(chosen);
        }}
      />
    </label>
  );
}
