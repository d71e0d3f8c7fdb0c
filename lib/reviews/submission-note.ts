// The note an author writes to the reviewers when submitting (kept in the submission's audit event, `meta.note`), as
// the reviewer reads it on the report and in the queue. Pure: the reads hand it the review's latest audit events.

export const SUBMIT_AUDIT_ACTION = "review.submit";
export const REOPEN_AUDIT_ACTION = "review.reopen";

export type SubmissionNote = { note: string; by: string | null; at: Date };

type ReviewEvent = { action: string; at: Date; meta: unknown; actor: { name: string } | null };

function noteOf(meta: unknown): string | null {
  const note = (meta as { note?: unknown } | null)?.note;
  return typeof note === "string" && note.trim() ? note.trim() : null;
}

/**
 * The latest note of the current review round, from events newest first. A resubmission without a note keeps the
 * round's earlier note (the reviewer still needs that context); a reopening starts a new round, so a note written
 * before it is no longer about the report in front of the reviewer.
 */
export function latestSubmissionNote(eventsNewestFirst: readonly ReviewEvent[]): SubmissionNote | null {
  for (const event of eventsNewestFirst) {
    if (event.action === REOPEN_AUDIT_ACTION) return null;
    if (event.action !== SUBMIT_AUDIT_ACTION) continue;
    const note = noteOf(event.meta);
    if (note) return { note, by: event.actor?.name ?? null, at: event.at };
  }
  return null;
}
