// The structured incident report as it crosses a boundary: the JSON API returns and accepts it, the text importer
// produces it, the exporters and the store consume it. Times are ISO-8601 strings normalised to UTC
// (`2024-11-27T14:23:00.000Z`), due dates are calendar days (`2024-12-01`). Ids are optional: a new report has none.
import { z } from "zod";
import type { ActionFailure } from "@/lib/actions/action-state";
import type { Json, Paged } from "@/lib/api/json";
import { daySchema, instantSchema, pagedSchema, personSchema, type SameShape } from "@/lib/api/schema";
import type { ReportState } from "@/lib/generated/prisma/client";
import { isValidTimeZone } from "@/lib/time/zone";
import { acceptedCalendarDay, acceptedDateTime } from "@/lib/time/accepted-range";
import { oneLine } from "@/lib/text/schema";
import {
  INCIDENT_STATUSES,
  TIMELINE_EVENT_KINDS,
  MILESTONES,
  IMPACT_METRIC_KINDS,
  LESSON_CATEGORIES,
  ACTION_ITEM_STATUSES,
  PRIORITIES,
  REPORT_STATES,
  type ReportStateName,
} from "@/lib/incidents/enums";

export const DEFAULT_SEVERITY_SCALE = ["Critical", "High", "Medium", "Low"] as const;

// The enums live apart, without zod, for client components (lib/incidents/enums.ts); server code may take them from here.
export * from "@/lib/incidents/enums";

// zod's pattern already refuses days that do not exist (2024-02-30) and knows leap years; lib/time/accepted-range
// refuses years outside 1970-2100 instead of letting JavaScript or the database rewrite them.
const utcDateTime = acceptedDateTime();

