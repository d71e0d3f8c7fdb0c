"use client";

// Scheduling a follow-up review, or changing the one scheduled: date and time in the viewer's zone, attendees, note.
import { useActionState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { Person } from "@/lib/follow-ups/queries";
import { Field, FormMessage, Input, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { PeoplePicker } from "@/components/ui/people-picker";

export type FollowUpFormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

export function ScheduleForm({
  action,
  people,
  timeZone,
  target,
  initial,
}: {
  action: FollowUpFormAction;
  people: Person[];
  timeZone: string;
  /** a new review for an incident, or a change to a scheduled one */
  target: { incident: string } | { id: string; version: number };
  initial?: { scheduledAt: string; note: string | null; attendeeIds: string[] };
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const prefix = "id" in target ? "change" : "schedule";
  const attending = new Set(initial?.attendeeIds ?? []);
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid={`${prefix}-follow-up-form`}>
      {failed ? <FormMessage message={failed.message} /> : state?.ok ? <FormMessage tone="success" message={state.message} /> : null}
      {"id" in target ? (
        <>
          <input type="hidden" name="id" value={target.id} />
          <input type="hidden" name="version" value={target.version} />
        </>
      ) : (
        <input type="hidden" name="incident" value={target.incident} />
      )}
      <Field label={`Date and time (${timeZone})`} name={`${prefix}-scheduledAt`} error={errors.scheduledAt}>
        <Input
          id={`${prefix}-scheduledAt`}
          name="scheduledAt"
          type="datetime-local"
          defaultValue={failed?.values?.scheduledAt ?? initial?.scheduledAt ?? ""}
          error={errors.scheduledAt}
          required
        />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Attendees</legend>
        <div className="mt-1">
          <PeoplePicker name="attendeeIds" label="Attendees" people={people} initial={[...attending]} />
        </div>
        {errors.attendeeIds ? <p className="mt-1 text-sm text-red-700">{errors.attendeeIds}</p> : null}
      </fieldset>
      <Field label="Note" name={`${prefix}-note`} error={errors.note} hint="What the review should look at. Markdown.">
        <textarea id={`${prefix}-note`} name="note" rows={2} defaultValue={failed?.values?.note ?? initial?.note ?? ""} className={inputClass} />
      </Field>
      <Button type="submit" disabled={pending}>
        {"id" in target ? "Save changes" : "Schedule review"}
      </Button>
    </form>
  );
}
