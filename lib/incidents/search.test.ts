// Full-text search on real PostgreSQL: the document the triggers keep current through every write path, and the
// predicate, rank and snippets the incident list is built on. Words are random so that tests never see each other's
// reports in the shared database.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { UserActor } from "@/lib/auth/actor";
import { createActionItem } from "@/lib/action-items/mutations";
import { loadEditableReport, updateReport } from "@/lib/incidents/mutations";
import type { ReportDocument } from "@/lib/incidents/schema";

import { searchPredicate, searchRank, searchSnippets, snippetHtml } from "@/lib/incidents/search";
import { updateService } from "@/lib/services/mutations";
import { Prisma } from "@/lib/generated/prisma/client";
import { createTestActor } from "@/lib/users/test-fixtures";
import { createTestDocumentReport, uniqueWord, type DocumentInput } from "@/lib/incidents/test-fixtures";

function report(actor: UserActor, overrides: DocumentInput = {}) {
  return createTestDocumentReport(actor, "INC-SEARCH", { title: "Queue backlog", severity: "Medium", startedAt: "2025-03-01T10:00:00Z", ...overrides });
}

async function edit(actor: UserActor, id: string, change: (doc: ReportDocument) => ReportDocument) {
  const editable = await loadEditableReport(actor.user, id);
  if (!editable) throw new Error("report not visible to its author");
  await updateReport({ id, expectedVersion: editable.version, document: change(editable.document) }, actor);
}

