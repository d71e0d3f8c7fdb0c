import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { docxToHtml } from "@/lib/incidents/report-formats/docx";
import { MAX_DOCX_BYTES } from "@/lib/incidents/report-formats/file-kinds";
import { htmlToMarkdown } from "@/lib/incidents/report-formats/html-to-markdown";
import { makeDocx, makeZip } from "@/lib/incidents/report-formats/test-zip";
import { parseReportText } from "@/lib/incidents/report-text/parse";

const FIXTURE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "postmortem.docx"));

async function docxMarkdown(bytes: Uint8Array): Promise<string> {
  const { html, title } = await docxToHtml(bytes, '"report.docx"');
  return htmlToMarkdown(html, { title }).markdown;
}

/** The refusal `work` ends in: its class and message. */
async function refusal(work: Promise<unknown>): Promise<{ error: Error; message: string }> {
  try {
    await work;
  } catch (error) {
    return { error: error as Error, message: (error as Error).message };
  }
  throw new Error("expected a refusal");
}

describe("a Word document (fixtures/postmortem.docx, written by make-docx.py)", () => {
  it("becomes Markdown with the Title style as title, headings, a list and both tables with their header rows", async () => {
    const text = await docxMarkdown(FIXTURE);
    expect(text.startsWith("# Order confirmation emails delayed by a stuck mail queue\n\n**Incident ID:** INC-2021-0521\n")).toBe(true);
    expect(text).toMatch(/^# Summary$/m);
    expect(text).toContain("- Users affected: 12,400\n- Support tickets about missing confirmations: 85");
    // the timeline's first row is Word's repeated header row; the action items' first row is only bold
    expect(text).toContain("| Time | Event |\n| --- | --- |\n| 08:10 | Nightly catalog export enqueues a message with a 40 MB attachment |");
    expect(text).toContain(
      "| Action | Owner | Due | Priority |\n| --- | --- | --- | --- |\n| Refuse messages over 10 MB when they are enqueued | li.wei@example.com | 2021-06-04 | High |",
    );
    expect(text).toMatch(/^## What went wrong$/m);
  });

  it("reads as a report: header fields, the timeline in Paris time, action items with owners, due dates and priorities", async () => {
    const { document } = parseReportText(await docxMarkdown(FIXTURE));
    expect(document).toMatchObject({ publicId: "INC-2021-0521", severity: "Medium", status: "CLOSED", timeZone: "Europe/Paris" });
    expect(document.title).toBe("Order confirmation emails delayed by a stuck mail queue");
    expect(document.timeline).toHaveLength(6);
    expect(document.timeline[0]).toMatchObject({ occurredAt: "2021-05-21T06:10:00.000Z" }); // 08:10 in Paris (CEST)
    expect(document.actionItems.map(({ ownerEmail, dueDate, priority }) => ({ ownerEmail, dueDate, priority }))).toEqual([
      { ownerEmail: "li.wei@example.com", dueDate: "2021-06-04", priority: "HIGH" },
      { ownerEmail: "li.wei@example.com", dueDate: "2021-06-18", priority: "MEDIUM" },
      { ownerEmail: "oncall-platform@example.com", dueDate: "2021-05-28", priority: "LOW" },
    ]);
    expect(document.impact.usersAffected).toBe(12_400);
    expect(document.lessonsLearned).toEqual([{ category: "WENT_WRONG", text: "The queue-age alert waited 30 minutes before firing." }]);
  });

  it("takes the title from the document's properties when no paragraph is styled as the title", async () => {
    const bytes = makeDocx(["# Summary", "The queue backed up for two hours.", "**Severity:** Low"], { title: "Mail queue backlog" });
    expect(await docxMarkdown(bytes)).toBe("# Mail queue backlog\n\n# Summary\n\nThe queue backed up for two hours.\n\n**Severity:** Low\n");
  });

  it("leaves images out without reading them, and says so", async () => {
    const bytes = makeDocx(["# Summary", "See the graph."], {
      extra: [{ name: "word/media/image1.png", data: new Uint8Array(2048).fill(7) }],
    });
    const { html } = await docxToHtml(bytes);
    expect(html).not.toContain("base64");
  });
});

describe("what is refused instead of opened", () => {
  const docxWith = (extra: Parameters<typeof makeDocx>[1]) => makeDocx(["# Summary", "x"], extra);

  it("a file that is not a ZIP archive, naming the file (422)", async () => {
    const { error, message } = await refusal(docxToHtml(new TextEncoder().encode("Title: not a docx\n"), '"notes.docx"'));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(message).toBe('"notes.docx" is not a Word document (.docx): a .docx is a ZIP archive and this file is not one.');
  });

  it("a ZIP archive without word/document.xml, or another Office file, saying which", async () => {
    expect((await refusal(docxToHtml(makeZip([{ name: "readme.txt", data: "hello" }])))).message).toMatch(/holds no word\/document\.xml/);
    expect((await refusal(docxToHtml(makeZip([{ name: "xl/workbook.xml", data: "<workbook/>" }])))).message).toMatch(/it is an Excel workbook/);
    const odt = makeZip([
      { name: "mimetype", data: "application/vnd.oasis.opendocument.text", store: true },
      { name: "content.xml", data: "<office:document-content/>" },
    ]);
    expect((await refusal(docxToHtml(odt))).message).toMatch(/OpenDocument file .*save it as \.docx/);
  });

  it("a cut-off or damaged archive, an encrypted entry, a document mammoth cannot read", async () => {
    expect((await refusal(docxToHtml(FIXTURE.subarray(0, FIXTURE.length - 30)))).message).toMatch(/ZIP directory is missing/);
    expect((await refusal(docxToHtml(docxWith({ extra: [{ name: "word/secret.xml", data: "x", encrypted: true }] })))).message).toMatch(/encrypted/);
    const broken = makeZip([
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "word/document.xml", data: "this is not XML <<<" },
    ]);
    const { error, message } = await refusal(docxToHtml(broken));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(message).toMatch(/^The file is not a Word document \(\.docx\): Word could have written it, but it cannot be read/);
  });

  it("a file over 10 MB (413), before it is opened", async () => {
    const big = new Uint8Array(MAX_DOCX_BYTES + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    const { error, message } = await refusal(docxToHtml(big, '"big.docx"'));
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(message).toBe('"big.docx" is 10.0 MB (10,485,761 bytes); a Word document may be at most 10 MB.');
  });

  it("a ZIP bomb: 60 MB of zeros packed into a few kilobytes, declared honestly or not (413), quickly", async () => {
    const zeros = new Uint8Array(60 * 1024 * 1024);
    for (const declaredSize of [undefined, 1_000]) {
      const bomb = docxWith({ extra: [{ name: "word/media/image1.png", data: zeros, declaredSize }] });
      expect(bomb.byteLength).toBeLessThan(100 * 1024);
      const started = performance.now();
      const { error, message } = await refusal(docxToHtml(bomb, '"bomb.docx"'));
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(message).toMatch(/^"bomb\.docx" unpacks to more than 40 MB, more than any Word report needs/);
      expect(performance.now() - started).toBeLessThan(3_000);
    }
  });
});
