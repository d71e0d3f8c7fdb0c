// Instance settings: each key's type, rules and default in one place. Stored as JSON values in the Setting table;
// a key that was never saved (or whose stored value no longer passes its rules) reads as its default.
import { z } from "zod";
import { DEFAULT_SEVERITY_SCALE } from "@/lib/incidents/schema";

/** Forms send text: an empty field is "no number", not zero. */
const wholeNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" ? (value.trim() === "" ? Number.NaN : Number(value)) : value),
    z
      .number({ error: `Enter ${label} as a number.` })
      .int(`Enter ${label} as a whole number.`)
      .min(min, `Use at least ${min}.`)
      .max(max, `Use at most ${max.toLocaleString("en-US")}.`),
  );

/** Severity names as a list: forms send one per line (blank lines are layout, not empty names); the API a list. */
const severityNameList = (countProblem: (count: number) => string | null) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter(Boolean)
        : value,
    z.array(z.unknown(), { error: "List the severity names, one per line." }).transform((entries, context) => {
      const names = entries.map((entry) => (typeof entry === "string" ? entry.trim() : entry));
      const problems: string[] = [];
      names.forEach((name, index) => {
        if (typeof name !== "string") problems.push(`Entry ${index + 1} is not text.`);
        else if (name === "") problems.push(`Entry ${index + 1} is empty.`);
        else if (name.length > 50) problems.push(`“${name.slice(0, 20)}…” is longer than 50 characters.`);
        else if (names.findIndex((other) => typeof other === "string" && other.toLowerCase() === name.toLowerCase()) !== index) {
          problems.push(`“${name}” is listed twice.`);
        }
      });
      const countMessage = countProblem(names.length);
      if (countMessage) problems.unshift(countMessage);
      if (problems.length) {
        context.addIssue({ code: "custom", message: problems.join(" ") });
        return z.NEVER;
      }
      return names as string[];
    }),
  );

/**
 * Ordered, most severe first. Forms send one name per line; the API sends a list. Every problem is reported on the
 * key itself, naming the entry, so a form shows it under the one field that holds the whole list.
 */
export const severityScaleSchema = severityNameList((count) => (count < 2 || count > 8 ? `Use between 2 and 8 severities (this list has ${count}).` : null));

/**
 * Which severities require a postmortem, or null: "the two most severe of the scale", so the default follows the
 * scale when it changes. An empty field or list means null. Names are not checked against the scale here (it can
 * change later); readers (postmortemPolicy in lib/incidents/postmortem-due.ts) ignore a name that is not on it.
 */
export const requiredSeveritiesSchema = z.preprocess(
  (value) => (value === undefined || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0) ? null : value),
  severityNameList((count) => (count > 8 ? `List at most 8 severities (this list has ${count}).` : null)).nullable(),
);

/** An absolute http(s) address without a trailing slash; empty means "not set". */
export const baseUrlSchema = z.preprocess(
  (value) => (value === "" || value === undefined ? null : value),
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash;
      } catch {
        return false;
      }
    }, "Enter the address people open Hindsight at, like https://hindsight.example.com.")
    .transform((value) => value.replace(/\/+$/, ""))
    .nullable(),
);

/** A checkbox or a boolean: true, "on", "true" or "1" mean yes; false, "false", "0", "off" or "" mean no. */
const booleanSchema = z.union([z.boolean(), z.enum(["on", "true", "1", "off", "false", "0", ""]).transform((value) => ["on", "true", "1"].includes(value))], {
  error: "Choose yes or no.",
});

type SettingDefinition<S extends z.ZodType> = { schema: S; defaultValue: z.output<S>; label: string };
const setting = <S extends z.ZodType>(definition: SettingDefinition<S>) => definition;

