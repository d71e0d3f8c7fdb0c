"use client";

// After the meeting: for each preventive measure, did it work (with a note); what the review found overall; and
// whether a further review is needed, with its date.
import { useActionState, useState } from "react";
import { Field, FormMessage, Input, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import type { FollowUpFormAction } from "@/components/follow-ups/schedule-form";

export function OutcomeForm({
  action,
  review,
  measures,
  timeZone,
}: {
  action: FollowUpFormAction;
  review: { id: string; version: number };
  measures: { id: string; text: string }[];
  timeZone: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const values = failed?.values ?? {};
  const [furtherReview, setFurtherReview] = useState(values.furtherReviewNeeded === "on");
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="follow-up-outcome-form">
      <FormMessage message={failed?.message} />
      <input type="hidden" name="id" value={review.id} />
      <input type="hidden" name="version" value={review.version} />
      {measures.length ? (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-700">Preventive measures</legend>
          {measures.map((measure, index) => {
            const name = `measures.${index}`;
            const error = errors[`${name}.effective`] ?? errors[`${name}.preventiveMeasureId`];
            return (
              <div key={measure.id} className="rounded-md p-3 ring-1 ring-inset ring-slate-200" role="group" aria-label={measure.text}>
                <input type="hidden" name={`${name}.preventiveMeasureId`} value={measure.id} />
                <p className="text-sm font-medium">{measure.text}</p>
                <div className="mt-2 flex flex-wrap gap-4 text-sm">
                  <label className="flex items-center gap-1.5">
                    <input type="radio" name={`${name}.effective`} value="yes" defaultChecked={values[`${name}.effective`] === "yes"} className="h-4 w-4" />
                    Effective
                  </label>
                  <label className="flex items-center gap-1.5">
                    <input type="radio" name={`${name}.effective`} value="no" defaultChecked={values[`${name}.effective`] === "no"} className="h-4 w-4" />
                    Not effective
                  </label>
                </div>
                <input
                  name={`${name}.note`}
                  aria-label={`Note on ${measure.text}`}
                  placeholder="What showed it (or didn't)"
                  defaultValue={values[`${name}.note`] ?? ""}
                  className={`${inputClass} mt-2`}
                />
                {error ? <p className="mt-1 text-sm text-red-700">{error}</p> : null}
              </div>
            );
          })}
        </fieldset>
      ) : (
        <p className="text-sm text-slate-500">The report lists no preventive measures.</p>
      )}
      <Field label="Outcome" name="outcome" error={errors.outcome} hint="What the review found. Markdown.">
        <textarea
          id="outcome"
          name="outcome"
          rows={3}
          defaultValue={values.outcome ?? ""}
          className={inputClass}
          aria-invalid={errors.outcome ? true : undefined}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="furtherReviewNeeded"
          checked={furtherReview}
          onChange={(event) => setFurtherReview(event.target.checked)}
          className="h-4 w-4 rounded border-slate-300"
        />
        A further review is needed
      </label>
      {furtherReview ? (
        <Field label={`Next review (${timeZone})`} name="nextScheduledAt" error={errors.nextScheduledAt}>
          <Input name="nextScheduledAt" type="datetime-local" defaultValue={values.nextScheduledAt ?? ""} error={errors.nextScheduledAt} required />
        </Field>
      ) : null}
      <Button type="submit" disabled={pending}>
        Record outcome
      </Button>
    </form>
  );
}
