import { describe, expect, it } from "vitest";
import {
  DEFAULT_VIEW,
  actionItemViewHref,
  actionItemViewToSearchParams,
  changeView,
  createActionItemInput,
  parseActionItemView,
  parseActionItemViewStrict,
  quickView,
  updateActionItemInput,
  type ActionItemView,
} from "@/lib/action-items/schema";

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));

describe("the action-item view in the URL", () => {
  it("reads every filter, the sort, the page and the columns from the search params", () => {
    const view = parseActionItemView(
      new URLSearchParams(
        "owner=me&status=OPEN,IN_PROGRESS&overdue=1&dueWithin=14&severity=High&service=Payments%20API&incident=INC-2024-1127-001&sort=priority&order=desc&page=3&size=50&cols=owner,title,severity",
      ),
    );
    expect(view).toEqual({
      owner: "me",
      status: ["OPEN", "IN_PROGRESS"],
      overdue: true,
      dueWithin: 14,
      severity: "High",
      service: "Payments API",
      incident: "INC-2024-1127-001",
      sort: "priority",
      order: "desc",
      page: 3,
      size: 50,
      // table order, and the title is always there
      columns: ["title", "severity", "owner"],
    } satisfies ActionItemView);
  });

  it("reads Next's searchParams object, repeated keys included", () => {
    expect(parseActionItemView({ status: ["DONE", "WONT_DO"], owner: "unassigned", page: "2" })).toMatchObject({
      status: ["DONE", "WONT_DO"],
      owner: "unassigned",
      page: 2,
    });
  });

  it("is the default view without params", () => {
    expect(parseActionItemView(new URLSearchParams())).toEqual(DEFAULT_VIEW);
    expect(actionItemViewToSearchParams(DEFAULT_VIEW).toString()).toBe("");
    expect(actionItemViewHref(DEFAULT_VIEW)).toBe("/action-items");
  });

  it("falls back field by field on a hand-edited URL instead of failing the page", () => {
    const view = parseActionItemView(
      new URLSearchParams("sort=nonsense&order=up&page=-1&size=7&status=OPEN,BOGUS&dueWithin=abc&overdue=maybe&owner=a%20b&cols=nothing"),
    );
    expect(view).toEqual({ ...DEFAULT_VIEW, status: ["OPEN"] });
  });

  it("names each bad parameter in the strict form the API uses", () => {
    const result = parseActionItemViewStrict(new URLSearchParams("sort=nonsense&size=7&status=OPEN,BOGUS&dueWithin=0"));
    expect(result.success).toBe(false);
    expect(Object.keys(issuesOf(result)).sort()).toEqual(["dueWithin", "size", "sort", "status"]);
    expect(parseActionItemViewStrict(new URLSearchParams("owner=me&overdue=1")).data).toMatchObject({ owner: "me", overdue: true });
  });

  it("writes a view to params and reads back the same view", () => {
    const views: ActionItemView[] = [
      DEFAULT_VIEW,
      { ...DEFAULT_VIEW, owner: "clx0000000000000000000000", status: ["OPEN", "WONT_DO"], page: 4 },
      {
        ...DEFAULT_VIEW,
        overdue: true,
        dueWithin: 30,
        severity: "Critical",
        service: "Auth, login & SSO",
        incident: "INC-9",
        sort: "title",
        order: "asc",
        size: 100,
      },
      { ...DEFAULT_VIEW, sort: "dueDate", order: "desc", columns: ["title", "status"] },
    ];
    for (const view of views) {
      const href = actionItemViewHref(view);
      expect(parseActionItemView(new URL(href, "http://x").searchParams)).toEqual(view);
    }
  });

  it("goes back to the first page when a filter, the sort or the page size changes, not when columns do", () => {
    const onPage3 = { ...DEFAULT_VIEW, page: 3 };
    expect(changeView(onPage3, { overdue: true }).page).toBe(1);
    expect(changeView(onPage3, { sort: "title" }).page).toBe(1);
    expect(changeView(onPage3, { size: 50 }).page).toBe(1);
    expect(changeView(onPage3, { columns: ["title"] }).page).toBe(3);
    expect(changeView(onPage3, { page: 4 }).page).toBe(4);
  });

  it("offers 'My action items' and 'Overdue' as views that keep the reader's columns", () => {
    const view = { ...DEFAULT_VIEW, severity: "High", columns: ["title", "status"] as ActionItemView["columns"] };
    expect(actionItemViewHref(quickView(view, "mine"))).toBe("/action-items?owner=me&cols=title%2Cstatus");
    expect(actionItemViewHref(quickView(DEFAULT_VIEW, "overdue"))).toBe("/action-items?overdue=1");
  });
});

describe("inline update input", () => {
  it("requires a reason for won't do", () => {
    expect(issuesOf(updateActionItemInput.safeParse({ id: "a", version: 1, status: "WONT_DO" }))).toEqual({ wontDoReason: "Say why it won't be done" });
    expect(issuesOf(updateActionItemInput.safeParse({ id: "a", version: 1, status: "WONT_DO", wontDoReason: "  " }))).toEqual({
      wontDoReason: "Say why it won't be done",
    });
    expect(updateActionItemInput.parse({ id: "a", version: "2", status: "WONT_DO", wontDoReason: "Superseded by OPS-9" })).toMatchObject({
      version: 2,
      wontDoReason: "Superseded by OPS-9",
    });
  });

  it("takes only http(s) tracker links, and an empty field clears the link", () => {
    for (const url of ["https://jira.example.com/browse/OPS-12", "https://github.com/acme/api/issues/7", "http://linear:8080/issue/ENG-1"]) {
      expect(updateActionItemInput.parse({ id: "a", version: 1, trackerUrl: url }).trackerUrl).toBe(url);
    }
    for (const url of ["javascript:alert(1)", "ftp://files.example.com/x", "jira.example.com/OPS-1"]) {
      expect(Object.keys(issuesOf(updateActionItemInput.safeParse({ id: "a", version: 1, trackerUrl: url })))).toEqual(["trackerUrl"]);
    }
    expect(updateActionItemInput.parse({ id: "a", version: 1, trackerUrl: "", ownerId: "", dueDate: "" })).toMatchObject({
      trackerUrl: null,
      ownerId: null,
      dueDate: null,
    });
  });

  it("checks due dates are calendar days", () => {
    expect(issuesOf(updateActionItemInput.safeParse({ id: "a", version: 1, dueDate: "2025-02-30" }))).toEqual({
      dueDate: "must be a calendar day written YYYY-MM-DD",
    });
    expect(issuesOf(createActionItemInput.safeParse({ incident: "INC-1", title: " " }))).toEqual({ title: "is required" });
  });
});
