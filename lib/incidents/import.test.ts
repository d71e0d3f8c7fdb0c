import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ForbiddenError, PayloadTooLargeError, UnauthenticatedError } from "@/lib/errors";
import { annotateLines, importReport, previewImport } from "@/lib/incidents/import";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import { loadReport } from "@/lib/incidents/store";
import { auditRowsFor, createTestActor, createTestUser } from "@/lib/users/test-fixtures";

const SAMPLE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/seed-data/inc-2024-1127-001.txt"), "utf8");

function sample(): { text: string; publicId: string } {
  const publicId = `INC-2024-1127-${randomInt(100_000, 999_999)}`;
  return { text: SAMPLE.replace("INC-2024-1127-001", publicId), publicId };
}

describe("annotateLines", () => {
  it("maps every line of the sample: none has content that went nowhere", () => {
    const { lineMap } = parseReportText(SAMPLE);
    const lines = annotateLines(SAMPLE, lineMap);
    expect(lines).toHaveLength(SAMPLE.split("\n").length);
    expect(lines.filter((line) => line.kind === "unmapped")).toEqual([]);
    expect(lines[0]).toEqual({ line: 1, text: SAMPLE.split("\n")[0], fields: ["title"], kind: "mapped" });
    expect(lines[1]).toMatchObject({ line: 2, kind: "decoration", fields: [] });
    expect(lines[2]).toMatchObject({ line: 3, kind: "blank" });
    expect(lines[11]).toMatchObject({ line: 12, fields: ["timeline[0]", "detectedAt"] });
  });

  it("marks a line with content and no field as unmapped, splitting lines as the parser does", () => {
    const lines = annotateLines("\uFEFFTitle\r\nlost line\rkept", [
      { line: 1, field: "title" },
      { line: 3, field: "summary" },
      { line: 3, field: "summary" },
    ]);
    expect(lines.map((line) => [line.line, line.kind, line.fields])).toEqual([
      [1, "mapped", ["title"]],
      [2, "unmapped", []],
      [3, "mapped", ["summary"]],
    ]);
    expect(lines[0]!.text).toBe("Title");
  });
});

describe("importReport", () => {
  it("creates the report with the importer as author, audited as incident.import in the same transaction", async () => {
    const sre = await createTestActor("SRE");
    const { text, publicId } = sample();
    const created = await importReport({ text, timeZone: "" }, sre);
    expect(created).toMatchObject({ publicId, warnings: [] });
    const row = await getDb().incident.findUniqueOrThrow({ where: { id: created.id }, select: { authorId: true, reportState: true } });
    expect(row).toEqual({ authorId: sre.user.id, reportState: "DRAFT" });
    expect((await loadReport(getDb(), publicId))?.timeline).toHaveLength(9);
    const audit = await auditRowsFor(created.id);
    expect(audit).toEqual([expect.objectContaining({ action: "incident.import", actorId: sre.user.id, actorType: "USER", incidentId: created.id })]);
    expect(audit[0]!.meta).toMatchObject({ publicId, bytes: Buffer.byteLength(text) });
  });

  it("refuses callers below SRE, anonymous callers and over-large text before parsing, creating nothing", async () => {
    const before = await getDb().incident.count();
    await expect(importReport({ text: sample().text }, await createTestActor("VIEWER"))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(importReport({ text: sample().text }, null)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(importReport({ text: "x".repeat(1024 * 1024 + 1) }, await createTestActor("SRE"))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(await getDb().incident.count()).toBe(before);
  });
});

describe("previewImport", () => {
  it("parses without creating, and warns when the report's incident id is already taken", async () => {
    const sre = await createTestActor("SRE");
    const { text, publicId } = sample();
    const before = await getDb().incident.count();
    const fresh = await previewImport({ text }, sre);
    expect(fresh.document.publicId).toBe(publicId);
    expect(fresh.warnings).toEqual([]);
    expect(await getDb().incident.count()).toBe(before);

    await importReport({ text }, sre);
    const taken = await previewImport({ text }, sre);
    expect(taken.warnings).toEqual([expect.stringContaining(`An incident with the id ${publicId} already exists`)]);
  });

  it("passes on what it guessed and what it asks: which zone an ambiguous IST means, answered by the import's zone", async () => {
    const sre = await createTestActor("SRE");
    const text = "INCIDENT REPORT - Payments down\n\nSeverity: High\nDate: 2024-06-10\nAll times IST\n\nTimeline:\n14:05 - Alert fired\n";
    const asked = await previewImport({ text }, sre);
    expect(asked.questions).toEqual([expect.objectContaining({ kind: "timeZone", written: "IST", line: 5, chosen: "Asia/Kolkata" })]);
    expect(asked.questions[0]!.choices.map((choice) => choice.zone)).toEqual(["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]);
    expect(asked.guesses.map((guess) => guess.kind)).toEqual(["timeZone"]);
    expect(asked.warnings).toContain(asked.guesses[0]!.message);
    expect(asked.document.timeline[0]!.occurredAt).toBe("2024-06-10T08:35:00.000Z");

    const answered = await previewImport({ text, timeZone: "Europe/Dublin" }, sre);
    expect(answered.questions).toEqual([]);
    expect(answered.document.timeline[0]!.occurredAt).toBe("2024-06-10T13:05:00.000Z");
    expect(answered.document.timeZone).toBe("Europe/Dublin");
  });

  it("matches owners to users by email and keeps an unknown owner as a name, listed among the guesses once", async () => {
    const sre = await createTestActor("SRE");
    const dba = await createTestUser({ role: "SRE" });
    const text = [
      "INCIDENT REPORT - Replica lag",
      "",
      "Severity: High",
      "Status: Resolved",
      "Date: 2024-06-10",
      "Action items:",
      `- Add replica lag alerts — owner: ${dba.email.toUpperCase()}, due 2024-06-20`,
      "- Tune vacuum settings — owner: @dba-team-x9, due 2024-06-30",
      "",
    ].join("\n");
    const preview = await previewImport({ text }, sre);
    expect(preview.document.actionItems.map((item) => [item.title, item.ownerEmail, item.ownerName ?? null])).toEqual([
      ["Add replica lag alerts", dba.email, null],
      ["Tune vacuum settings", null, "@dba-team-x9"],
    ]);
    const owner = {
      kind: "owner",
      line: 8,
      message: 'Owner "@dba-team-x9" (line 8) is not a user here: kept as a name; choose a user in the editor to get reminders.',
    };
    expect(preview.guesses).toEqual([owner]);
    expect(preview.warnings).toEqual([owner.message]);

    const created = await importReport({ text }, sre);
    expect(created.warnings).toEqual([owner.message]);
    const items = await getDb().actionItem.findMany({
      where: { incidentId: created.id },
      orderBy: { title: "asc" },
      select: { ownerId: true, ownerName: true },
    });
    expect(items).toEqual([
      { ownerId: dba.id, ownerName: null },
      { ownerId: null, ownerName: "@dba-team-x9" },
    ]);
  });

  it("needs the import permission", async () => {
    await expect(previewImport({ text: SAMPLE }, await createTestActor("VIEWER"))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
