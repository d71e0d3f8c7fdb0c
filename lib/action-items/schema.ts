// Shapes that cross a boundary for action items: the table's view (its URL search params: filters, sort, page,
// columns), the inline update, and a new item added from the action-items page.
//
// The view lives in the URL so that it can be shared: `parseActionItemView` reads it (leniently for pages: a
// hand-edited or outdated URL falls back to defaults field by field; strictly for the API: a bad value is a 422 with
// its field), and `actionItemViewToSearchParams` writes it back, leaving out what equals the default.
import { z } from "zod";
import { daySchema, instantSchema, personSchema, type SameShape } from "@/lib/api/schema";
export type { SearchParamsInput } from "@/lib/api/search-params";
import { enumList, flag, listOf, name, nullable, valuesOf, viewField, wholeNumber, type SearchParamsInput } from "@/lib/api/search-params";
import { oneLine } from "@/lib/text/schema";
import { acceptedCalendarDay } from "@/lib/time/accepted-range";
import { ACTION_ITEM_STATUSES, PRIORITIES, type ActionItemStatus, type Priority } from "@/lib/incidents/schema";

export { ACTION_ITEM_STATUSES, PRIORITIES };

/** Every column of the table; its id is also its URL name. */
export const ACTION_ITEM_COLUMNS = ["title", "incident", "severity", "service", "owner", "dueDate", "priority", "status", "tracker", "createdAt"] as const;
export type ActionItemColumn = (typeof ACTION_ITEM_COLUMNS)[number];

/** Columns the database can order by (severity and service are lists or configurable scales: no useful order). */
export const SORTABLE_COLUMNS = ["title", "incident", "owner", "dueDate", "priority", "status", "createdAt"] as const;
export type SortableColumn = (typeof SORTABLE_COLUMNS)[number];

export const DEFAULT_COLUMNS: readonly ActionItemColumn[] = ["title", "incident", "owner", "dueDate", "priority", "status", "tracker"];
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const MAX_DUE_WITHIN_DAYS = 365;

export type ActionItemView = {
  /** "me", "unassigned", a user id, or null for anyone */
  owner: string | null;
  /** empty: any status */
  status: ActionItemStatus[];
  overdue: boolean;
  /** still to do and due within this many days from today */
  dueWithin: number | null;
  severity: string | null;
  /** a service name, as in the catalog */
  service: string | null;
  /** an incident's public id */
  incident: string | null;
  sort: SortableColumn;
  order: "asc" | "desc";
  page: number;
  size: PageSize;
  /** visible columns, in table order; "title" is always one */
  columns: ActionItemColumn[];
};

export const DEFAULT_VIEW: ActionItemView = {
  owner: null,
  status: [],
  overdue: false,
  dueWithin: null,
  severity: null,
  service: null,
  incident: null,
  sort: "dueDate",
  order: "asc",
  page: 1,
  size: 25,
  columns: [...DEFAULT_COLUMNS],
};

const userRef = z
  .string()
  .trim()
  .regex(/^(me|unassigned|[A-Za-z0-9_-]{1,100})$/, "must be me, unassigned or a user id");
function viewSchema(lenient: boolean) {
  const field = viewField(lenient);
  const list = enumList(lenient);
  return z.object({
    owner: field(nullable(userRef), null),
    status: list(ACTION_ITEM_STATUSES, "statuses"),
    overdue: field(flag, false),
    dueWithin: field(nullable(wholeNumber(1, MAX_DUE_WITHIN_DAYS)), null),
    severity: field(nullable(name(50)), null),
    service: field(nullable(name(200)), null),
    incident: field(
      nullable(
        z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be an incident id such as INC-2024-1127-001"),
      ),
      null,
    ),
    sort: field(z.enum(SORTABLE_COLUMNS).default(DEFAULT_VIEW.sort), DEFAULT_VIEW.sort),
    order: field(z.enum(["asc", "desc"]).default(DEFAULT_VIEW.order), DEFAULT_VIEW.order),
    page: field(wholeNumber(1, 100_000).default(1), 1),
    size: field(
      z.coerce
        .number()
        .refine((value): value is PageSize => (PAGE_SIZES as readonly number[]).includes(value), `must be one of ${PAGE_SIZES.join(", ")}`)
        .default(DEFAULT_VIEW.size)
        .transform((value) => value as PageSize),
      DEFAULT_VIEW.size,
    ),
    columns: list(ACTION_ITEM_COLUMNS, "columns").transform((columns) =>
      columns.length ? ACTION_ITEM_COLUMNS.filter((column) => column === "title" || columns.includes(column)) : [...DEFAULT_COLUMNS],
    ),
  });
}

