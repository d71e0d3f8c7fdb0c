// "Postmortems that are owed": the policy (which severities need a signed-off postmortem, and within how many
// business days of the incident's end) and, per incident, whether one is owed and by which day. Pure: the list, the
// report page and the API compute it in TypeScript; the reminder planner uses the same day rule in SQL (dueDaySql in
// lib/time/business-days-sql.ts).
import type { PostmortemDue } from "@/lib/incidents/schema";
import type { Settings } from "@/lib/settings/schema";
import { addBusinessDays } from "@/lib/time/business-days";
import { calendarDayAt, calendarDaysBetween } from "@/lib/time/calendar-day";

export type PostmortemPolicy = { severities: string[]; businessDays: number };

/** How many of the scale's most severe entries require a postmortem when the setting is not set. */
const DEFAULT_REQUIRED_COUNT = 2;

/**
 * The policy from the settings. `postmortem.requiredSeverities` null means the two most severe of the scale; names
 * not on the scale are ignored (matched ignoring case, returned as the scale spells them, in the scale's order), so a
 * list whose names have all left the scale requires no postmortem at all.
 */
export function postmortemPolicy(
  settings: Pick<Settings, "severity.scale" | "postmortem.requiredSeverities" | "postmortem.dueBusinessDays">,
): PostmortemPolicy {
  const scale = settings["severity.scale"];
  const configured = settings["postmortem.requiredSeverities"];
  const wanted = configured === null ? null : new Set(configured.map((name) => name.toLowerCase()));
  return {
    severities: wanted === null ? scale.slice(0, DEFAULT_REQUIRED_COUNT) : scale.filter((name) => wanted.has(name.toLowerCase())),
    businessDays: settings["postmortem.dueBusinessDays"],
  };
}

export type PostmortemDueFacts = {
  severity: string;
  endedAt: Date | null;
  reportState: string;
  /** the report author's zone; null when the incident has no author */
  authorTimeZone: string | null;
  /** the incident's own zone, used when there is no author */
  timeZone: string;
};

/**
 * Null unless a postmortem is owed: the severity is one the policy requires, the incident has ended, and the report is
 * not approved. Days are counted in the author's zone (else the incident's): the due day is the end's local day plus
 * the policy's business days (addBusinessDays: a weekend end counts from the Monday after); "due" while today in that
 * zone is on or before it (`days` to go, 0 = today), "overdue" after (`days` calendar days late).
 */
export function postmortemDue(incident: PostmortemDueFacts, policy: PostmortemPolicy, now: Date): PostmortemDue | null {
  if (!incident.endedAt || incident.reportState === "APPROVED" || !policy.severities.includes(incident.severity)) return null;
  const zone = incident.authorTimeZone ?? incident.timeZone;
  const dueDay = addBusinessDays(calendarDayAt(incident.endedAt, zone), policy.businessDays);
  const days = calendarDaysBetween(calendarDayAt(now, zone), dueDay);
  return days >= 0 ? { dueDay, state: "due", days } : { dueDay, state: "overdue", days: -days };
}

/** "Postmortem due in 2 days", "Postmortem due today", "Postmortem overdue by 1 day". */
export function describePostmortemDue(due: PostmortemDue): string {
  const dayCount = `${due.days} day${due.days === 1 ? "" : "s"}`;
  if (due.state === "overdue") return `Postmortem overdue by ${dayCount}`;
  return due.days === 0 ? "Postmortem due today" : `Postmortem due in ${dayCount}`;
}
