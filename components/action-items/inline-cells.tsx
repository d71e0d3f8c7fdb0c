"use client";

// The table's editable cells: status, owner, due date, priority, tracker link. Each change saves at once through the
// guarded update (with the version the row was loaded at) and shows the new value while it saves. A refusal — a
// stale version, a missing reason, a bad link — is shown in the cell, and the row is reloaded, so the user sees
// what is stored rather than what they hoped was. People who may not edit an item see plain values.
import { NotAUser } from "@/components/action-items/not-a-user";
import { createContext, useContext, useOptimistic, useState, useTransition, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { ActionState } from "@/lib/actions/action-state";
import type { ActionItemRow, PersonOption } from "@/lib/action-items/schema";
import { ACTION_ITEM_STATUSES, PRIORITIES, type UpdateActionItemInput } from "@/lib/action-items/schema";
import type { ActionItemStatus, Priority } from "@/lib/incidents/schema";
import { Badge } from "@/components/ui/badge";
import { OverdueBadge } from "@/components/action-items/overdue-badge";
import { PRIORITY_LABELS, PRIORITY_TONES, STATUS_LABELS, STATUS_TONES, formatDueDate, trackerLabel } from "@/components/action-items/labels";
import { CreateTrackerIssue, TrackerIssueLink } from "@/components/action-items/tracker-issue";
import type { TrackerOption } from "@/lib/trackers/schema";

export type UpdateActionItemAction = (input: UpdateActionItemInput) => Promise<ActionState<ActionItemRow>>;

/** `trackers`: the GitHub and Jira integrations an editable item may get an issue in. */
export const InlineEditContext = createContext<{ update: UpdateActionItemAction; people: PersonOption[]; trackers: TrackerOption[] } | null>(null);

/** app/globals.css: a select in a row; a control without a select's arrow takes back its room (utilities win) */
const controlClass = "inline-control";
const narrowControlClass = "inline-control pr-2";
const smallButton = "rounded px-2 py-1 text-xs font-semibold";

type Patch = Omit<UpdateActionItemInput, "id" | "version">;

function useInlineSave(item: ActionItemRow) {
  const context = useContext(InlineEditContext);
  if (!context) throw new Error("inline cells need an InlineEditContext");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function save(patch: Patch, options: { optimistic?: () => void; onSuccess?: () => void } = {}) {
    startTransition(async () => {
      options.optimistic?.();
      setError(null);
      const result = await context!.update({ id: item.id, version: item.version, ...patch });
      if (result.ok) {
        options.onSuccess?.();
        return;
      }
      const fieldMessage = Object.entries(result.fieldErrors).find(([path]) => path in patch)?.[1];
      setError(fieldMessage ?? result.message);
      // someone else's change, or ours refused: show what is stored now
      router.refresh();
    });
  }
  return { pending, error, save, people: context.people };
}

function CellError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="mt-1 max-w-56 text-xs text-red-700" data-testid="inline-error">
      {message}
    </p>
  ) : null;
}

// ---------------------------------------------------------------------------------------------------------------

export function StatusCell({ item }: { item: ActionItemRow }) {
  return item.editable ? <EditableStatus item={item} /> : <StatusValue status={item.status} reason={item.wontDoReason} />;
}

function StatusValue({ status, reason }: { status: ActionItemStatus; reason: string | null }) {
  return (
    <div>
      <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>
      {status === "WONT_DO" && reason ? <p className="mt-1 max-w-56 text-xs text-slate-500">{reason}</p> : null}
    </div>
  );
}

