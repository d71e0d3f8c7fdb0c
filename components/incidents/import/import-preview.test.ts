// The import preview as the server renders it: what it says it guessed, the questions it asks, and the rest of the
// warnings apart from both.
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { annotateLines, type ImportPreview as ImportPreviewData } from "@/lib/incidents/import";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import { ImportPreview } from "@/components/incidents/import/import-preview";

const IST_REPORT = "INCIDENT REPORT - Payments down\n\nSeverity: High\nDate: 2024-06-10\nAll times IST\n\nTimeline:\n14:05 - Alert fired\n";

function previewOf(text: string, timeZone?: string): ImportPreviewData {
  const { document, warnings, lineMap, guesses, questions } = parseReportText(text, { timeZone });
  return { document, warnings, guesses, questions, lines: annotateLines(text, lineMap) };
}

const render = (preview: ImportPreviewData, onChooseTimeZone?: (zone: string) => void) => renderToStaticMarkup(h(ImportPreview, { preview, onChooseTimeZone }));

/** The markup of the element with this test id (its first occurrence), up to the tag that closes it. */
function section(html: string, testId: string, tag = "div"): string {
  const start = html.indexOf(`data-testid="${testId}"`);
  if (start < 0) return "";
  const open = html.lastIndexOf(`<${tag}`, start);
  let depth = 0;
  const pattern = new RegExp(`<${tag}[\\s>]|</${tag}>`, "g");
  pattern.lastIndex = open;
  for (let m = pattern.exec(html); m; m = pattern.exec(html)) {
    depth += m[0].startsWith("</") ? -1 : 1;
    if (depth === 0) return html.slice(open, m.index + m[0].length);
  }
  return html.slice(open);
}

describe("ImportPreview", () => {
  it("asks which zone an ambiguous abbreviation means, one radio button per place, the one used checked", () => {
    const html = render(previewOf(IST_REPORT), () => {});
    const question = section(html, "import-question", "fieldset");
    expect(question).toContain("Which time zone does “IST” on line 5 mean?");
    const radios = [...question.matchAll(/<input type="radio"[^>]*>/g)].map((m) => m[0]);
    expect(radios.map((r) => /value="([^"]+)"/.exec(r)![1])).toEqual(["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"]);
    expect(radios.map((r) => r.includes("checked"))).toEqual([true, false, false]);
    expect(radios.some((r) => r.includes("disabled"))).toBe(false);
    expect(question).toContain("India (IST, UTC+5:30)");
    expect(question).toContain("Choosing one sets the time zone of the report and previews it again.");
  });

  it("shows the choices without letting them be picked when the page cannot preview again", () => {
    const question = section(render(previewOf(IST_REPORT)), "import-question", "fieldset");
    expect([...question.matchAll(/<input type="radio"[^>]*disabled/g)]).toHaveLength(3);
    expect(question).toContain("Set the time zone of the report to the right one and preview again.");
  });

  it("lists what was guessed apart from the other warnings, each once", () => {
    const text =
      "# Database outage (SEV #1234)\n\nAll times CET\n\n## Summary\n\nShortly after 14:05 CET on 3 March 2021, the database fell over.\n\n## Timeline\n\n14:05 - Alert fired\n";
    const preview = previewOf(text);
    const html = render(preview);
    const guesses = section(html, "import-guesses");
    expect(guesses).toContain("What was guessed");
    expect([...guesses.matchAll(/data-testid="import-guess" data-kind="([a-zA-Z]+)"/g)].map((m) => m[1])).toEqual(["publicId", "date", "timeZone"]);
    expect(guesses).toContain(
      "The incident date 3 March 2021 was read from the sentence &quot;Shortly after 14:05 CET on 3 March 2021 ...&quot; (line 7): check it.",
    );
    const warnings = section(html, "import-warnings");
    expect(warnings).toContain("The report gives no status");
    expect(warnings).not.toContain("The incident date");
    expect(section(html, "preview-counts", "p")).toMatch(/2 warnings · 3 guesses/);
    expect(html).not.toContain('data-testid="import-questions"');
  });

  it("lists an owner kept as a name among the guesses, labelled as an owner", () => {
    const preview = previewOf(IST_REPORT);
    const message = 'Owner "Sam Patel" (line 9) matches no user; it is kept as a name.';
    const html = render({ ...preview, warnings: [...preview.warnings, message], guesses: [...preview.guesses, { kind: "owner", line: 9, message }] });
    const owner = section(html, "import-guesses").split('data-kind="owner"')[1] ?? "";
    expect(owner).toContain(">Owner<");
    expect(owner).toContain("Sam Patel");
    expect(section(html, "import-warnings")).not.toContain("Sam Patel");
  });

  it("shows an owner kept as a name as not a user, and an owner matched by email by the address", () => {
    const text =
      "INCIDENT REPORT - Replica lag\n\nSeverity: High\nStatus: Resolved\n\nAction items:\n- Add lag alerts — owner: ana@example.com\n- Tune vacuum — owner: @dba-team\n";
    const preview = previewOf(text);
    // as previewImport leaves it after matching: the first owner a user (by email), the second kept as a name
    expect(preview.document.actionItems.map((item) => [item.ownerEmail, item.ownerName ?? null])).toEqual([
      ["ana@example.com", null],
      [null, "@dba-team"],
    ]);
    const items = section(render(preview), "preview-action-items", "ol");
    expect(items).toContain(" · ana@example.com");
    expect(items).toContain(" · @dba-team (not a user)");
  });
});
