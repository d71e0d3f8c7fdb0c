// The incident list on the real database: every filter, the sorts, paging, search with snippets, what each viewer
// may see, and how many SQL statements a page costs. Each test's incidents share a service of their own, so the
// service filter isolates them from every other test's rows in the shared database.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { listIncidentPage, loadIncidentListPage, type IncidentListViewer } from "@/lib/incidents/list";
import { DEFAULT_INCIDENT_VIEW, parseIncidentListView, parseIncidentListViewStrict, type IncidentListView } from "@/lib/incidents/list-view";
import { getSettings } from "@/lib/settings/queries";
import type { Settings } from "@/lib/settings/schema";
import { createTestUser } from "@/lib/users/test-fixtures";
import { countQueries } from "@/test/helpers/query-count";

let settings: Settings;
beforeAll(async () => {
  settings = await getSettings();
});

type Spec = {
  key: string;
  severity?: string;
  status?: "INVESTIGATING" | "IDENTIFIED" | "MONITORING" | "RESOLVED" | "CLOSED";
  reportState?: "DRAFT" | "IN_REVIEW" | "CHANGES_REQUESTED" | "APPROVED";
  startedAt?: string | null;
  private?: boolean;
  authorId?: string | null;
  participantIds?: string[];
  title?: string;
  timeline?: string[];
  overdueItems?: number;
  openItems?: number;
};

/** Incidents on one new service; returns the service name and the incidents' ids by key. */
async function scene(specs: Spec[]) {
  const tag = randomUUID().slice(0, 8);
  const db = getDb();
  const service = await db.service.create({ data: { name: `list-svc-${tag}` } });
  const ids: Record<string, string> = {};
  const publicIds: Record<string, string> = {};
  for (const spec of specs) {
    const incident = await db.incident.create({
      data: {
        publicId: `INC-LIST-${tag}-${spec.key}`,
        title: spec.title ?? `List ${tag} ${spec.key}`,
        severity: spec.severity ?? "Medium",
        status: spec.status ?? "RESOLVED",
        reportState: spec.reportState ?? "DRAFT",
        startedAt: spec.startedAt === undefined ? new Date("2026-06-01T12:00:00Z") : spec.startedAt === null ? null : new Date(spec.startedAt),
        private: spec.private ?? false,
        authorId: spec.authorId ?? null,
        services: { create: [{ serviceId: service.id }] },
        participants: { create: (spec.participantIds ?? []).map((userId) => ({ userId })) },
        timelineEvents: { create: (spec.timeline ?? []).map((text, position) => ({ text, position, occurredAt: new Date("2026-06-01T12:05:00Z") })) },
        actionItems: {
          create: [
            ...Array.from({ length: spec.overdueItems ?? 0 }, (_, position) => ({
              title: `Late ${position}`,
              position,
              dueDate: new Date("2020-01-01T00:00:00Z"),
            })),
            ...Array.from({ length: spec.openItems ?? 0 }, (_, position) => ({ title: `Open ${position}`, position: 100 + position })),
            { title: "Done already", position: 200, status: "DONE" as const, dueDate: new Date("2020-01-01T00:00:00Z") },
          ],
        },
      },
      select: { id: true, publicId: true },
    });
    ids[spec.key] = incident.id;
    publicIds[spec.key] = incident.publicId;
  }
  return { tag, service: service.name, ids, publicIds };
}

const view = (patch: Partial<IncidentListView>): IncidentListView => ({ ...DEFAULT_INCIDENT_VIEW, ...patch });

async function keysOf(viewer: IncidentListViewer, patch: Partial<IncidentListView>, tag: string): Promise<string[]> {
  const page = await listIncidentPage(viewer, view(patch), settings);
  return page.rows.map((row) => row.publicId.split(`${tag}-`)[1]!);
}

async function manager(timeZone = "UTC"): Promise<IncidentListViewer> {
  const user = await createTestUser({ role: "MANAGER" });
  return { ...user, timeZone };
}

