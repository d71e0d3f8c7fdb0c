"use client";

// An action item's GitHub or Jira issue: the synced link ("acme/api#12", "OPS-12"), or, for someone who may change the
// item, a button per tracker integration that creates the issue (POST /api/v1/action-items/{id}/tracker) and links it.
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionItemRow } from "@/lib/action-items/schema";
import { TRACKER_KIND_LABELS, type TrackerOption } from "@/lib/trackers/schema";
import { errorMessage } from "@/components/ui/api-error";

export function TrackerIssueLink({ item }: { item: ActionItemRow }) {
  if (!item.trackerKey) return null;
  const link = (
    <span className="font-mono text-xs" data-testid="tracker-issue">
      {item.trackerKey}
    </span>
  );
  return item.trackerUrl ? (
    <a
      href={item.trackerUrl}
      target="_blank"
      rel="noopener noreferrer"
      className="text-indigo-700 hover:underline"
      title={`Synced: closing the issue closes this item, and the other way round. ${item.trackerUrl}`}
    >
      {link}
    </a>
  ) : (
    link
  );
}

export function CreateTrackerIssue({ item, trackers }: { item: ActionItemRow; trackers: TrackerOption[] }) {
  const router = useRouter();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (item.trackerKey || trackers.length === 0) return null;
  // the target only when two trackers of one kind would read the same
  const label = (tracker: TrackerOption) =>
    `Create ${TRACKER_KIND_LABELS[tracker.kind]} issue${trackers.filter((other) => other.kind === tracker.kind).length > 1 ? ` in ${tracker.target}` : ""}`;

  async function create(tracker: TrackerOption) {
    setPending(tracker.id);
    setError(null);
    try {
      const response = await fetch(`/api/v1/action-items/${encodeURIComponent(item.id)}/tracker`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ integrationId: tracker.id }),
      });
      if (response.ok) router.refresh();
      else setError(errorMessage(response.status, await response.text()));
    } catch {
      setError("The issue could not be created: the connection was lost.");
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="flex flex-col items-start gap-1">
      {trackers.map((tracker) => (
        <button
          key={tracker.id}
          type="button"
          className="rounded px-2 py-1 text-xs font-semibold text-slate-600 hover:bg-slate-100 disabled:opacity-60"
          disabled={pending !== null}
          aria-label={`${label(tracker)} for ${item.title}`}
          onClick={() => create(tracker)}
        >
          {pending === tracker.id ? "Creating…" : label(tracker)}
        </button>
      ))}
      {error ? (
        <p role="alert" className="max-w-56 text-xs text-red-700" data-testid="tracker-issue-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
