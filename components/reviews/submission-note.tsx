// What the author wrote to the reviewers when submitting: on the report's review panel and in the review queue.
import type { SubmissionNote } from "@/lib/reviews/submission-note";
import { formatDateTime, isoUtc } from "@/lib/format/time";

export function SubmissionNoteView({ note, timeZone, compact = false }: { note: SubmissionNote; timeZone: string; compact?: boolean }) {
  return (
    <figure
      className={`min-w-0 rounded-md border-l-4 border-indigo-300 bg-indigo-50 ${compact ? "px-3 py-2" : "p-3"} text-sm text-slate-800`}
      data-testid="submission-note"
    >
      <figcaption className="text-xs text-slate-700">
        Note to the reviewers from <span className="font-medium text-slate-900">{note.by ?? "a deleted user"}</span>,{" "}
        <time dateTime={note.at.toISOString()} title={isoUtc(note.at)}>
          {formatDateTime(note.at, timeZone)}
        </time>
      </figcaption>
      <blockquote className={`mt-1 whitespace-pre-wrap break-words ${compact ? "line-clamp-3" : ""}`} data-testid="submission-note-text">
        {note.note}
      </blockquote>
    </figure>
  );
}