describe("filters", () => {
  it("narrows by severity, status, report state, author, overdue items and privacy, alone and combined", async () => {
    const author = await createTestUser({ role: "SRE" });
    const { tag, service } = await scene([
      { key: "a", severity: "Critical", status: "RESOLVED", reportState: "APPROVED", authorId: author.id, overdueItems: 2 },
      { key: "b", severity: "High", status: "INVESTIGATING", reportState: "DRAFT", openItems: 1 },
      { key: "c", severity: "High", status: "RESOLVED", reportState: "APPROVED", private: true, authorId: author.id },
      { key: "d", severity: "Low", status: "CLOSED", reportState: "IN_REVIEW", overdueItems: 1 },
    ]);
    const viewer = await manager();
    const sorted = async (patch: Partial<IncidentListView>) => (await keysOf(viewer, { service: [service], ...patch }, tag)).sort();
    expect(await sorted({})).toEqual(["a", "b", "c", "d"]);
    expect(await sorted({ severity: ["High"] })).toEqual(["b", "c"]);
    expect(await sorted({ severity: ["Critical", "Low"] })).toEqual(["a", "d"]);
    expect(await sorted({ status: ["RESOLVED", "CLOSED"] })).toEqual(["a", "c", "d"]);
    expect(await sorted({ state: ["APPROVED"] })).toEqual(["a", "c"]);
    expect(await sorted({ author: author.id })).toEqual(["a", "c"]);
    expect(await sorted({ author: "me" })).toEqual([]);
    expect(await sorted({ overdue: true })).toEqual(["a", "d"]);
    expect(await sorted({ private: true })).toEqual(["c"]);
    expect(await sorted({ private: false })).toEqual(["a", "b", "d"]);
    expect(await sorted({ severity: ["High"], state: ["APPROVED"], private: false })).toEqual([]);
    expect(await sorted({ severity: ["High", "Critical"], state: ["APPROVED"], overdue: true })).toEqual(["a"]);

    const page = await listIncidentPage(viewer, view({ service: [service], severity: ["Critical"] }), settings);
    expect(page.rows[0]).toMatchObject({ openActionItems: 2, overdueActionItems: 2, services: [service], authorName: author.name });
  });

  it("reads from/to as calendar days in the viewer's zone, both included", async () => {
    const { tag, service } = await scene([
      // 31 March 22:30 UTC is already 1 April in Berlin (CEST, UTC+2)
      { key: "late-march-utc", startedAt: "2026-03-31T22:30:00Z" },
      { key: "april", startedAt: "2026-04-15T08:00:00Z" },
      // 30 April 23:30 Berlin time is 21:30 UTC: still April there
      { key: "end-of-april", startedAt: "2026-04-30T21:30:00Z" },
      { key: "may", startedAt: "2026-05-01T00:30:00Z" },
      { key: "undated", startedAt: null },
    ]);
    const berlin = await manager("Europe/Berlin");
    const utc = await manager("UTC");
    const april = { service: [service], from: "2026-04-01", to: "2026-04-30" };
    expect((await keysOf(berlin, april, tag)).sort()).toEqual(["april", "end-of-april", "late-march-utc", "may"].filter((key) => key !== "may").sort());
    expect((await keysOf(utc, april, tag)).sort()).toEqual(["april", "end-of-april"]);
    expect((await keysOf(utc, { service: [service], from: "2026-05-01" }, tag)).sort()).toEqual(["may"]);
  });

  it("matches a service by name whatever its case, and several services as either", async () => {
    const first = await scene([{ key: "x" }]);
    const second = await scene([{ key: "y" }]);
    const viewer = await manager();
    const page = await listIncidentPage(viewer, view({ service: [first.service.toUpperCase(), second.service] }), settings);
    expect(page.rows.map((row) => row.publicId).sort()).toEqual([first.publicIds.x, second.publicIds.y].sort());
  });
});

describe("sort and pages", () => {
  it("orders by start (undated last either way), by the severity scale, by title, and pages without repeating a row", async () => {
    const { tag, service } = await scene([
      { key: "old", startedAt: "2026-01-01T00:00:00Z", severity: "Low", title: "b first" },
      { key: "new", startedAt: "2026-03-01T00:00:00Z", severity: "Critical", title: "C second" },
      { key: "mid", startedAt: "2026-02-01T00:00:00Z", severity: "High", title: "a third" },
      { key: "none", startedAt: null, severity: "Unknown-scale", title: "d fourth" },
    ]);
    const viewer = await manager();
    const keys = (patch: Partial<IncidentListView>) => keysOf(viewer, { service: [service], ...patch }, tag);
    expect(await keys({})).toEqual(["new", "mid", "old", "none"]);
    expect(await keys({ sort: "startedAt", order: "asc" })).toEqual(["old", "mid", "new", "none"]);
    expect(await keys({ sort: "severity", order: "desc" })).toEqual(["new", "mid", "old", "none"]);
    expect(await keys({ sort: "severity", order: "asc" })).toEqual(["none", "old", "mid", "new"]);
    expect(await keys({ sort: "title", order: "asc" })).toEqual(["mid", "old", "new", "none"]);
  });

  it("shows the last page for a page past the end, or no rows when the API asks", async () => {
    const { service } = await scene([{ key: "only" }]);
    const viewer = await manager();
    const shown = await listIncidentPage(viewer, view({ service: [service], page: 9 }), settings);
    expect(shown).toMatchObject({ page: 1, pageCount: 1, total: 1 });
    expect(shown.rows).toHaveLength(1);
    const api = await listIncidentPage(viewer, view({ service: [service], page: 9 }), settings, { pastTheEnd: "empty" });
    expect(api).toMatchObject({ page: 9, total: 1, rows: [] });
  });
});