const lenientViewSchema = viewSchema(true);
/** The strict form, for the API: unknown values are errors with their field path. */
export const actionItemViewSchema = viewSchema(false);

function rawView(input: SearchParamsInput) {
  const first = (key: string) => valuesOf(input, key)[0];
  return {
    owner: first("owner"),
    status: listOf(input, "status"),
    overdue: first("overdue"),
    dueWithin: first("dueWithin"),
    severity: first("severity"),
    service: first("service"),
    incident: first("incident"),
    sort: first("sort"),
    order: first("order"),
    page: first("page"),
    size: first("size"),
    columns: listOf(input, "cols"),
  };
}

/** The view a page shows for its URL: anything unreadable falls back to its default. */
export function parseActionItemView(input: SearchParamsInput): ActionItemView {
  return lenientViewSchema.parse(rawView(input));
}

/** The view an API request asks for, or the zod error naming each bad parameter. */
export function parseActionItemViewStrict(input: SearchParamsInput) {
  return actionItemViewSchema.safeParse(rawView(input));
}

/** The URL search params of a view, without the defaults, in a stable order. */
export function actionItemViewToSearchParams(view: ActionItemView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.owner) params.set("owner", view.owner);
  if (view.status.length) params.set("status", ACTION_ITEM_STATUSES.filter((status) => view.status.includes(status)).join(","));
  if (view.overdue) params.set("overdue", "1");
  if (view.dueWithin !== null) params.set("dueWithin", String(view.dueWithin));
  if (view.severity) params.set("severity", view.severity);
  if (view.service) params.set("service", view.service);
  if (view.incident) params.set("incident", view.incident);
  if (view.sort !== DEFAULT_VIEW.sort || view.order !== DEFAULT_VIEW.order) {
    params.set("sort", view.sort);
    params.set("order", view.order);
  }
  if (view.page !== 1) params.set("page", String(view.page));
  if (view.size !== DEFAULT_VIEW.size) params.set("size", String(view.size));
  const columns = ACTION_ITEM_COLUMNS.filter((column) => view.columns.includes(column));
  if (columns.join(",") !== DEFAULT_COLUMNS.join(",")) params.set("cols", columns.join(","));
  return params;
}

/** `/action-items?...` for a view. */
export function actionItemViewHref(view: ActionItemView, path = "/action-items"): string {
  const query = actionItemViewToSearchParams(view).toString();
  return query ? `${path}?${query}` : path;
}

/** A changed view; a change of filter, sort or page size goes back to the first page (page 7 of the old result means nothing). */
export function changeView(view: ActionItemView, patch: Partial<ActionItemView>): ActionItemView {
  const next = { ...view, ...patch };
  const reorders = (Object.keys(patch) as (keyof ActionItemView)[]).some((key) => key !== "page" && key !== "columns");
  return reorders && patch.page === undefined ? { ...next, page: 1 } : next;
}

/** "My action items" and "Overdue": the default view with one filter, keeping the reader's columns and page size. */
export function quickView(view: ActionItemView, which: "all" | "mine" | "overdue"): ActionItemView {
  const base: ActionItemView = { ...DEFAULT_VIEW, columns: view.columns, size: view.size };
  if (which === "mine") return { ...base, owner: "me" };
  if (which === "overdue") return { ...base, overdue: true };
  return base;
}

// ---------------------------------------------------------------------------------------------------------------
// Writes

const emptyToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const calendarDay = acceptedCalendarDay();
const trackerUrl = z
  .string()
  .trim()
  .max(2_000, "must be at most 2,000 characters")
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) link, e.g. https://jira.example.com/browse/OPS-12" }));
const id = z.string().trim().min(1, "is required").max(100);

export const updateActionItemInput = z
  .object({
    id,
    /** the version the change was made against; a different stored version is a conflict */
    version: z.coerce.number().int().min(1),
    status: z.enum(ACTION_ITEM_STATUSES).optional(),
    wontDoReason: z.preprocess(emptyToNull, z.string().trim().max(2_000, "must be at most 2,000 characters").nullable()).optional(),
    ownerId: z.preprocess(emptyToNull, id.nullable()).optional(),
    dueDate: z.preprocess(emptyToNull, calendarDay.nullable()).optional(),
    priority: z.enum(PRIORITIES).optional(),
    trackerUrl: z.preprocess(emptyToNull, trackerUrl.nullable()).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.status === "WONT_DO" && !input.wontDoReason) {
      ctx.addIssue({ code: "custom", path: ["wontDoReason"], message: "Say why it won't be done" });
    }
  });
