// Where each chart's bars lead: the incident list (or the action-item table) filtered to what the bar shows. The
// list reads `severity`, `service`, `state`, `q` and `from`/`to` (inclusive days in the viewer's zone, on the
// incident's start); the action-item table reads `overdue=1`, `status`, `severity` and `service`.
import { clipMonth, type Month } from "@/lib/insights/months";
import type { InsightsFilter } from "@/lib/insights/schema";

type ListScope = {
  /** narrow the period to this month (clipped to the filter's period) */
  month?: Month;
  severity?: string;
  service?: string;
  state?: "DRAFT" | "IN_REVIEW" | "CHANGES_REQUESTED" | "APPROVED";
  q?: string;
};

/** The incident list showing the incidents behind a bar: the page's filter, narrowed by `scope`. */
export function incidentListHref(filter: InsightsFilter, scope: ListScope = {}): string {
  const period = scope.month ? clipMonth(scope.month, filter.from, filter.to) : { from: filter.from, to: filter.to };
  const params = new URLSearchParams();
  if (scope.q) params.set("q", scope.q);
  const severity = scope.severity ?? filter.severity;
  if (severity) params.set("severity", severity);
  const service = scope.service ?? filter.service;
  if (service) params.set("service", service);
  if (scope.state) params.set("state", scope.state);
  params.set("from", period.from);
  params.set("to", period.to);
  return `/incidents?${params}`;
}

/**
 * The action-item table for the page's service and severity. It filters by the item's state today, not by the
 * incident's start, so a period cannot be carried over: an overdue bar leads to the items overdue now.
 */
export function actionItemsHref(filter: InsightsFilter, scope: { overdue?: boolean; status?: string[] } = {}): string {
  const params = new URLSearchParams();
  if (scope.overdue) params.set("overdue", "1");
  if (scope.status?.length) params.set("status", scope.status.join(","));
  if (filter.severity) params.set("severity", filter.severity);
  if (filter.service) params.set("service", filter.service);
  const query = params.toString();
  return query ? `/action-items?${query}` : "/action-items";
}