describe("who sees what", () => {
  it("shows a private report only to its author, its participants and the roles that read every private report", async () => {
    const author = await createTestUser({ role: "SRE" });
    const participant = await createTestUser({ role: "VIEWER" });
    const outsider = await createTestUser({ role: "SRE" });
    const { tag, service } = await scene([
      { key: "shared" },
      { key: "secret", private: true, authorId: author.id, participantIds: [participant.id], timeline: ["vault unsealed"] },
    ]);
    const as = async (user: { id: string; role: IncidentListViewer["role"] }, patch: Partial<IncidentListView> = {}) =>
      (await keysOf({ ...user, timeZone: "UTC" }, { service: [service], ...patch }, tag)).sort();
    expect(await as(outsider)).toEqual(["shared"]);
    expect(await as(outsider, { q: "vault unsealed" })).toEqual([]);
    expect(await as(outsider, { private: true })).toEqual([]);
    expect(await as(author)).toEqual(["secret", "shared"]);
    expect(await as(participant)).toEqual(["secret", "shared"]);
    expect(await as(await manager())).toEqual(["secret", "shared"]);
    const page = await listIncidentPage({ ...outsider, timeZone: "UTC" }, view({ service: [service] }), settings);
    expect(page.total).toBe(1);
  });
});

describe("search", () => {
  it("finds a report by a word only in its timeline, with the match marked in an escaped snippet, combined with filters", async () => {
    const word = `zq${randomUUID()
      .slice(0, 6)
      .replace(/[^a-z]/g, "x")}`;
    const { tag, service } = await scene([
      { key: "hit", severity: "High", timeline: [`<b>Paged</b> the on-call: ${word} saturated`] },
      { key: "other", severity: "High", timeline: ["nothing to see"] },
      { key: "low", severity: "Low", timeline: [`${word} again`] },
    ]);
    const viewer = await manager();
    const page = await listIncidentPage(viewer, view({ q: word, service: [service], severity: ["High"] }), settings);
    expect(page.rows.map((row) => row.publicId.split(`${tag}-`)[1])).toEqual(["hit"]);
    expect(page.rows[0]!.snippet).toContain(`<mark>${word}</mark>`);
    expect(page.rows[0]!.snippet).toContain("Paged&lt;/b&gt;");
    expect(page.rows[0]!.snippet).not.toMatch(/<\/?b>/);
    const all = await listIncidentPage(viewer, view({ q: word, service: [service] }), settings);
    expect(all.total).toBe(2);
    const unsearched = await listIncidentPage(viewer, view({ service: [service] }), settings);
    expect(unsearched.rows.every((row) => row.snippet === null)).toBe(true);
  });

  it("finds an incident by its id and by a service name", async () => {
    const { service, publicIds } = await scene([{ key: "one" }, { key: "two" }]);
    const viewer = await manager();
    const byId = await listIncidentPage(viewer, view({ q: publicIds.one! }), settings);
    expect(byId.rows[0]!.publicId).toBe(publicIds.one);
    const byService = await listIncidentPage(viewer, view({ q: service }), settings);
    expect(byService.rows.map((row) => row.publicId).sort()).toEqual([publicIds.one, publicIds.two].sort());
  });
});

describe("statements per page (issue 13: a list page at most 5, the session's own lookup included)", () => {
  it("reads the page in 3 statements, with or without a search, whatever the filters", async () => {
    const { service } = await scene([{ key: "a", overdueItems: 1, timeline: ["connection pool exhausted"] }, { key: "b" }]);
    const viewer = await manager();
    await loadIncidentListPage(viewer, view({})); // the filters' choices are cached for a minute
    const plain = await countQueries(() => loadIncidentListPage(viewer, view({})));
    expect(plain.count, plain.statements.join("\n")).toBeLessThanOrEqual(3);
    const everything = await countQueries(() =>
      loadIncidentListPage(
        viewer,
        view({
          q: "connection",
          service: [service],
          severity: ["Medium"],
          state: ["DRAFT"],
          status: ["RESOLVED"],
          overdue: true,
          from: "2026-01-01",
          to: "2026-12-31",
          private: false,
        }),
      ),
    );
    expect(everything.result.rows).toHaveLength(1);
    expect(everything.count, everything.statements.join("\n")).toBeLessThanOrEqual(3);
  });
});

describe("the view in the URL", () => {
  it("reads leniently for the page and strictly for the API, naming the bad parameter", () => {
    const params = new URLSearchParams("severity=High&severity=Critical&status=RESOLVED,CLOSED&service=a,b&from=2026-02-30&sort=nope&private=maybe&page=0");
    const lenient = parseIncidentListView(params);
    expect(lenient).toMatchObject({
      severity: ["High", "Critical"],
      status: ["RESOLVED", "CLOSED"],
      service: ["a,b"],
      from: null,
      sort: null,
      private: null,
      page: 1,
    });
    const strict = parseIncidentListViewStrict(params);
    expect(strict.success).toBe(false);
    const paths = strict.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["from", "sort", "private", "page"]));
    const reversed = parseIncidentListViewStrict(new URLSearchParams("from=2026-05-01&to=2026-04-01"));
    expect(reversed.error?.issues[0]).toMatchObject({ path: ["to"], message: "must not be before from (2026-05-01)" });
  });
});