export type UpdateActionItemInput = z.input<typeof updateActionItemInput>;

export const createActionItemInput = z.object({
  /** database id or public id of the incident */
  incident: id,
  title: oneLine(z.string().trim().min(1, "is required").max(500, "must be at most 500 characters")),
  description: z.preprocess(emptyToNull, z.string().max(20_000).nullable()).default(null),
  ownerId: z.preprocess(emptyToNull, id.nullable()).default(null),
  dueDate: z.preprocess(emptyToNull, calendarDay.nullable()).default(null),
  priority: z.enum(PRIORITIES).default("MEDIUM"),
  trackerUrl: z.preprocess(emptyToNull, trackerUrl.nullable()).default(null),
});
export type CreateActionItemInput = z.input<typeof createActionItemInput>;

// ---------------------------------------------------------------------------------------------------------------
// What the table, the inline editor and the API read

/** One item as the table, the API and the inline editor see it. Plain JSON: dates are ISO strings. */
export type ActionItemRow = {
  id: string;
  title: string;
  description: string | null;
  status: ActionItemStatus;
  priority: Priority;
  /** calendar day, YYYY-MM-DD */
  dueDate: string | null;
  trackerUrl: string | null;
  /** the GitHub or Jira issue the item is synced with: "owner/repo#12", "OPS-12" (its page is `trackerUrl`) */
  trackerKey: string | null;
  wontDoReason: string | null;
  completedAt: string | null;
  createdAt: string;
  version: number;
  owner: { id: string; name: string; email: string } | null;
  /** who owns it when that is no user here: the name a report gave ("@dba-team"); no reminders go to it. Null when `owner` is set. */
  ownerName: string | null;
  incident: { id: string; publicId: string; title: string; severity: string; services: string[] };
  /** in the viewer's time zone */
  overdue: boolean;
  /** the viewer may change it inline */
  editable: boolean;
};

export type ActionItemPage = { rows: ActionItemRow[]; total: number; page: number; pageSize: number; pageCount: number };

export type PersonOption = { id: string; name: string; email: string };

export type IncidentOption = { id: string; publicId: string; title: string };

/** GET /api/v1/action-items/{id} and each item of the list: the row without `editable`, which is about the caller's session in the app. */
export type ActionItemResponse = Omit<ActionItemRow, "editable">;

/** GET /api/v1/action-items */
export type ActionItemListResponse = Omit<ActionItemPage, "rows"> & { items: ActionItemResponse[] };

export function toActionItemResponse({ editable: _editable, ...item }: ActionItemRow): ActionItemResponse {
  return item;
}

// ---------------------------------------------------------------------------------------------------------------
// The REST API's answers as zod schemas, for the OpenAPI document (lib/api/openapi.ts); SameShape keeps them the
// shape of the types above.

export const actionItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    status: z.enum(ACTION_ITEM_STATUSES),
    priority: z.enum(PRIORITIES),
    dueDate: daySchema.nullable(),
    trackerUrl: z.string().nullable(),
    trackerKey: z.string().nullable().meta({ description: 'The GitHub or Jira issue the item is synced with: "owner/repo#12", "OPS-12"' }),
    wontDoReason: z.string().nullable(),
    completedAt: instantSchema.nullable(),
    createdAt: instantSchema,
    version: z.number().int().meta({ description: "Send it back with a change (PATCH /api/v1/action-items/{id}); a stale one is a 409" }),
    owner: personSchema.nullable(),
    ownerName: z.string().nullable().meta({ description: "Who owns it when that is no user here (the name a report gave); null when `owner` is set" }),
    incident: z.object({ id: z.string(), publicId: z.string(), title: z.string(), severity: z.string(), services: z.array(z.string()) }),
    overdue: z.boolean().meta({ description: "Past its due date on the caller's today (their time zone)" }),
  })
  .meta({ id: "ActionItem" });
true satisfies SameShape<ActionItemResponse, z.output<typeof actionItemSchema>>;

export const actionItemListResponseSchema = z.object({
  items: z.array(actionItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
});
true satisfies SameShape<ActionItemListResponse, z.output<typeof actionItemListResponseSchema>>;
