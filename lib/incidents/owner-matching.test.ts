import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { UserActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { InvalidInputError } from "@/lib/errors";
import { importReport } from "@/lib/incidents/import";
import { createReport, loadEditableReport, updateReport } from "@/lib/incidents/mutations";
import { matchImportedOwners } from "@/lib/incidents/owner-matching";
import { toMarkdown, toPlainText } from "@/lib/incidents/report-export";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { insertReport, loadReport } from "@/lib/incidents/store";
import { createTestActor, createTestUser, uniqueTestEmail } from "@/lib/users/test-fixtures";

const db = () => getDb();
const suffix = () => randomUUID().slice(0, 8);

/** A plain-text report with the given action items, its id unique (the day 2021-03-10 read from it). */
function reportText(actionItems: string, header = ""): { text: string; publicId: string } {
  const publicId = `INC-2021-0310-${suffix()}`;
  const text = `INCIDENT REPORT - Connection pool exhaustion\n====================\n\nIncident ID: ${publicId}\nSeverity: High\nStatus: Resolved\n${header}\nAction Items:\n${actionItems}\n`;
  return { text, publicId };
}

async function itemsOf(publicId: string) {
  const incident = await db().incident.findUniqueOrThrow({
    where: { publicId },
    select: { actionItems: { orderBy: { position: "asc" }, select: { title: true, ownerId: true, ownerName: true } } },
  });
  return incident.actionItems;
}

const ownersOf = (doc: ReportDocument | null) => doc?.actionItems.map((item) => ({ ownerEmail: item.ownerEmail, ownerName: item.ownerName }));

describe("owners of an imported report", () => {
  it("become the users with that email or exact name; an owner who is nobody here is kept as the name written", async () => {
    const tag = suffix();
    const byEmail = await createTestUser({ role: "SRE", email: uniqueTestEmail("pool-owner") });
    const byName = await createTestUser({ role: "VIEWER", name: `Jane Doe ${tag}` });
    const sre = await createTestActor("SRE");
    const { text, publicId } = reportText(
      [
        `- [ ] Rotate keys (Owner: ${byEmail.email.toUpperCase()}, Due: 2021-03-20)`,
        `- [ ] Add retries (owner:   jane DOE ${tag}  , due: March 22)`,
        `- Add connection-pool alerts — owner: @dba-team-${tag}, due 2021-03-20`,
      ].join("\n"),
    );

    const created = await importReport({ text }, sre);

    expect(await itemsOf(created.publicId)).toEqual([
      { title: "Rotate keys", ownerId: byEmail.id, ownerName: null },
      { title: "Add retries", ownerId: byName.id, ownerName: null },
      { title: "Add connection-pool alerts", ownerId: null, ownerName: `@dba-team-${tag}` },
    ]);
    expect(created.publicId).toBe(publicId);
    // the report (and every export made of it) names the users by email, the other owner by the name written
    expect(ownersOf(await loadReport(db(), publicId))).toEqual([
      { ownerEmail: byEmail.email, ownerName: undefined },
      { ownerEmail: byName.email, ownerName: undefined },
      { ownerEmail: null, ownerName: `@dba-team-${tag}` },
    ]);
  });

  it("are matched for the preview too, with a warning per owner not matched to a user and per guess by name, naming the lines", async () => {
    const tag = suffix();
    const jane = await createTestUser({ role: "SRE", name: `Jane Doe ${tag}` });
    await createTestUser({ role: "SRE", name: `Sam Lee ${tag}` });
    await createTestUser({ role: "SRE", name: `Sam Lee ${tag}` });
    await createTestUser({ role: "SRE", name: `Old Timer ${tag}`, active: false });
    const handle = await createTestUser({ role: "SRE", name: `ops${tag}` });
    const { text } = reportText(
      [
        `- Add alerts — owner: @dba-team-${tag}`,
        `- [ ] Rotate keys (owner: Jane Doe ${tag})`,
        `- Tune the pool`,
        `  Owner: @dba-team-${tag}`,
        `- [ ] Review limits (owner: Sam Lee ${tag})`,
        `- [ ] Archive logs (owner: Old Timer ${tag})`,
        `- @ops${tag} to add retries by 2021-04-01`,
        `- [ ] Write docs (owner: nobody-${tag}@example.com)`,
      ].join("\n"),
    );
    const parsed = parseReportText(text);
    const line = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

    const guesses = await matchImportedOwners(db(), parsed, { authorId: null });

    // the same messages as guesses for the preview, each at the first line its owner is written on
    expect(guesses.map((guess) => [guess.kind, guess.line])).toEqual(
      ["owner: @dba-team", "Rotate keys", "Review limits", "Archive logs", "to add retries", "Write docs"].map((needle) => ["owner", line(needle)]),
    );
    expect(guesses.map((guess) => guess.message)).toEqual(parsed.warnings);
    expect(parsed.warnings).toEqual([
      `Owner "@dba-team-${tag}" (lines ${line(`owner: @dba-team-${tag}`)}, ${line(`Owner: @dba-team-${tag}`)}) is not a user here: kept as a name; choose a user in the editor to get reminders.`,
      `Owner "Jane Doe ${tag}" (line ${line("Rotate keys")}) was matched by name to the user Jane Doe ${tag} <${jane.email}>; choose another user in the editor if that is not them.`,
      `Owner "Sam Lee ${tag}" (line ${line("Review limits")}) is the name of 2 users here: kept as a name; choose the right one in the editor to get reminders.`,
      `Owner "Old Timer ${tag}" (line ${line("Archive logs")}) is not a user here: kept as a name; choose a user in the editor to get reminders.`,
      `Owner "@ops${tag}" (line ${line("to add retries")}) was matched by name to the user ops${tag} <${handle.email}>; choose another user in the editor if that is not them.`,
      `Owner "nobody-${tag}@example.com" (line ${line("Write docs")}) is not a user here: kept as a name; choose a user in the editor to get reminders.`,
    ]);
    expect(ownersOf(parsed.document)).toEqual([
      { ownerEmail: null, ownerName: `@dba-team-${tag}` },
      { ownerEmail: jane.email, ownerName: undefined },
      { ownerEmail: null, ownerName: `@dba-team-${tag}` },
      { ownerEmail: null, ownerName: `Sam Lee ${tag}` },
      { ownerEmail: null, ownerName: `Old Timer ${tag}` },
      { ownerEmail: handle.email, ownerName: undefined },
      { ownerEmail: null, ownerName: `nobody-${tag}@example.com` },
    ]);
  });

  it("of a private report are matched by name only to people who can open it; the import goes through", async () => {
    const tag = suffix();
    const viewer = await createTestUser({ role: "VIEWER", name: `Vera Viewer ${tag}` });
    const manager = await createTestUser({ role: "MANAGER", name: `Mona Manager ${tag}` });
    const sre = await createTestActor("SRE");
    const { text, publicId } = reportText(
      `- [ ] Audit the bucket (owner: Vera Viewer ${tag})\n- [ ] Rotate keys (owner: Mona Manager ${tag})\n- [ ] Write it up (owner: ${sre.user.name})`,
      "Private: Yes\n",
    );
    const parsed = parseReportText(text);
    await matchImportedOwners(db(), parsed, { authorId: sre.user.id });
    expect(parsed.warnings).toContain(
      `Owner "Vera Viewer ${tag}" (line ${text.split("\n").findIndex((l) => l.includes("Audit")) + 1}) is a user who cannot open this private report: kept as a name; choose someone who can open it in the editor.`,
    );

    await importReport({ text }, sre);

    expect(await itemsOf(publicId)).toEqual([
      { title: "Audit the bucket", ownerId: null, ownerName: `Vera Viewer ${tag}` },
      { title: "Rotate keys", ownerId: manager.id, ownerName: null },
      { title: "Write it up", ownerId: sre.user.id, ownerName: null },
    ]);
    expect(viewer.id).not.toBe(manager.id);
  });
});

describe("owners kept as names, later", () => {
  async function reportWithNamedOwner(sre: UserActor, tag: string) {
    const document = reportDocumentSchema.parse({
      publicId: `INC-OWN-${tag}`,
      title: "Pool exhaustion",
      severity: "High",
      actionItems: [
        { title: "Add alerts", ownerName: `@dba-team-${tag}`, dueDate: "2031-03-20" },
        { title: "Rotate keys", ownerName: `Doe, Jane (contractor) ${tag}` },
      ],
    });
    await createReport({ document }, sre);
    const editable = await loadEditableReport(sre.user, document.publicId!);
    if (!editable) throw new Error("created report not visible to its author");
    return editable;
  }

  it("stay names when the report is saved, until a user is chosen in the editor, which clears the name", async () => {
    const tag = suffix();
    const sre = await createTestActor("SRE");
    const editable = await reportWithNamedOwner(sre, tag);
    // someone of that name joins after the import
    const owner = await createTestUser({ role: "SRE", name: `@dba-team-${tag}` });
    expect(ownersOf(editable.document)).toEqual([
      { ownerEmail: null, ownerName: `@dba-team-${tag}` },
      { ownerEmail: null, ownerName: `Doe, Jane (contractor) ${tag}` },
    ]);

    // a save with the names as they are keeps them (a user is chosen, never guessed, in the editor)
    const renamed = { ...editable.document, title: "Pool exhaustion (edited)" };
    const saved = await updateReport({ id: editable.id, expectedVersion: editable.version, document: renamed }, sre);
    expect(ownersOf(saved.document)).toEqual(ownersOf(editable.document));

    // choosing a user: the editor sends the user's email and no name
    const [first, second] = saved.document.actionItems;
    const { ownerName: _dropped, ...chosen } = { ...first!, ownerEmail: owner.email };
    const again = await updateReport({ id: editable.id, expectedVersion: saved.version, document: { ...saved.document, actionItems: [chosen, second!] } }, sre);
    expect(ownersOf(again.document)).toEqual([
      { ownerEmail: owner.email, ownerName: undefined },
      { ownerEmail: null, ownerName: `Doe, Jane (contractor) ${tag}` },
    ]);
    const rows = await itemsOf(editable.publicId);
    expect(rows.map((row) => [row.ownerId, row.ownerName])).toEqual([
      [owner.id, null],
      [null, `Doe, Jane (contractor) ${tag}`],
    ]);
    // the audit says who the owner was and is
    const audit = await db().auditEvent.findFirstOrThrow({ where: { incidentId: editable.id, action: "incident.update" }, orderBy: { id: "desc" } });
    const changes = audit.changes as { actionItems: { before: { ownerName?: string }[]; after: { ownerEmail: string | null }[] } };
    expect(changes.actionItems.before[0]!.ownerName).toBe(`@dba-team-${tag}`);
    expect(changes.actionItems.after[0]!.ownerEmail).toBe(owner.email);
  });

  it("refuse an owner given both as a user and as a name", async () => {
    const sre = await createTestActor("SRE");
    const document = { title: "Both", severity: "Low", actionItems: [{ title: "Fix", ownerEmail: sre.user.email, ownerName: "Someone" }] };
    const error = await createReport({ document }, sre).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([
      { path: "document.actionItems.0.ownerName", message: "give the owner as a user's email or as a name, not both" },
    ]);
  });

  it("survive an export as text or Markdown and an import of it: the same users' emails and the same names", async () => {
    const tag = suffix();
    const sre = await createTestActor("SRE");
    const user = await createTestUser({ role: "SRE" });
    const document = reportDocumentSchema.parse({
      publicId: `INC-RT-${tag}`,
      title: "Round trip",
      severity: "High",
      startedAt: "2031-03-10T10:00:00Z",
      actionItems: [
        { title: "Add alerts", ownerName: `@dba-team-${tag}`, dueDate: "2031-03-20" },
        { title: "Rotate keys", ownerName: `Doe, Jane (contractor) ${tag}`, priority: "HIGH" },
        { title: "Tune the pool", ownerEmail: user.email },
        { title: "Write docs", ownerEmail: uniqueTestEmail("gone") },
        { title: "Nobody's", description: "Owner: an old note\nStill open." },
      ],
    });
    const created = await db().$transaction((tx) => insertReport(tx, document, { authorId: sre.user.id }));
    const stored = await loadReport(db(), created.id);
    expect(ownersOf(stored)).toEqual([
      { ownerEmail: null, ownerName: `@dba-team-${tag}` },
      { ownerEmail: null, ownerName: `Doe, Jane (contractor) ${tag}` },
      { ownerEmail: user.email, ownerName: undefined },
      // an email nobody has is kept as the name written
      { ownerEmail: null, ownerName: document.actionItems[3]!.ownerEmail },
      { ownerEmail: null, ownerName: undefined },
    ]);
    for (const text of [toPlainText(stored!), toMarkdown(stored!)]) {
      const again = parseReportText(text);
      await matchImportedOwners(db(), again, { authorId: sre.user.id });
      expect(ownersOf(again.document)).toEqual(ownersOf(stored));
      expect(again.document.actionItems[4]!.description).toBe("Owner: an old note\nStill open.");
    }
  });
});