function EditableStatus({ item }: { item: ActionItemRow }) {
  const { pending, error, save } = useInlineSave(item);
  const [shown, setShown] = useOptimistic(item.status);
  const [askingReason, setAskingReason] = useState(false);
  const [reason, setReason] = useState("");

  function submitReason(event: FormEvent) {
    event.preventDefault();
    save({ status: "WONT_DO", wontDoReason: reason }, { optimistic: () => setShown("WONT_DO"), onSuccess: () => setAskingReason(false) });
  }

  return (
    <div>
      <select
        aria-label={`Status of ${item.title}`}
        className={controlClass}
        value={askingReason ? "WONT_DO" : shown}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value as ActionItemStatus;
          if (next === "WONT_DO") {
            setAskingReason(true);
            return;
          }
          setAskingReason(false);
          save({ status: next }, { optimistic: () => setShown(next) });
        }}
      >
        {ACTION_ITEM_STATUSES.map((status) => (
          <option key={status} value={status}>
            {STATUS_LABELS[status]}
          </option>
        ))}
      </select>
      {askingReason ? (
        <form onSubmit={submitReason} className="mt-1 flex flex-col gap-1" data-testid="wont-do-form">
          <input
            aria-label={`Why won't ${item.title} be done?`}
            placeholder="Why won't it be done?"
            className={controlClass}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoFocus
          />
          <span className="flex gap-1">
            <button type="submit" className={`${smallButton} bg-indigo-600 text-white`} disabled={pending}>
              Save
            </button>
            <button type="button" className={`${smallButton} text-slate-700 hover:bg-slate-100`} onClick={() => setAskingReason(false)}>
              Cancel
            </button>
          </span>
        </form>
      ) : shown === "WONT_DO" && item.wontDoReason ? (
        <p className="mt-1 max-w-56 text-xs text-slate-500">{item.wontDoReason}</p>
      ) : null}
      <CellError message={error} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

export function OwnerCell({ item }: { item: ActionItemRow }) {
  if (!item.editable) {
    if (item.owner) return <span title={item.owner.email}>{item.owner.name}</span>;
    return item.ownerName ? <NotAUser name={item.ownerName} /> : <span className="text-slate-400">Unassigned</span>;
  }
  return <EditableOwner item={item} />;
}

/** The picker's value for "keep the name the report gave" (no user id looks like it). */
const KEEP_NAME = "(name)";

/**
 * The owner as a button that opens the picker: a page of 25 rows does not carry 25 copies of every person as
 * `<option>`s (with 200 people that was most of the page's HTML), only the one list, once. An owner who is no user
 * (a name from an imported report) is shown as such until a user (or nobody) is chosen, which replaces the name.
 */
