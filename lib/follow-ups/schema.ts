// Shapes that cross a boundary for follow-up reviews: scheduling one (date and time, attendees, note), changing it,
// and recording what it found. Times are ISO-8601 instants (UTC); the forms write wall-clock times in the viewer's
// zone, which `*FromForm` turn into instants before validation, so field errors keep the forms' field names.
import { z } from "zod";
import { wallClockToUtc } from "@/lib/follow-ups/wall-clock";
import { acceptedDateTime } from "@/lib/time/accepted-range";

const id = z.string().trim().min(1, "is required").max(100);
const instant = acceptedDateTime("must be a date and time");
const emptyToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const note = (max: number) =>
  z
    .preprocess(
      emptyToNull,
      z
        .string()
        .trim()
        .max(max, `must be at most ${max.toLocaleString("en-US")} characters`)
        .nullable(),
    )
    .default(null);
/** One value or several (a form sends one checkbox value as a string). */
const idList = z.preprocess(
  (value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]),
  z.array(id).max(200, "at most 200 people"),
);

export const scheduleFollowUpInput = z.object({
  /** database id or public id of the incident */
  incident: id,
  scheduledAt: instant,
  note: note(20_000),
  attendeeIds: idList.default([]),
});
export type ScheduleFollowUpInput = z.input<typeof scheduleFollowUpInput>;

export const updateFollowUpInput = z.object({
  id,
  /** the version the change was made against */
  version: z.coerce.number().int().min(1),
  scheduledAt: instant,
  note: note(20_000),
  attendeeIds: idList.default([]),
});
export type UpdateFollowUpInput = z.input<typeof updateFollowUpInput>;

export const measureOutcomeInput = z.object({
  preventiveMeasureId: id,
  effective: z.preprocess(
    (value) => (value === "yes" || value === "true" ? true : value === "no" || value === "false" ? false : value),
    z.boolean({ error: "Say whether it worked" }),
  ),
  note: note(5_000),
});

export const recordOutcomeInput = z
  .object({
    id,
    version: z.coerce.number().int().min(1),
    outcome: z.string({ error: "Write what the review found" }).trim().min(1, "Write what the review found").max(20_000, "must be at most 20,000 characters"),
    measures: z.array(measureOutcomeInput).max(200).default([]),
    furtherReviewNeeded: z.preprocess((value) => value === true || value === "true" || value === "on", z.boolean()).default(false),
    nextScheduledAt: z.preprocess(emptyToNull, instant.nullable()).default(null),
  })
  .superRefine((input, ctx) => {
    if (input.furtherReviewNeeded && !input.nextScheduledAt)
      ctx.addIssue({ code: "custom", path: ["nextScheduledAt"], message: "Pick the date of the next review" });
  });
export type RecordOutcomeInput = z.input<typeof recordOutcomeInput>;

// ---------------------------------------------------------------------------------------------------------------
// Forms

type FormValues = Record<string, unknown>;

/** A wall-clock value in the viewer's zone as an instant; what cannot be read is passed on for zod to name. */
function atInstant(value: unknown, timeZone: string): unknown {
  if (typeof value !== "string" || !value.trim()) return value;
  return wallClockToUtc(value, timeZone) ?? value;
}

export function scheduleFromForm(values: FormValues, timeZone: string): FormValues {
  return { ...values, scheduledAt: atInstant(values.scheduledAt, timeZone) };
}

/** `measures.0.preventiveMeasureId`, `measures.0.effective`, `measures.0.note` ... into a list. */
export function outcomeFromForm(values: FormValues, timeZone: string): FormValues {
  const measures: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(values)) {
    const match = /^measures\.(\d+)\.(preventiveMeasureId|effective|note)$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (index >= 200) continue;
    (measures[index] ??= {})[match[2]!] = value;
  }
  const rest = Object.fromEntries(Object.entries(values).filter(([key]) => !key.startsWith("measures.")));
  return { ...rest, measures: Array.from(measures, (entry) => entry ?? {}), nextScheduledAt: atInstant(values.nextScheduledAt, timeZone) };
}
