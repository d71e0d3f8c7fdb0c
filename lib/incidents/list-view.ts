// The incident list's view: search, filters, sort, page and columns, all in the URL so that a view can be
// bookmarked, shared and reloaded as it is. `parseIncidentListView` reads it leniently for the page (a hand-edited or
// outdated URL falls back field by field), `parseIncidentListViewStrict` strictly for GET /api/v1/incidents (a bad
// value is a 422 naming its parameter); `incidentListViewHref` writes it back without the defaults.
//
// Lists: `severity`, `service` (names, which may hold commas) repeat (`service=a&service=b`); `status` and `state`
// may also be written comma-separated. `from`/`to` are calendar days in the viewer's time zone, both included, on the
// incident's start.
import { z } from "zod";
import { enumList, flag, listOf, name, nullable, repeatedOf, valuesOf, viewField, wholeNumber, type SearchParamsInput } from "@/lib/api/search-params";
import { INCIDENT_STATUSES, REPORT_STATES, type IncidentStatus } from "@/lib/incidents/schema";
import { acceptedCalendarDay } from "@/lib/time/accepted-range";

export { REPORT_STATES };
export type ReportStateValue = (typeof REPORT_STATES)[number];

/** Every column of the list; its id is also its URL name (`cols=`). "incident" (title and id) is always shown. */
export const INCIDENT_COLUMNS = ["incident", "severity", "startedAt", "duration", "services", "author", "report", "actions"] as const;
export type IncidentColumn = (typeof INCIDENT_COLUMNS)[number];
export const DEFAULT_INCIDENT_COLUMNS: readonly IncidentColumn[] = ["incident", "severity", "startedAt", "duration", "services", "report", "actions"];

/** What the list can be ordered by (the API's `sort`). With a search and no `sort`, the best match comes first. */
export const INCIDENT_SORTS = ["startedAt", "severity", "title", "createdAt"] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export const INCIDENT_PAGE_SIZE = 25;
export const MAX_INCIDENT_PAGE = 10_000;

export type IncidentListView = {
  q: string | null;
  severity: string[];
  status: IncidentStatus[];
  state: ReportStateValue[];
  service: string[];
  /** YYYY-MM-DD in the viewer's zone, included */
  from: string | null;
  /** YYYY-MM-DD in the viewer's zone, included */
  to: string | null;
  /** a user id, or "me" */
  author: string | null;
  /** only incidents with an open action item past its due date */
  overdue: boolean;
  /** only private (true) or only shared (false) reports; null for both */
  private: boolean | null;
  /** null: by relevance when searching, else by start */
  sort: IncidentSort | null;
  order: "asc" | "desc";
  page: number;
  columns: IncidentColumn[];
};

export const DEFAULT_INCIDENT_VIEW: IncidentListView = {
  q: null,
  severity: [],
  status: [],
  state: [],
  service: [],
  from: null,
  to: null,
  author: null,
  overdue: false,
  private: null,
  sort: null,
  order: "desc",
  page: 1,
  columns: [...DEFAULT_INCIDENT_COLUMNS],
};

const calendarDay = acceptedCalendarDay();
const userRef = z
  .string()
  .trim()
  .regex(/^(me|[A-Za-z0-9_-]{1,100})$/, "must be me or a user id");
const privacy = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .optional()
  .transform((value) => (value === undefined ? null : value === "true" || value === "1"));