function EditableOwner({ item }: { item: ActionItemRow }) {
  const { pending, error, save, people } = useInlineSave(item);
  const [shown, setShown] = useOptimistic(item.owner?.id ?? (item.ownerName ? KEEP_NAME : ""));
  const [picking, setPicking] = useState(false);
  // a deactivated owner is not among the people offered, but still the owner
  const options = item.owner && !people.some((person) => person.id === item.owner!.id) ? [item.owner, ...people] : people;
  if (!picking) {
    const keptName = shown === KEEP_NAME ? item.ownerName : null;
    const name = keptName ? null : (options.find((person) => person.id === shown)?.name ?? (shown ? item.owner?.name : null));
    return (
      <div>
        <button
          type="button"
          aria-label={`Owner of ${item.title}: ${keptName ? `${keptName}, not a user` : (name ?? "unassigned")}. Change`}
          title="Change the owner"
          className={`${smallButton} max-w-48 truncate text-left hover:bg-slate-100 ${name || keptName ? "text-slate-900" : "text-slate-500"}`}
          disabled={pending}
          onClick={() => setPicking(true)}
          data-testid="owner-name"
        >
          {keptName ? <NotAUser name={keptName} /> : (name ?? "Unassigned")}
        </button>
        <CellError message={error} />
      </div>
    );
  }
  return (
    <div>
      <select
        aria-label={`Owner of ${item.title}`}
        className={`${controlClass} max-w-40`}
        value={shown}
        disabled={pending}
        autoFocus
        onBlur={() => setPicking(false)}
        onKeyDown={(event) => {
          if (event.key === "Escape") setPicking(false);
        }}
        onChange={(event) => {
          const next = event.target.value;
          setPicking(false);
          if (next === KEEP_NAME) return;
          save({ ownerId: next || null }, { optimistic: () => setShown(next) });
        }}
      >
        {item.ownerName ? <option value={KEEP_NAME}>{item.ownerName} (not a user)</option> : null}
        <option value="">Unassigned</option>
        {options.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
      </select>
      <CellError message={error} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

export function DueDateCell({ item }: { item: ActionItemRow }) {
  if (!item.editable) {
    return (
      <span className="flex flex-wrap items-center gap-1 whitespace-nowrap">
        <time dateTime={item.dueDate ?? undefined}>{formatDueDate(item.dueDate)}</time>
        {item.overdue ? <OverdueBadge /> : null}
      </span>
    );
  }
  return <EditableDueDate item={item} />;
}

/** Local text that starts again from the stored value whenever a new version of the row arrives. */
function useDraft(item: ActionItemRow, stored: string): [string, (value: string) => void] {
  const [value, setValue] = useState(stored);
  const [version, setVersion] = useState(item.version);
  if (version !== item.version) {
    setVersion(item.version);
    setValue(stored);
  }
  return [value, setValue];
}

function EditableDueDate({ item }: { item: ActionItemRow }) {
  const { pending, error, save } = useInlineSave(item);
  const [value, setValue] = useDraft(item, item.dueDate ?? "");
  // A date input reports every keystroke of the year as a change: save when the user is done, not before.
  const commit = () => {
    if (value !== (item.dueDate ?? "")) save({ dueDate: value || null });
  };
  return (
    <div>
      <span className="flex flex-wrap items-center gap-1">
        <input
          type="date"
          aria-label={`Due date of ${item.title}`}
          className={narrowControlClass}
          value={value}
          disabled={pending}
          onChange={(event) => setValue(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === "Enter") commit();
          }}
        />
        {item.overdue ? <OverdueBadge /> : null}
      </span>
      <CellError message={error} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

export function PriorityCell({ item }: { item: ActionItemRow }) {
  if (!item.editable) return <Badge tone={PRIORITY_TONES[item.priority]}>{PRIORITY_LABELS[item.priority]}</Badge>;
  return <EditablePriority item={item} />;
}

function EditablePriority({ item }: { item: ActionItemRow }) {
  const { pending, error, save } = useInlineSave(item);
  const [shown, setShown] = useOptimistic(item.priority);
  return (
    <div>
      <select
        aria-label={`Priority of ${item.title}`}
        className={controlClass}
        value={shown}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value as Priority;
          save({ priority: next }, { optimistic: () => setShown(next) });
        }}
      >
        {PRIORITIES.map((priority) => (
          <option key={priority} value={priority}>
            {PRIORITY_LABELS[priority]}
          </option>
        ))}
      </select>
      <CellError message={error} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function TrackerLink({ url }: { url: string }): ReactNode {
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="text-indigo-700 hover:underline" title={url}>
      {trackerLabel(url)}
    </a>
  );
}

export function TrackerCell({ item }: { item: ActionItemRow }) {
  // synced with a GitHub or Jira issue: its key, which stays until someone links something else by hand
  if (item.trackerKey && !item.editable) return <TrackerIssueLink item={item} />;
  if (!item.editable) return item.trackerUrl ? <TrackerLink url={item.trackerUrl} /> : <span className="text-slate-400">—</span>;
  return <EditableTracker item={item} />;
}

function EditableTracker({ item }: { item: ActionItemRow }) {
  const { pending, error, save } = useInlineSave(item);
  const trackers = useContext(InlineEditContext)?.trackers ?? [];
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useDraft(item, item.trackerUrl ?? "");

  if (!editing) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        {item.trackerKey ? <TrackerIssueLink item={item} /> : item.trackerUrl ? <TrackerLink url={item.trackerUrl} /> : null}
        <button
          type="button"
          className={`${smallButton} text-slate-600 hover:bg-slate-100`}
          onClick={() => setEditing(true)}
          // the visible words start the name (WCAG 2.5.3: a speech user says what they see)
          aria-label={item.trackerUrl ? `Change the tracker link of ${item.title}` : `Add link to the tracker for ${item.title}`}
        >
          {item.trackerUrl ? "Change" : "Add link"}
        </button>
        <CreateTrackerIssue item={item} trackers={trackers} />
        <CellError message={error} />
      </div>
    );
  }
  return (
    <form
      className="flex flex-col gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        save({ trackerUrl: value.trim() || null }, { onSuccess: () => setEditing(false) });
      }}
    >
      <input
        type="url"
        aria-label={`Tracker link of ${item.title}`}
        placeholder="https://jira.example.com/browse/OPS-12"
        className={narrowControlClass}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        autoFocus
      />
      <span className="flex gap-1">
        <button type="submit" className={`${smallButton} bg-indigo-600 text-white`} disabled={pending}>
          Save
        </button>
        <button type="button" className={`${smallButton} text-slate-700 hover:bg-slate-100`} onClick={() => setEditing(false)}>
          Cancel
        </button>
      </span>
      <CellError message={error} />
    </form>
  );
}
