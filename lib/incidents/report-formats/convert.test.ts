import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { convertReportFile } from "@/lib/incidents/report-formats/convert";
import { MAX_NESTING, nestingDepth } from "@/lib/incidents/report-formats/convert-markup";
import { DOCX_MEDIA_TYPE, MAX_HTML_BYTES } from "@/lib/incidents/report-formats/file-kinds";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const DOCX = readFileSync(path.join(fixtures, "postmortem.docx"));
const GOOGLE = readFileSync(path.join(fixtures, "google-docs-export.html"));

async function refusal(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal");
}

describe("convertReportFile (the API's conversion, which the import page calls)", () => {
  it("converts a Word document, a Google Docs page and a text file, saying what each was read as", async () => {
    const word = await convertReportFile({ bytes: new Uint8Array(DOCX), fileName: "report.docx", mediaType: DOCX_MEDIA_TYPE });
    expect(word).toMatchObject({ format: "docx", fileName: "report.docx", notes: [] });
    expect(word.text).toMatch(/^# Order confirmation emails delayed by a stuck mail queue\n/);
    const page = await convertReportFile({ bytes: new Uint8Array(GOOGLE), fileName: "postmortem.html", mediaType: "text/html" });
    expect(page).toMatchObject({ format: "html", fileName: "postmortem.html" });
    expect(page.notes).toContain("1 comment was left out.");
    const text = await convertReportFile({ bytes: new TextEncoder().encode("Title: Disk full\nSeverity: Low\n"), fileName: "notes" });
    expect(text).toEqual({ format: "text", fileName: "notes", notes: [], text: "Title: Disk full\nSeverity: Low\n" });
  });
});

describe("convertReportFile refuses", () => {
  it("an empty file, a page with no text (422)", async () => {
    expect((await refusal(convertReportFile({ bytes: new Uint8Array(), fileName: "empty.md" }))).message).toBe('"empty.md" holds no text.');
    expect((await refusal(convertReportFile({ bytes: new TextEncoder().encode("<html><body><img src=x></body></html>") }))).message).toBe(
      "The file holds no text.",
    );
  });

  it("an HTML page over 5 MB, and a page whose text is over the report's 1 MB (413)", async () => {
    const huge = new TextEncoder().encode(`<p>${"x".repeat(MAX_HTML_BYTES)}</p>`);
    const tooLarge = await refusal(convertReportFile({ bytes: huge, fileName: "big.html" }));
    expect(tooLarge).toBeInstanceOf(PayloadTooLargeError);
    expect(tooLarge.message).toBe(`"big.html" is ${huge.byteLength.toLocaleString("en-US")} bytes; an HTML page may be at most 5 MB (5,242,880 bytes).`);

    const wordy = new TextEncoder().encode(`<h1>Long</h1>${"<p>The cache was cold and every request missed it.</p>".repeat(25_000)}`);
    const tooMuchText = await refusal(convertReportFile({ bytes: wordy, fileName: "long.html" }));
    expect(tooMuchText).toBeInstanceOf(PayloadTooLargeError);
    expect(tooMuchText.message).toMatch(/^The text read from "long\.html" is [\d,]+ bytes; a report may be at most 1 MB \(1,048,576 bytes\)\.$/);
  });

  it("a page nested too deeply to walk (422) before it is parsed, not a crash nor minutes of work", async () => {
    const deep = `<h1>T</h1>${"<div>".repeat(100_000)}x${"</div>".repeat(100_000)}`;
    const started = performance.now();
    const error = await refusal(convertReportFile({ bytes: new TextEncoder().encode(deep), fileName: "deep.html" }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toBe('"deep.html" nests elements 100,000 levels deep; a report page needs far fewer than 200.');
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("counts nesting from the tags, leaving out elements HTML closes by itself, scripts and comments", () => {
    expect(nestingDepth("<div><p>a<p>b<ul><li>c<li>d</ul></div>")).toBe(2);
    expect(nestingDepth(`<script>${"<div>".repeat(500)}</script><!-- ${"<span>".repeat(500)} --><br><img src=x><span/>`)).toBe(0);
    for (const name of ["google-docs-export.html", "confluence-export.html"]) {
      expect(nestingDepth(readFileSync(path.join(fixtures, name), "utf8"))).toBeLessThan(MAX_NESTING / 4);
    }
  });
});
