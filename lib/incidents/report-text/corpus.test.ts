// Import fidelity over the corpus of postmortems in the styles teams write (test/fixtures/reports/, issue 15): every
// fact a careful reader takes from each report must be in the imported report, and must still be there after the
// report is stored, exported as text the way the app exports it, and imported again. The table of facts found /
// expected is printed at the end (`npx vitest run lib/incidents/report-text/corpus.test.ts`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { toPlainText } from "@/lib/incidents/report-export";
import {
  checkFacts,
  type CorpusRow,
  type FactResult,
  formatTable,
  importCorpusReport,
  importText,
  type Imported,
  listCorpus,
  roundTripLosses,
} from "@/lib/incidents/report-text/corpus-facts";
import type { ReportDocument } from "@/lib/incidents/schema";
import { insertReport, loadReport } from "@/lib/incidents/store";

const corpus = listCorpus();
const rows = new Map<string, CorpusRow>();

/** As the app does it: the import stored (insertReport), read back (loadReport) and exported as text (toPlainText). */
async function exportedThroughTheApp(document: ReportDocument): Promise<Imported> {
  try {
    const created = await getDb().$transaction((tx) => insertReport(tx, document, { authorId: null }));
    const stored = await loadReport(getDb(), created.id);
    if (!stored) return { ok: false, error: `the stored report ${created.id} could not be read back` };
    return importText(toPlainText(stored));
  } catch (error) {
    return { ok: false, error: `storing or exporting failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const missed = (file: string, results: FactResult[]) => results.filter((r) => !r.found).map((r) => `${file}: ${r.label} — found ${r.detail}`);

describe("import corpus (test/fixtures/reports)", () => {
  beforeAll(async () => {
    for (const report of corpus) {
      const first = await importCorpusReport(report);
      const firstFacts = checkFacts(report.expected.facts, first);
      const second = first.ok ? checkFacts(report.expected.facts, await exportedThroughTheApp(first.document), { exported: true }) : null;
      rows.set(report.name, { report, first: firstFacts, second });
    }
  });

  afterAll(() => {
    console.log(`Import corpus: facts found / expected\n${formatTable([...rows.values()])}`);
  });

  it("holds at least 12 reports in the styles teams write, each with its expected facts", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(12);
    expect(new Set(corpus.map((r) => r.format))).toEqual(new Set(["text", "html", "docx"]));
    for (const report of corpus) expect(checkFacts(report.expected.facts, { ok: false, error: "-" }).length, report.file).toBeGreaterThan(10);
  });

  describe.each(corpus.map((report) => ({ name: report.file, report })))("$name", ({ report }) => {
    it("imports with every fact the report states", () => {
      const row = rows.get(report.name)!;
      expect(missed(report.file, row.first)).toEqual([]);
    });

    it("keeps every fact through storing, export as text and import again", () => {
      const row = rows.get(report.name)!;
      const lost = row.second ? roundTripLosses(row.first, row.second).lost : [];
      expect(missed(report.file, lost)).toEqual([]);
    });
  });

  it("finds 100% of the corpus's facts", () => {
    const all = [...rows.values()].flatMap((r) => r.first);
    expect(`${all.filter((r) => r.found).length} of ${all.length}`).toBe(`${all.length} of ${all.length}`);
  });
});