const calendarDay = acceptedCalendarDay();
const id = z.string().min(1).max(100).optional();
const most = (max: number) => `must have at most ${max.toLocaleString("en-US")} entries`;
// One-line fields (titles, names, labels) hold no control characters; multi-line text is only kept free of NUL
// (lib/actions/define-action.ts refuses that for every write).
const line = (max: number) => oneLine(z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`));
const optionalLine = (max: number) =>
  oneLine(z.string().trim().max(max, `must be at most ${max} characters`))
    .nullable()
    .default(null);
const markdown = z.string().max(100_000, "must be at most 100,000 characters").nullable().default(null);
const nullableTime = utcDateTime.nullable().default(null);
/** A line as the author wrote it, kept beside the values read from it (the report shows the author's words). */
const statement = z.string().trim().max(10_000, "must be at most 10,000 characters").nullable().default(null);

export const timelineEntrySchema = z.object({
  id,
  occurredAt: utcDateTime,
  text: z.string().trim().min(1, "must not be empty").max(10_000),
  kind: z.enum(TIMELINE_EVENT_KINDS).default("OBSERVATION"),
  milestone: z.enum(MILESTONES).nullable().default(null),
});

export const impactMetricSchema = z.object({
  id,
  kind: z.enum(IMPACT_METRIC_KINDS).default("OTHER"),
  label: line(200),
  value: z.number().finite("must be a finite number"),
  unit: optionalLine(40),
  baseline: z.number().finite("must be a finite number").nullable().default(null),
  baselineUnit: optionalLine(40),
  qualifier: optionalLine(100),
  statement,
  note: z.string().max(10_000).nullable().default(null),
});

export const impactSchema = z.object({
  usersAffected: z
    .number()
    .int("must be a whole number")
    .min(0, "must not be negative")
    .max(2_147_483_647, "must be at most 2,147,483,647")
    .nullable()
    .default(null),
  errorRate: z
    .number()
    .min(0, "must be a fraction between 0 and 1 (23% is 0.23)")
    .max(1, "must be a fraction between 0 and 1 (23% is 0.23)")
    .nullable()
    .default(null),
  dataLoss: z.boolean().nullable().default(null),
  dataLossNote: z.string().max(10_000).nullable().default(null),
  metrics: z.array(impactMetricSchema).max(200, most(200)).default([]),
});

export const lessonSchema = z.object({
  id,
  category: z.enum(LESSON_CATEGORIES).default("GENERAL"),
  text: z.string().trim().min(1, "must not be empty").max(10_000),
});

export const configurationEntrySchema = z.object({
  id,
  scope: optionalLine(200),
  key: line(500),
  value: z.string().trim().max(2_000),
  previousValue: optionalLine(2_000),
  statement,
  note: z.string().max(10_000).nullable().default(null),
});

export const deploymentChangeSchema = z.object({
  id,
  component: line(500),
  fromVersion: optionalLine(200),
  toVersion: optionalLine(200),
  statement,
  note: z.string().max(10_000).nullable().default(null),
});

export const actionItemSchema = z
  .object({
    id,
    title: line(500),
    description: z.string().max(20_000).nullable().default(null),
    /** the owner when they are a user here (the report, the editor and reminders go by it) */
    ownerEmail: z.email("must be an email address").nullable().default(null),
    /**
     * The owner as the report names them when no user matches ("@dba-team", "Jane Doe"): shown beside the item, never
     * reminded, never given access. Absent (not null) when there is none, so that reports without one read, hash and
     * compare as before the field existed. Choosing a user (ownerEmail) clears it.
     */
    ownerName: z.preprocess(
      (value) => (value === null || (typeof value === "string" && !value.trim()) ? undefined : value),
      oneLine(z.string().trim().max(200, "must be at most 200 characters")).optional(),
    ),
    dueDate: calendarDay.nullable().default(null),
    priority: z.enum(PRIORITIES).default("MEDIUM"),
    status: z.enum(ACTION_ITEM_STATUSES).default("OPEN"),
  })
  .superRefine((item, ctx) => {
    if (item.ownerEmail && item.ownerName) {
      ctx.addIssue({ code: "custom", path: ["ownerName"], message: "give the owner as a user's email or as a name, not both" });
    }
  });

export const followUpSchema = z.object({
  id,
  scheduledAt: utcDateTime,
  note: z.string().max(20_000).nullable().default(null),
});

export const extraSectionSchema = z.object({
  heading: line(300),
  body: z.string().max(100_000),
});

const itemList = (max: number) => z.array(z.string().trim().min(1, "must not be empty").max(10_000)).max(max, most(max)).default([]);

export const reportDocumentSchema = z
  .object({
    id,
    publicId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may contain only letters, digits, '.', '_' and '-'")
      .optional(),
    title: line(300),
    severity: line(50),
    impactSummary: z.string().max(10_000).nullable().default(null),
    status: z.enum(INCIDENT_STATUSES).default("INVESTIGATING"),
    private: z.boolean().default(false),
    timeZone: z.string().refine(isValidTimeZone, "must be an IANA time zone such as UTC or Europe/Berlin").default("UTC"),
    startedAt: nullableTime,
    endedAt: nullableTime,
    detectedAt: nullableTime,
    mitigatedAt: nullableTime,
    resolvedAt: nullableTime,
    summary: markdown,
    rootCause: markdown,
    trigger: markdown,
    detection: markdown,
    supportingInfo: markdown,
    timeline: z.array(timelineEntrySchema).max(10_000, most(10_000)).default([]),
    contributingFactors: itemList(200),
    impact: impactSchema.default({
      usersAffected: null,
      errorRate: null,
      dataLoss: null,
      dataLossNote: null,
      metrics: [],
    }),
    resolutionSteps: itemList(200),
    preventiveMeasures: itemList(200),
    lessonsLearned: z.array(lessonSchema).max(200, most(200)).default([]),
    services: z.array(line(10_000)).max(100, most(100)).default([]),
    configuration: z.array(configurationEntrySchema).max(500, most(500)).default([]),
    deploymentChanges: z.array(deploymentChangeSchema).max(500, most(500)).default([]),
    actionItems: z.array(actionItemSchema).max(500, most(500)).default([]),
    followUp: followUpSchema.nullable().default(null),
    attachmentsListed: itemList(200),
    preparedBy: optionalLine(500),
    reviewedBy: optionalLine(500),
    extraSections: z.array(extraSectionSchema).max(200, most(200)).default([]),
  })
  .superRefine((doc, ctx) => {
    const start = doc.startedAt ? Date.parse(doc.startedAt) : null;
    if (start !== null) {
      for (const field of ["endedAt", "detectedAt", "mitigatedAt", "resolvedAt"] as const) {
        const value = doc[field];
        if (value && Date.parse(value) < start) {
          const what = field === "endedAt" ? "the end" : field.replace("At", "").replace(/^./, (c) => `the ${c}`) + " time";
          ctx.addIssue({
            code: "custom",
            path: [field],
            message: `${what} (${value}) is before the start (${doc.startedAt})`,
          });
        }
      }
    }
    const seen = new Map<string, number>();
    doc.services.forEach((name, index) => {
      const key = name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["services", index], message: `"${name}" is listed twice (also at ${first})` });
      } else seen.set(key, index);
    });
  });

export type ReportDocument = z.output<typeof reportDocumentSchema>;
export type ReportDocumentInput = z.input<typeof reportDocumentSchema>;
export type TimelineEntry = z.output<typeof timelineEntrySchema>;
export type ImpactMetric = z.output<typeof impactMetricSchema>;
export type Impact = z.output<typeof impactSchema>;
export type Lesson = z.output<typeof lessonSchema>;
export type ConfigurationEntry = z.output<typeof configurationEntrySchema>;
export type DeploymentChange = z.output<typeof deploymentChangeSchema>;
export type ActionItem = z.output<typeof actionItemSchema>;
export type FollowUp = z.output<typeof followUpSchema>;
export type ExtraSection = z.output<typeof extraSectionSchema>;

// ---------------------------------------------------------------------------------------------------------------
// What crosses between the editor (a client component) and the save action (lib/incidents/mutations.ts): declared
// here so that neither side copies the other's shape, and the client never imports the server module.

export type LastEditor = { name: string; email: string };

/** What a ConflictError from updateReport carries in `details`: the report as it is stored now. */
export type ReportConflictDetails = {
  currentVersion: number;
  current: ReportDocument;
  /** ISO time of the stored version */
  updatedAt: string;
  updatedBy?: LastEditor;
};

export function isReportConflictDetails(value: unknown): value is ReportConflictDetails {
  const details = value as Partial<ReportConflictDetails> | null;
  return Boolean(details && typeof details.currentVersion === "number" && details.current && typeof details.updatedAt === "string");
}

/** A report as the editor opens it: the document and the version a save must name. */
export type EditableReport = {
  id: string;
  publicId: string;
  version: number;
  reportState: ReportState;
  templateId: string | null;
  updatedAt: string;
  updatedBy?: LastEditor;
  document: ReportDocument;
};

export type SavedReport = { id: string; publicId: string; version: number; updatedAt: string; document: ReportDocument };

/** What the editor sends to save, and what comes back: the stored report, or a failure (with the stored report on a conflict). */
export type SaveReportInput = { id: string; expectedVersion: number; document: ReportDocument };
export type SaveReportResult = { ok: true; saved: SavedReport } | (ActionFailure & { conflict?: ReportConflictDetails });

// ---------------------------------------------------------------------------------------------------------------
// The incident list (the /incidents page and GET /api/v1/incidents) and the API's answers about reports

/**
 * A postmortem the policy requires and that is not signed off yet (lib/incidents/postmortem-due.ts): its due day in the
 * author's zone, and whether today (same zone) is on or before it ("due" in `days` days, 0 = today) or after it
 * ("overdue" by `days` calendar days).
 */
export type PostmortemDue = { dueDay: string; state: "due" | "overdue"; days: number };

/** One incident as the list shows it. */
export type IncidentListRow = {
  id: string;
  publicId: string;
  title: string;
  severity: string;
  status: string;
  reportState: string;
  private: boolean;
  startedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  services: string[];
  openActionItems: number;
  /** open action items past their due date, on the viewer's today */
  overdueActionItems: number;
  authorId: string | null;
  authorName: string | null;
  /** null when no postmortem is owed (not a required severity, not ended, or approved) */
  postmortemDue: PostmortemDue | null;
  /** when searching: where the search matched, HTML-escaped, each match in <mark></mark>; else null */
  snippet: string | null;
};

/** GET /api/v1/incidents: the list without the author's name (the page shows it; the API answers with ids and facts). */
export type IncidentListItem = Json<Omit<IncidentListRow, "authorName">>;
export type IncidentListResponse = Paged<IncidentListItem>;

export function toIncidentListItem({ authorName: _authorName, startedAt, endedAt, createdAt, ...row }: IncidentListRow): IncidentListItem {
  return { ...row, startedAt: startedAt?.toISOString() ?? null, endedAt: endedAt?.toISOString() ?? null, createdAt: createdAt.toISOString() };
}

/** GET /api/v1/incidents/{id}: the whole report (the JSON export's shape) with version, review state, sign-off. */
export type IncidentResponse = z.output<typeof incidentResponseSchema>;

/** POST /api/v1/incidents/import (201); with ?dryRun=1 the answer is the parser's own ParseReportResult. */
export type ImportResponse = { id: string; publicId: string; url: string; warnings: string[] };

// ---------------------------------------------------------------------------------------------------------------
// The REST API's report: the document with its version, review state and sign-off (GET, POST and PATCH
// /api/v1/incidents[/{id}]), and the shapes that change it. Answers are typed by these schemas; the OpenAPI document
// is generated from them (lib/api/openapi.ts).

true satisfies SameShape<ReportStateName, ReportState>;

/** The latest sign-off whose signed revision is intact (lib/reviews/revisions.ts), or null. */
export const signOffSummarySchema = z
  .object({
    by: personSchema.nullable().meta({ description: "The reviewer who signed off; null when that user was deleted" }),
    at: instantSchema,
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .meta({ description: "SHA-256 (hex) of the signed revision's canonical JSON (keys sorted, list-entry ids left out)" }),
    revision: z.number().int().meta({ description: "The signed revision's number (GET /api/v1/incidents/{id}/revisions)" }),
    matchesCurrent: z.boolean().meta({ description: "The report as stored now still hashes to `sha256`" }),
  })
  .meta({ id: "SignOff" });
export type SignOffSummary = z.output<typeof signOffSummarySchema>;

export const incidentResponseSchema = z
  .object({
    ...reportDocumentSchema.shape,
    id: z.string().meta({ description: "Database id" }),
    publicId: z.string().meta({ description: "Human id such as INC-2024-1127-001; either id names the incident in a path" }),
    version: z.number().int().meta({ description: "Send it back with a change: a change made against an older version is a 409" }),
    reportState: z.enum(REPORT_STATES).meta({ description: "Review state; changed through /submit, /approve, /request-changes, /reopen" }),
    signOff: signOffSummarySchema.nullable(),
  })
  .meta({ id: "Incident", description: "The whole structured report (the JSON export's shape) with its version, review state and sign-off" });

/** `schema`'s fields, each optional and without its default: a PATCH names only what it changes. */
function changeableFields<Shape extends z.ZodRawShape>(shape: Shape) {
  // Object.fromEntries loses the keys' types: the mapped type below restores them (what the loop does, key by key).
  return Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional()]),
  ) as unknown as { [Key in keyof Shape]: z.ZodOptional<Shape[Key] extends z.ZodDefault<infer Inner> ? Inner : Shape[Key]> };
}

const { id: _documentId, ...documentFields } = reportDocumentSchema.shape;
const readOnlyField = (what: string) =>
  z
    .unknown()
    .optional()
    .meta({ description: `Read-only (${what}); ignored, so that a GET answer can be sent back whole` });
const versionField = z.number({ error: "must be the report's version, a whole number" }).int().min(1);

/** PATCH /api/v1/incidents/{id}: `version` and the fields to change. Unknown fields are refused, naming them. */
export const reportPatchSchema = z
  .strictObject({
    version: versionField.meta({ description: "The version the change was made against (from GET); a stale one is a 409 with the stored report" }),
    ...changeableFields(documentFields),
    reportState: readOnlyField("changed through the review endpoints"),
    signOff: readOnlyField("set by an approval"),
  })
  .meta({ id: "IncidentPatch" });

/** POST /api/v1/incidents: a new report, the document itself, optionally started from a template. */
export const createIncidentBodySchema = z
  .strictObject({
    ...reportDocumentSchema.shape,
    templateId: z.string().trim().min(1).max(100).nullish().meta({ description: "The template the report was started from; unknown ids are ignored" }),
  })
  .meta({ id: "NewIncident" });

// Timeline events one by one (the editor saves the whole timeline with the report). Each change is a save of the
// report: it names the report's `version` and gets the new one back.

export const timelineEventSchema = z
  .object({
    id: z.string(),
    occurredAt: instantSchema,
    text: z.string(),
    kind: z.enum(TIMELINE_EVENT_KINDS),
    milestone: z.enum(MILESTONES).nullable().meta({ description: "DETECTED, MITIGATED or RESOLVED: sets the report's detectedAt, mitigatedAt, resolvedAt" }),
  })
  .meta({ id: "TimelineEvent" });
true satisfies SameShape<Required<TimelineEntry>, z.output<typeof timelineEventSchema>>;
export type TimelineEventResponse = z.output<typeof timelineEventSchema>;

/** GET /api/v1/incidents/{id}/timeline: in time order, with the report's version a change must name. */
export const timelineListResponseSchema = z.object({ items: z.array(timelineEventSchema), version: z.number().int() });
export type TimelineListResponse = z.output<typeof timelineListResponseSchema>;

/** POST and PATCH .../timeline[/{eventId}]: the event as stored and the report's new version. */
export const timelineEventChangeResponseSchema = z.object({ event: timelineEventSchema, version: z.number().int() });
export type TimelineEventChangeResponse = z.output<typeof timelineEventChangeResponseSchema>;

/** DELETE .../timeline/{eventId}: the report's new version. */
export const versionResponseSchema = z.object({ version: z.number().int() });
export type VersionResponse = z.output<typeof versionResponseSchema>;

const { id: _entryId, ...timelineFields } = timelineEntrySchema.shape;

/** POST /api/v1/incidents/{id}/timeline. Without `version` the event is added to the report as it is. */
export const newTimelineEventSchema = z.strictObject({
  ...timelineFields,
  version: versionField.optional().meta({ description: "When given, a report changed since is a 409 instead of the event being added" }),
});

/** PATCH /api/v1/incidents/{id}/timeline/{eventId}: `version` and the fields to change. */
export const timelineEventPatchSchema = z.strictObject({ version: versionField, ...changeableFields(timelineFields) });

// GET /api/v1/incidents and POST /api/v1/incidents/import, as zod schemas for the OpenAPI document.

export const incidentListItemSchema = z
  .object({
    id: z.string(),
    publicId: z.string(),
    title: z.string(),
    severity: z.string(),
    status: z.string().meta({ description: INCIDENT_STATUSES.join(", ") }),
    reportState: z.string().meta({ description: REPORT_STATES.join(", ") }),
    private: z.boolean(),
    startedAt: instantSchema.nullable(),
    endedAt: instantSchema.nullable(),
    createdAt: instantSchema,
    services: z.array(z.string()),
    openActionItems: z.number().int(),
    overdueActionItems: z.number().int().meta({ description: "Open action items past their due date, on the caller's today" }),
    authorId: z.string().nullable(),
    postmortemDue: z
      .object({ dueDay: daySchema, state: z.enum(["due", "overdue"]), days: z.number().int() })
      .nullable()
      .meta({ description: "The postmortem the policy requires and that is not signed off yet; null when none is owed" }),
    snippet: z.string().nullable().meta({ description: "With `q`: where the search matched, HTML-escaped, each match in <mark></mark>" }),
  })
  .meta({ id: "IncidentListItem" });
true satisfies SameShape<IncidentListItem, z.output<typeof incidentListItemSchema>>;

export const incidentListResponseSchema = pagedSchema(incidentListItemSchema);
true satisfies SameShape<IncidentListResponse, z.output<typeof incidentListResponseSchema>>;

export const importResponseSchema = z.object({
  id: z.string(),
  publicId: z.string(),
  url: z.string().meta({ description: "The report's page in the app" }),
  warnings: z.array(z.string()).meta({ description: "What the importer guessed or could not read; a converted file's notes first" }),
});
true satisfies SameShape<ImportResponse, z.output<typeof importResponseSchema>>;