export const SETTINGS = {
  "severity.scale": setting({
    schema: severityScaleSchema,
    defaultValue: [...DEFAULT_SEVERITY_SCALE],
    label: "Severity scale",
  }),
  "attachments.maxMb": setting({
    schema: wholeNumber("the size in MB", 1, 1024),
    defaultValue: 25,
    label: "Largest attachment (MB)",
  }),
  "reviews.allowSelfApproval": setting({
    schema: booleanSchema,
    defaultValue: false,
    label: "Authors may approve their own reports",
  }),
  "postmortem.requiredSeverities": setting({
    schema: requiredSeveritiesSchema,
    defaultValue: null,
    label: "Severities that require a postmortem (empty: the two most severe)",
  }),
  "postmortem.dueBusinessDays": setting({
    schema: wholeNumber("the number of business days", 1, 60),
    defaultValue: 5,
    label: "Postmortems are due this many business days after the incident ends",
  }),
  "reminders.dueSoonDays": setting({
    schema: wholeNumber("the number of days", 1, 90),
    defaultValue: 3,
    label: "Remind owners this many days before an action item is due",
  }),
  "reminders.followUpSoonDays": setting({
    schema: wholeNumber("the number of days", 1, 90),
    defaultValue: 3,
    label: "Remind attendees this many days before a follow-up review",
  }),
  "reminders.reviewWaitingDays": setting({
    schema: wholeNumber("the number of days", 1, 90),
    defaultValue: 2,
    label: "Remind reviewers after a report waits this many days",
  }),
  "reminders.overdueDailyDays": setting({
    schema: wholeNumber("the number of days", 0, 60),
    defaultValue: 7,
    label: "Remind owners of an overdue action item every day for this many days",
  }),
  "reminders.overdueRepeatDays": setting({
    schema: wholeNumber("the number of days", 1, 90),
    defaultValue: 7,
    label: "After that, remind them every this many days",
  }),
  "reminders.overdueDigestOnlyAfterDays": setting({
    schema: wholeNumber("the number of days", 1, 3650),
    defaultValue: 90,
    label: "Items overdue longer than this many days appear only in the weekly summary",
  }),
  "reminders.windowStartHour": setting({
    schema: wholeNumber("the hour", 0, 23),
    defaultValue: 8,
    label: "Send reminder mail from this hour (each recipient's own time zone)",
  }),
  "reminders.windowEndHour": setting({
    schema: wholeNumber("the hour", 1, 24),
    defaultValue: 18,
    label: "…until this hour",
  }),
  "reminders.windowWeekdaysOnly": setting({
    schema: booleanSchema,
    defaultValue: true,
    label: "Send reminder mail on weekdays only (Monday to Friday)",
  }),
  "instance.baseUrl": setting({
    schema: baseUrlSchema,
    defaultValue: null,
    label: "Address of this instance (for links in email)",
  }),
};

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]["schema"]> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(value: unknown): value is SettingKey {
  return typeof value === "string" && Object.hasOwn(SETTINGS, value);
}

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, structuredClone(SETTINGS[key].defaultValue)])) as Settings;
}

/** A stored value as its key's type, or the default when it no longer passes the key's rules (e.g. a tighter range). */
export function readStoredSetting<K extends SettingKey>(key: K, stored: unknown): Settings[K] {
  const parsed = SETTINGS[key].schema.safeParse(stored);
  return (parsed.success ? parsed.data : structuredClone(SETTINGS[key].defaultValue)) as Settings[K];
}

/**
 * A partial update: only the keys given change. Unknown keys are refused rather than ignored, so a typo in an API
 * call is an error, not a silent no-op. `expectedStamp` (from getEditableSettings) makes a stale form a conflict.
 */
export const updateSettingsInput = z.strictObject(
  {
    expectedStamp: z.string().max(64).optional(),
    ...Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTINGS[key].schema.optional()])),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `Unknown setting: ${issue.keys.join(", ")}. Known settings: ${SETTING_KEYS.join(", ")}.` : undefined,
  },
) as unknown as z.ZodType<Partial<Settings> & { expectedStamp?: string }, Partial<Record<SettingKey, unknown>> & { expectedStamp?: string }>;
export type UpdateSettingsInput = z.input<typeof updateSettingsInput>;
