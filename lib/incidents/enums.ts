// The report's enums, apart from its zod schemas (lib/incidents/schema.ts) so that client components can use them
// without bringing zod into the browser's first load.
// The enums mirror prisma/schema.prisma; store.ts assigns them to the Prisma types, so a drift fails typechecking.
export const INCIDENT_STATUSES = ["INVESTIGATING", "IDENTIFIED", "MONITORING", "RESOLVED", "CLOSED"] as const;
export const TIMELINE_EVENT_KINDS = ["ALERT", "PAGE", "ACTION", "OBSERVATION", "MILESTONE"] as const;
export const MILESTONES = ["DETECTED", "MITIGATED", "RESOLVED"] as const;
export const IMPACT_METRIC_KINDS = [
  "ERROR_RATE",
  "LATENCY",
  "USERS_AFFECTED",
  "DELAY",
  "AVAILABILITY",
  "THROUGHPUT",
  "COUNT",
  "DURATION",
  "MONEY",
  "OTHER",
] as const;
export const LESSON_CATEGORIES = ["GENERAL", "WENT_WELL", "WENT_WRONG", "LUCKY"] as const;
export const ACTION_ITEM_STATUSES = ["OPEN", "IN_PROGRESS", "DONE", "WONT_DO"] as const;
export const PRIORITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export const REPORT_STATES = ["DRAFT", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED"] as const;

export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type TimelineEventKind = (typeof TIMELINE_EVENT_KINDS)[number];
export type Milestone = (typeof MILESTONES)[number];
export type ImpactMetricKind = (typeof IMPACT_METRIC_KINDS)[number];
export type LessonCategory = (typeof LESSON_CATEGORIES)[number];
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type ReportStateName = (typeof REPORT_STATES)[number];