/** The ids matching `q`, best first, among `among` (other tests' reports are left out). */
async function search(q: string, among: string[]): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT i.id FROM "Incident" i WHERE i.id = ANY (${among}::text[]) AND ${searchPredicate(q)}
    ORDER BY ${searchRank(q)} DESC, i.id`);
  return rows.map((row) => row.id);
}

describe("the search document follows every write", () => {
  it("editing a report: the new word of the title and of the root cause is found, the old one no longer", async () => {
    const sre = await createTestActor("SRE");
    const [oldWord, newWord, causeWord] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const { id } = await report(sre, { title: `Backlog in ${oldWord}` });
    expect(await search(oldWord, [id])).toEqual([id]);
    await edit(sre, id, (doc) => ({ ...doc, title: `Backlog in ${newWord}`, rootCause: `A ${causeWord} was full.` }));
    expect(await search(oldWord, [id])).toEqual([]);
    expect(await search(newWord, [id])).toEqual([id]);
    expect(await search(causeWord, [id])).toEqual([id]);
  });

  it("adding a timeline event, changing one", async () => {
    const sre = await createTestActor("SRE");
    const [first, second] = [uniqueWord(), uniqueWord()];
    const { id } = await report(sre);
    const event = { occurredAt: "2025-03-01T10:05:00Z", kind: "OBSERVATION" as const, milestone: null };
    await edit(sre, id, (doc) => ({ ...doc, timeline: [...doc.timeline, { ...event, text: `Saw ${first} in the logs` }] }));
    expect(await search(first, [id])).toEqual([id]);
    await edit(sre, id, (doc) => ({ ...doc, timeline: doc.timeline.map((entry) => ({ ...entry, text: `Saw ${second} in the logs` })) }));
    expect(await search(first, [id])).toEqual([]);
    expect(await search(second, [id])).toEqual([id]);
  });

  it("an action item added through its own mutation, then renamed in the report", async () => {
    const sre = await createTestActor("SRE");
    const [added, renamed] = [uniqueWord(), uniqueWord()];
    const { id } = await report(sre);
    await createActionItem({ incident: id, title: `Alert on ${added}`, description: "so that it pages" }, sre);
    expect(await search(added, [id])).toEqual([id]);
    await edit(sre, id, (doc) => ({ ...doc, actionItems: doc.actionItems.map((item) => ({ ...item, title: `Alert on ${renamed}` })) }));
    expect(await search(added, [id])).toEqual([]);
    expect(await search(renamed, [id])).toEqual([id]);
  });

  it("renaming a service: its reports are found by the new name, no longer by the old", async () => {
    const [sre, admin] = [await createTestActor("SRE"), await createTestActor("ADMIN")];
    const [oldName, newName] = [`${uniqueWord()}-api`, `${uniqueWord()}-api`];
    const { id } = await report(sre, { services: [oldName] });
    expect(await search(oldName, [id])).toEqual([id]);
    const service = await getDb().service.findUniqueOrThrow({ where: { name: oldName } });
    await updateService({ id: service.id, name: newName, team: null, description: null }, admin);
    expect(await search(oldName, [id])).toEqual([]);
    expect(await search(newName, [id])).toEqual([id]);
  });

  it("a report deleted takes its document with it", async () => {
    const sre = await createTestActor("SRE");
    const { id } = await report(sre, { title: `Gone ${uniqueWord()}` });
    expect(await getDb().incidentSearch.count({ where: { incidentId: id } })).toBe(1);
    await getDb().incident.delete({ where: { id } });
    expect(await getDb().incidentSearch.count({ where: { incidentId: id } })).toBe(0);
  });
});

describe("searchPredicate and searchRank", () => {
  it("ranks a title hit above a root-cause hit above a timeline-only hit", async () => {
    const sre = await createTestActor("SRE");
    const term = uniqueWord();
    const timeline = await report(sre, { timeline: [{ occurredAt: "2025-03-01T10:00:00Z", kind: "ALERT", text: `Alert: ${term} down` }] });
    const cause = await report(sre, { rootCause: `The ${term} ran out of memory.` });
    const title = await report(sre, { title: `${term} outage` });
    expect(await search(term, [timeline.id, cause.id, title.id])).toEqual([title.id, cause.id, timeline.id]);
  });

  it('understands "quoted phrases", -word and or', async () => {
    const sre = await createTestActor("SRE");
    const [a, b, c] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const both = await report(sre, { summary: `The ${a} ${b} failed.` });
    const apart = await report(sre, { summary: `The ${b} and then the ${a} failed.` });
    const other = await report(sre, { summary: `The ${c} failed.` });
    const all = [both.id, apart.id, other.id];
    expect(await search(`"${a} ${b}"`, all)).toEqual([both.id]);
    expect((await search(`${a} ${b}`, all)).sort()).toEqual([both.id, apart.id].sort());
    expect(await search(`${a} -"${a} ${b}"`, all)).toEqual([apart.id]);
    expect((await search(`${a} or ${c}`, all)).sort()).toEqual(all.sort());
    expect(await search(`${c} -${a}`, all)).toEqual([other.id]);
  });

  it("finds a report by its public id and by a service name, in any case, ranked first", async () => {
    const sre = await createTestActor("SRE");
    const service = `Ledger ${uniqueWord()}`;
    const byService = await report(sre, { services: [service] });
    const byId = await report(sre);
    const mentions = await report(sre, { summary: `Unrelated to ${byId.publicId} really.` });
    expect(await search(byId.publicId.toLowerCase(), [byId.id, byService.id, mentions.id])).toEqual([byId.id, mentions.id]);
    expect(await search(service.toUpperCase(), [byId.id, byService.id, mentions.id])).toEqual([byService.id]);
  });

  it("a query of stop words, punctuation or nothing matches nothing and does not fail", async () => {
    const sre = await createTestActor("SRE");
    const { id } = await report(sre, { title: "The outage of the the", summary: "It was -- !! what it was." });
    for (const q of ["the", "the and of", "!!!", '"" -', "   ", "& | ! <-> :*"]) {
      expect(await search(q, [id])).toEqual([]);
      expect((await searchSnippets([id], q)).size).toBe(0);
    }
  });
});

describe("searchSnippets", () => {
  it("keeps a report's prose out of the rows a search scans, and still cuts the snippet from it", async () => {
    const sre = await createTestActor("SRE");
    const term = uniqueWord();
    const paragraph = "The pool waited on connections that never came back while clients retried without backoff. ";
    // Out-of-line values are rows of the table's TOAST relation (pg_column_toast_chunk_id, which would say it of one
    // value, is PostgreSQL 17's): count them around the write. Test files do not share a database.
    const [{ toast }] = await getDb().$queryRaw<
      [{ toast: string }]
    >`SELECT reltoastrelid::regclass::text AS toast FROM pg_class WHERE oid = '"IncidentSearch"'::regclass`;
    const outOfLine = async () => (await getDb().$queryRaw<[{ n: number }]>`SELECT count(DISTINCT chunk_id)::int AS n FROM ${Prisma.raw(toast)}`)[0].n;
    const before = await outOfLine();
    const { id } = await report(sre, {
      timeline: Array.from({ length: 30 }, (_, index) => ({
        occurredAt: `2025-03-01T10:${String(index).padStart(2, "0")}:00Z`,
        kind: "OBSERVATION" as const,
        text: index === 20 ? `${paragraph}Found the ${term} at last.` : `${paragraph}${index}`,
      })),
    });
    const [row] = await getDb().$queryRaw<{ prose: number }[]>`SELECT length("searchText") AS prose FROM "IncidentSearch" WHERE "incidentId" = ${id}`;
    expect(row!.prose).toBeGreaterThan(2_500);
    expect(await outOfLine()).toBeGreaterThan(before);
    expect(await search(term, [id])).toEqual([id]);
    expect((await searchSnippets([id], term)).get(id)).toContain(`<mark>${term}</mark>`);
  });

  it("escapes the report's HTML and marks the match", async () => {
    const sre = await createTestActor("SRE");
    const term = uniqueWord();
    const { id } = await report(sre, {
      timeline: [{ occurredAt: "2025-03-01T10:00:00Z", kind: "ACTION", text: `Deployed <script>alert("x")</script> & the ${term} fix` }],
    });
    const snippet = (await searchSnippets([id], term)).get(id);
    expect(snippet).toContain(`<mark>${term}</mark>`);
    expect(snippet).toContain("&lt;script&gt;");
    expect(snippet).toContain("&amp;");
    expect(snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it("finds and highlights words after an unclosed <script> or <style> (the parser would take them for markup)", async () => {
    const sre = await createTestActor("SRE");
    const [first, second] = [uniqueWord(), uniqueWord()];
    const { id } = await report(sre, { summary: `Deployed <script> to fix the ${first}`, rootCause: `A <style> rule hid the ${second}` });
    expect(await search(first, [id])).toEqual([id]);
    expect(await search(second, [id])).toEqual([id]);
    expect((await searchSnippets([id], first)).get(id)).toBe(`Deployed &lt;script&gt; to fix the <mark>${first}</mark>`);
  });

  it("leaves out reports that match only in the title, id or services, in one statement for many", async () => {
    const sre = await createTestActor("SRE");
    const term = uniqueWord();
    const inTitle = await report(sre, { title: `${term} outage` });
    const inProse = await report(sre, { lessonsLearned: [{ category: "GENERAL", text: `Watch the ${term} closely` }] });
    const snippets = await searchSnippets([inTitle.id, inProse.id, "no-such-incident"], term);
    expect([...snippets.keys()]).toEqual([inProse.id]);
    expect(snippets.get(inProse.id)).toBe(`Watch the <mark>${term}</mark> closely`);
  });

  it("cuts the snippet from the lines that match, and still finds a word whose stem it does not spell (happy: happi)", async () => {
    const sre = await createTestActor("SRE");
    const term = uniqueWord();
    const filler = Array.from({ length: 30 }, (_, i) => ({ occurredAt: "2025-03-01T10:00:00Z", kind: "OBSERVATION" as const, text: `Step ${i} went fine` }));
    const { id } = await report(sre, {
      timeline: [...filler, { occurredAt: "2025-03-01T11:00:00Z", kind: "ACTION", text: `Customers were happy once ${term} recovered` }],
    });
    expect((await searchSnippets([id], term)).get(id)).toBe(`Customers were happy once <mark>${term}</mark> recovered`);
    expect((await searchSnippets([id], `happy ${term}`)).get(id)).toContain("<mark>happy</mark>");
  });

  it("never lets a sentinel from the text through", () => {
    expect(snippetHtml("a \u0001b\u0002 \u0003c\u0004 <d> 'e\"")).toBe("a <mark>b</mark> &lt;c&gt; &lt;d&gt; &#39;e&quot;");
  });
});
