import { beforeAll, describe, expect, it } from "vitest";
import type { ActorUser } from "@/lib/auth/actor";
import { createTestUser } from "@/lib/users/test-fixtures";
import { listActionItems, loadActionItemsPage, type ActionItemViewer } from "@/lib/action-items/queries";
import { countQueries } from "@/test/helpers/query-count";
import { DEFAULT_VIEW, type ActionItemView } from "@/lib/action-items/schema";
import { createTestIncident } from "@/lib/action-items/test-fixtures";

// 12:00 UTC on 10 January 2025: "today" is 10 January for a viewer in UTC
const NOW = new Date("2025-01-10T12:00:00Z");

let author: ActorUser;
let alice: ActorUser;
let bob: ActorUser;
let main: Awaited<ReturnType<typeof createTestIncident>>;
let other: Awaited<ReturnType<typeof createTestIncident>>;

beforeAll(async () => {
  author = await createTestUser({ role: "SRE" });
  alice = await createTestUser({ role: "SRE", name: "Alice Zimmer" });
  bob = await createTestUser({ role: "SRE", name: "Bob Abbott" });
  main = await createTestIncident({
    authorId: author.id,
    items: [
      { title: "alpha", ownerId: alice.id, dueDate: "2025-01-05", status: "OPEN", priority: "HIGH" },
      { title: "bravo", ownerId: bob.id, dueDate: "2025-01-20", status: "IN_PROGRESS", priority: "LOW" },
      { title: "charlie", dueDate: "2025-01-09", status: "DONE", priority: "CRITICAL" },
      { title: "delta", status: "OPEN", priority: "MEDIUM" },
      { title: "echo", ownerId: alice.id, dueDate: "2025-01-12", status: "WONT_DO", priority: "MEDIUM" },
    ],
  });
  other = await createTestIncident({ authorId: author.id, items: [{ title: "foxtrot", ownerId: alice.id, dueDate: "2025-01-01" }] });
});

const asViewer = (user: ActorUser, timeZone = "UTC"): ActionItemViewer => ({ ...user, timeZone });

async function titles(viewer: ActionItemViewer, patch: Partial<ActionItemView>, now = NOW): Promise<string[]> {
  const { rows } = await listActionItems(viewer, { ...DEFAULT_VIEW, sort: "title", ...patch }, now);
  return rows.map((row) => row.title);
}

describe("listActionItems filters", () => {
  it("by owner: me, unassigned, or a given person", async () => {
    expect(await titles(asViewer(alice), { incident: main.publicId, owner: "me" })).toEqual(["alpha", "echo"]);
    expect(await titles(asViewer(alice), { incident: main.publicId, owner: "unassigned" })).toEqual(["charlie", "delta"]);
    expect(await titles(asViewer(alice), { incident: main.publicId, owner: bob.id })).toEqual(["bravo"]);
  });

  it("by status", async () => {
    expect(await titles(asViewer(author), { incident: main.publicId, status: ["OPEN", "IN_PROGRESS"] })).toEqual(["alpha", "bravo", "delta"]);
    expect(await titles(asViewer(author), { incident: main.publicId, status: ["WONT_DO"] })).toEqual(["echo"]);
  });

  it("by overdue: still to do and due before the viewer's today", async () => {
    expect(await titles(asViewer(author), { incident: main.publicId, overdue: true })).toEqual(["alpha"]);
    const { rows } = await listActionItems(asViewer(author), { ...DEFAULT_VIEW, incident: main.publicId, sort: "title" }, NOW);
    expect(rows.filter((row) => row.overdue).map((row) => row.title)).toEqual(["alpha"]);
  });

  it("by due within N days from today, both days included, only items still to do", async () => {
    expect(await titles(asViewer(author), { incident: main.publicId, dueWithin: 10 })).toEqual(["bravo"]);
    expect(await titles(asViewer(author), { incident: main.publicId, dueWithin: 9 })).toEqual([]);
  });

  it("by severity, service and incident", async () => {
    expect(await titles(asViewer(author), { severity: other.severity })).toEqual(["foxtrot"]);
    expect(await titles(asViewer(author), { severity: main.severity.toUpperCase() })).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect(await titles(asViewer(author), { service: other.service })).toEqual(["foxtrot"]);
    expect(await titles(asViewer(author), { incident: other.publicId })).toEqual(["foxtrot"]);
  });

  it("combines filters", async () => {
    expect(await titles(asViewer(alice), { owner: "me", overdue: true, service: other.service })).toEqual(["foxtrot"]);
    expect(await titles(asViewer(alice), { owner: "me", overdue: true, incident: main.publicId, status: ["IN_PROGRESS"] })).toEqual([]);
  });

  it("judges overdue in the viewer's time zone at the day boundary", async () => {
    const incident = await createTestIncident({ authorId: author.id, items: [{ title: "due 9 Jan", dueDate: "2025-01-09" }] });
    // 23:30 on 9 January in Los Angeles = 07:30 on 10 January in UTC
    const lateInLosAngeles = new Date("2025-01-10T07:30:00Z");
    const inLosAngeles = await listActionItems(asViewer(author, "America/Los_Angeles"), { ...DEFAULT_VIEW, incident: incident.publicId }, lateInLosAngeles);
    const inUtc = await listActionItems(asViewer(author, "UTC"), { ...DEFAULT_VIEW, incident: incident.publicId }, lateInLosAngeles);
    expect(inLosAngeles.rows.map((row) => row.overdue)).toEqual([false]);
    expect(inUtc.rows.map((row) => row.overdue)).toEqual([true]);
    expect(await titles(asViewer(author, "America/Los_Angeles"), { incident: incident.publicId, overdue: true }, lateInLosAngeles)).toEqual([]);
    expect(await titles(asViewer(author, "UTC"), { incident: incident.publicId, overdue: true }, lateInLosAngeles)).toEqual(["due 9 Jan"]);
  });

  it("hides items of private incidents from people outside them", async () => {
    const secret = await createTestIncident({ authorId: author.id, private: true, items: [{ title: "secret fix" }] });
    const outsider = await createTestUser({ role: "SRE" });
    const manager = await createTestUser({ role: "MANAGER" });
    expect(await titles(asViewer(outsider), { incident: secret.publicId })).toEqual([]);
    expect(await titles(asViewer(author), { incident: secret.publicId })).toEqual(["secret fix"]);
    expect(await titles(asViewer(manager), { incident: secret.publicId })).toEqual(["secret fix"]);
  });
});

