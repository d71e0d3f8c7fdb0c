"use client";

// Someone saved the report after this user opened it. Both versions side by side, field by field: the user keeps
// theirs or takes the stored one for each, then saves the result against the stored version. Nothing is chosen
// silently; until the user decides, their own text stays in the editor (and in the browser draft). Escape is the same as
// "Back to my version" / "Not now": it only closes the dialog.
import { useState, type RefObject } from "react";
import { conflictFields, describeFieldValue, mergeReports, type ReportField } from "@/lib/incidents/report-diff";
import type { ReportDocument } from "@/lib/incidents/schema";
import { formatDateTime } from "@/lib/format/time";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Dialog } from "@/components/ui/dialog";

export type Conflict = {
  /** what this user started from */
  base: ReportDocument;
  /** what this user has now */
  mine: ReportDocument;
  /** what is stored */
  theirs: ReportDocument;
  theirVersion: number;
  updatedAt: string;
  updatedBy?: { name: string; email: string };
  /** where the conflict came from: a failed save, or a draft from an older version */
  origin: "save" | "draft";
};

type Choice = "mine" | "theirs";

export function ConflictPanel({
  conflict,
  timeZone,
  onResolve,
  onTakeStored,
  onDismiss,
  returnFocusTo,
}: {
  conflict: Conflict;
  timeZone: string;
  onResolve: (merged: ReportDocument) => void;
  onTakeStored: () => void;
  onDismiss: () => void;
  /** the control the user saved from (see Dialog) */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const fields = conflictFields(conflict.base, conflict.mine, conflict.theirs);
  // A field this user changed starts on their own value; a field only the other person changed, on the stored one.
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(fields.map((field) => [field.field, field.changedByMe ? "mine" : "theirs"])),
  );
  const who = conflict.updatedBy ? conflict.updatedBy.name : "Someone";
  const when = formatDateTime(new Date(conflict.updatedAt), timeZone);
  const apply = () => {
    const keepMine = fields.filter((field) => choices[field.field] === "mine").map((field) => field.field as ReportField);
    onResolve(mergeReports(conflict.theirs, conflict.mine, keepMine));
  };
  return (
    <Dialog open onClose={onDismiss} labelledBy="conflict-title" returnFocusTo={returnFocusTo} className="w-full max-w-6xl" data-testid="conflict-dialog">
      <h2 id="conflict-title" className="text-xl font-bold text-slate-900">
        {conflict.origin === "save" ? "This report changed while you were editing" : "Your unsaved draft is from an older version"}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {who} saved version {conflict.theirVersion} at {when}. Nothing of yours was saved or lost: for each field below, keep yours or take the stored one, then
        save.
      </p>
      {fields.length === 0 ? (
        <p className="mt-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">Your version and the stored one are the same. Saving now just records it.</p>
      ) : (
        <div className="mt-4 space-y-4">
          {fields.map((field) => (
            <fieldset key={field.field} className="rounded-md ring-1 ring-slate-200" data-testid={`conflict-${field.field}`}>
              <legend className="ml-3 px-1 text-sm font-semibold text-slate-900">{field.label}</legend>
              <div className="flex flex-wrap gap-2 px-3 pt-1">
                {field.changedByMe ? <Badge tone="blue">changed by you</Badge> : null}
                {field.changedByThem ? <Badge tone="orange">changed by {who}</Badge> : null}
              </div>
              <div className="grid gap-3 p-3 md:grid-cols-2">
                {(["mine", "theirs"] as const).map((side) => (
                  <label
                    key={side}
                    className={`block cursor-pointer rounded-md p-3 ring-1 ring-inset ${choices[field.field] === side ? "bg-indigo-50 ring-indigo-400" : "ring-slate-200"}`}
                  >
                    <span className="flex items-center gap-2 text-sm font-medium">
                      <input
                        type="radio"
                        name={`conflict-${field.field}`}
                        checked={choices[field.field] === side}
                        onChange={() => setChoices((current) => ({ ...current, [field.field]: side }))}
                      />
                      {side === "mine" ? "Keep mine" : `Take stored (version ${conflict.theirVersion})`}
                    </span>
                    <pre
                      className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-words font-sans text-sm text-slate-800"
                      data-testid={`conflict-${side}`}
                    >
                      {describeFieldValue(side === "mine" ? field.mine : field.theirs)}
                    </pre>
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
        </div>
      )}
      <div className="mt-6 flex flex-wrap items-center gap-3">
        <Button type="button" onClick={apply}>
          {conflict.origin === "save" ? "Save with these choices" : "Use these choices"}
        </Button>
        <Button type="button" variant="secondary" onClick={onDismiss}>
          {conflict.origin === "save" ? "Back to my version" : "Not now (keep the draft)"}
        </Button>
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            if (window.confirm(conflict.origin === "save" ? "Discard all of your changes and load the stored version?" : "Discard this draft?")) onTakeStored();
          }}
        >
          {conflict.origin === "save" ? "Discard mine, load the stored version" : "Discard the draft"}
        </Button>
      </div>
    </Dialog>
  );
}