function viewSchema(lenient: boolean) {
  const field = viewField(lenient);
  const list = enumList(lenient);
  const names = (max: number, most: number) => {
    const one = name(max);
    return z
      .array(z.string())
      .optional()
      .transform((values, ctx) => {
        const kept: string[] = [];
        for (const value of values ?? []) {
          const parsed = one.safeParse(value);
          if (parsed.success) kept.push(parsed.data);
          else if (!lenient) ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "is not a name" });
        }
        if (kept.length > most && !lenient) ctx.addIssue({ code: "custom", message: `must name at most ${most}` });
        return [...new Set(kept)].slice(0, most);
      });
  };
  return z
    .object({
      // a search with a control character can match nothing (none is stored): the page drops it like any unreadable value
      q: field(nullable(name(200)), null),
      severity: names(50, 20),
      status: list(INCIDENT_STATUSES, "incident statuses"),
      state: list(REPORT_STATES, "report states"),
      service: names(200, 50),
      from: field(nullable(calendarDay), null),
      to: field(nullable(calendarDay), null),
      author: field(nullable(userRef), null),
      overdue: field(flag, false),
      private: field(privacy, null),
      sort: field(nullable(z.enum(INCIDENT_SORTS, { error: `must be one of ${INCIDENT_SORTS.join(", ")}` })), null),
      order: field(z.enum(["asc", "desc"], { error: "must be asc or desc" }).default("desc"), "desc"),
      page: field(wholeNumber(1, MAX_INCIDENT_PAGE).default(1), 1),
      columns: list(INCIDENT_COLUMNS, "columns").transform((columns) =>
        columns.length ? INCIDENT_COLUMNS.filter((column) => column === "incident" || columns.includes(column)) : [...DEFAULT_INCIDENT_COLUMNS],
      ),
    })
    .transform((view, ctx) => {
      if (view.from && view.to && view.to < view.from) {
        if (!lenient) ctx.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${view.from})` });
        return { ...view, from: view.to, to: view.from };
      }
      return view;
    });
}

const lenientViewSchema = viewSchema(true);
const strictViewSchema = viewSchema(false);

function rawView(input: SearchParamsInput) {
  const first = (key: string) => valuesOf(input, key)[0];
  return {
    q: first("q"),
    severity: repeatedOf(input, "severity"),
    status: listOf(input, "status"),
    state: listOf(input, "state"),
    service: repeatedOf(input, "service"),
    from: first("from"),
    to: first("to"),
    author: first("author"),
    overdue: first("overdue"),
    private: first("private"),
    sort: first("sort"),
    order: first("order"),
    page: first("page"),
    columns: listOf(input, "cols"),
  };
}

export function parseIncidentListView(input: SearchParamsInput): IncidentListView {
  return lenientViewSchema.parse(rawView(input));
}

/** The view an API request asks for, or the zod error naming each bad parameter. */
export function parseIncidentListViewStrict(input: SearchParamsInput) {
  return strictViewSchema.safeParse(rawView(input));
}

/** Whether the view narrows the list (a search or any filter), as opposed to sorting or paging it. */
export function isFiltered(view: IncidentListView): boolean {
  return Boolean(
    view.q ||
    view.severity.length ||
    view.status.length ||
    view.state.length ||
    view.service.length ||
    view.from ||
    view.to ||
    view.author ||
    view.overdue ||
    view.private !== null,
  );
}

/** The URL search params of a view, without the defaults, in a stable order. */
export function incidentListViewToSearchParams(view: IncidentListView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.q) params.set("q", view.q);
  for (const severity of view.severity) params.append("severity", severity);
  if (view.status.length) params.set("status", INCIDENT_STATUSES.filter((status) => view.status.includes(status)).join(","));
  if (view.state.length) params.set("state", REPORT_STATES.filter((state) => view.state.includes(state)).join(","));
  for (const service of view.service) params.append("service", service);
  if (view.from) params.set("from", view.from);
  if (view.to) params.set("to", view.to);
  if (view.author) params.set("author", view.author);
  if (view.overdue) params.set("overdue", "true");
  if (view.private !== null) params.set("private", String(view.private));
  if (view.sort) params.set("sort", view.sort);
  if (view.order !== DEFAULT_INCIDENT_VIEW.order) params.set("order", view.order);
  if (view.page !== 1) params.set("page", String(view.page));
  const columns = INCIDENT_COLUMNS.filter((column) => view.columns.includes(column));
  if (columns.join(",") !== DEFAULT_INCIDENT_COLUMNS.join(",")) params.set("cols", columns.join(","));
  return params;
}

/** `/incidents?...` for a view. */
export function incidentListViewHref(view: IncidentListView, path = "/incidents"): string {
  const query = incidentListViewToSearchParams(view).toString();
  return query ? `${path}?${query}` : path;
}

/** A changed view; a change of search, filter or sort goes back to the first page (page 7 of the old result means nothing). */
export function changeIncidentView(view: IncidentListView, patch: Partial<IncidentListView>): IncidentListView {
  const next = { ...view, ...patch };
  const reorders = (Object.keys(patch) as (keyof IncidentListView)[]).some((key) => key !== "page" && key !== "columns");
  return reorders && patch.page === undefined ? { ...next, page: 1 } : next;
}