describe("listActionItems sorts", () => {
  it("by due date, either way, items without one last", async () => {
    expect(await titles(asViewer(author), { incident: main.publicId, sort: "dueDate", order: "asc" })).toEqual(["alpha", "charlie", "echo", "bravo", "delta"]);
    expect(await titles(asViewer(author), { incident: main.publicId, sort: "dueDate", order: "desc" })).toEqual(["bravo", "echo", "charlie", "alpha", "delta"]);
  });

  it("by title, priority (critical first), status (open first) and owner name", async () => {
    expect(await titles(asViewer(author), { incident: main.publicId, sort: "title", order: "desc" })).toEqual(["echo", "delta", "charlie", "bravo", "alpha"]);
    expect(await titles(asViewer(author), { incident: main.publicId, sort: "priority", order: "asc" })).toEqual(["charlie", "alpha", "echo", "delta", "bravo"]);
    expect(await titles(asViewer(author), { incident: main.publicId, sort: "status", order: "asc" })).toEqual(["alpha", "delta", "bravo", "charlie", "echo"]);
    // Alice before Bob, ties by due date, unassigned last
    expect(await titles(asViewer(author), { incident: main.publicId, sort: "owner", order: "asc" })).toEqual(["alpha", "echo", "bravo", "charlie", "delta"]);
  });
});

describe("listActionItems pages", () => {
  it("returns one page at a time with the total, never repeating or skipping a row", async () => {
    const many = await createTestIncident({
      authorId: author.id,
      items: Array.from({ length: 12 }, (_, index) => ({ title: `item ${String(index + 1).padStart(2, "0")}`, dueDate: "2025-02-01" })),
    });
    const view = { ...DEFAULT_VIEW, incident: many.publicId, size: 10 as const };
    const first = await listActionItems(asViewer(author), view, NOW);
    const second = await listActionItems(asViewer(author), { ...view, page: 2 }, NOW);
    expect(first).toMatchObject({ total: 12, page: 1, pageSize: 10, pageCount: 2 });
    expect(first.rows).toHaveLength(10);
    expect(second.rows).toHaveLength(2);
    const all = [...first.rows, ...second.rows].map((row) => row.title);
    expect(new Set(all).size).toBe(12);
    // a page past the end shows the last one
    const past = await listActionItems(asViewer(author), { ...view, page: 9 }, NOW);
    expect(past.page).toBe(2);
    expect(past.rows.map((row) => row.title)).toEqual(second.rows.map((row) => row.title));
  });
});

describe("edit rights shown in rows", () => {
  it("marks rows editable for their owner, the report's author and managers only", async () => {
    const manager = await createTestUser({ role: "MANAGER" });
    const outsider = await createTestUser({ role: "SRE" });
    const viewer = await createTestUser({ role: "VIEWER" });
    const editable = async (user: ActorUser) =>
      Object.fromEntries(
        (await listActionItems(asViewer(user), { ...DEFAULT_VIEW, incident: main.publicId, sort: "title" }, NOW)).rows.map((row) => [row.title, row.editable]),
      );
    expect(await editable(alice)).toMatchObject({ alpha: true, bravo: false, echo: true });
    expect(Object.values(await editable(author)).every(Boolean)).toBe(true);
    expect(Object.values(await editable(manager)).every(Boolean)).toBe(true);
    expect(Object.values(await editable(outsider)).some(Boolean)).toBe(false);
    expect(Object.values(await editable(viewer)).some(Boolean)).toBe(false);
  });
});

describe("statements per page (issue 13: a list page at most 5, the session's own lookup included)", () => {
  it("reads the table in 4 statements with the choices cached, filters and sort included", async () => {
    const owner = await createTestUser({ role: "SRE" });
    const { publicId } = await createTestIncident({ authorId: owner.id, items: [{ title: "Counted", ownerId: owner.id, dueDate: "2020-01-01" }] });
    const viewer = { ...owner, timeZone: "UTC" };
    await loadActionItemsPage(viewer, DEFAULT_VIEW); // the owners and services offered are cached for a minute
    const counted = await countQueries(() => loadActionItemsPage(viewer, { ...DEFAULT_VIEW, incident: publicId, owner: "me", overdue: true, sort: "title" }));
    expect(counted.result.page.rows.map((row) => row.title)).toEqual(["Counted"]);
    expect(counted.result.people.length).toBeGreaterThan(0);
    expect(counted.count, counted.statements.join("\n")).toBeLessThanOrEqual(4);
  });
});
