// How action-item values read in the UI. Pure data: used by server and client components alike.
import type { BadgeTone } from "@/components/ui/badge";
import type { ActionItemStatus, Priority } from "@/lib/incidents/enums";
import type { ActionItemColumn } from "@/lib/action-items/schema";
import { zoneFormatter } from "@/lib/time/zone";

export const STATUS_LABELS: Record<ActionItemStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  WONT_DO: "Won't do",
};

export const STATUS_TONES: Record<ActionItemStatus, BadgeTone> = {
  OPEN: "blue",
  IN_PROGRESS: "indigo",
  DONE: "green",
  WONT_DO: "gray",
};

export const PRIORITY_LABELS: Record<Priority, string> = {
  CRITICAL: "Critical",
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
};

export const PRIORITY_TONES: Record<Priority, BadgeTone> = {
  CRITICAL: "red",
  HIGH: "orange",
  MEDIUM: "yellow",
  LOW: "gray",
};

export const COLUMN_LABELS: Record<ActionItemColumn, string> = {
  title: "Action item",
  incident: "Incident",
  severity: "Severity",
  service: "Services",
  owner: "Owner",
  dueDate: "Due",
  priority: "Priority",
  status: "Status",
  tracker: "Tracker",
  createdAt: "Created",
};

/** A due date (calendar day YYYY-MM-DD) as people read it: "01 Dec 2024". Days have no time zone. */
export function formatDueDate(day: string | null): string {
  if (!day) return "—";
  return zoneFormatter("UTC", "en-GB", { year: "numeric", month: "short", day: "2-digit" }).format(new Date(`${day}T00:00:00Z`));
}

/** A tracker link as a short label: "jira.example.com · OPS-12". */
export function trackerLabel(url: string): string {
  try {
    const parsed = new URL(url);
    const last = parsed.pathname.split("/").filter(Boolean).at(-1);
    return last ? `${parsed.hostname} · ${decodeURIComponent(last)}` : parsed.hostname;
  } catch {
    return url;
  }
}
