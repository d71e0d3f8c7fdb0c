// Choices offered by the editor, with the words people use for them.
import {
  ACTION_ITEM_STATUSES,
  IMPACT_METRIC_KINDS,
  INCIDENT_STATUSES,
  LESSON_CATEGORIES,
  MILESTONES,
  PRIORITIES,
  TIMELINE_EVENT_KINDS,
  type Milestone,
} from "@/lib/incidents/enums";

const words = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ");

export const statusOptions = INCIDENT_STATUSES.map((value) => ({ value, label: words(value) }));
export const kindOptions = TIMELINE_EVENT_KINDS.map((value) => ({ value, label: words(value) }));
export const milestoneOptions: { value: Milestone | ""; label: string }[] = [
  { value: "", label: "—" },
  ...MILESTONES.map((value) => ({ value, label: words(value) })),
];
export const metricKindOptions = IMPACT_METRIC_KINDS.map((value) => ({ value, label: value === "USERS_AFFECTED" ? "Users affected" : words(value) }));
export const priorityOptions = PRIORITIES.map((value) => ({ value, label: words(value) }));
export const actionStatusOptions = ACTION_ITEM_STATUSES.map((value) => ({ value, label: value === "WONT_DO" ? "Won't do" : words(value) }));
export const lessonCategoryOptions = LESSON_CATEGORIES.map((value) => ({
  value,
  label: { GENERAL: "General", WENT_WELL: "Went well", WENT_WRONG: "Went wrong", LUCKY: "Where we got lucky" }[value],
}));
export const dataLossOptions = [
  { value: "unknown", label: "Unknown" },
  { value: "no", label: "No" },
  { value: "yes", label: "Yes" },
] as const;

export function severityOptions(scale: readonly string[], current: string) {
  const values = current && !scale.includes(current) ? [...scale, current] : scale;
  return values.map((value) => ({ value, label: value }));
}
