import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { decodeReportText, detectReportFile, UnsupportedFileError } from "@/lib/incidents/report-formats/detect";
import { DOCX_MEDIA_TYPE, fileKindFromName } from "@/lib/incidents/report-formats/file-kinds";
import { makeDocx } from "@/lib/incidents/report-formats/test-zip";

const bytes = (text: string) => new TextEncoder().encode(text);

function refusedWith(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a refusal");
}

describe("detectReportFile", () => {
  it("reads a ZIP as a Word document whatever it is called, and a page as HTML even when called .doc or .docx", () => {
    expect(detectReportFile(makeDocx(["x"]), { fileName: "report.txt" })).toBe("docx");
    expect(detectReportFile(bytes("<html><body><h1>Outage</h1></body></html>"), { fileName: "saved-from-word.docx" })).toBe("html");
    expect(detectReportFile(bytes("<html><body><h1>Outage</h1></body></html>"), { mediaType: DOCX_MEDIA_TYPE })).toBe("html");
    // not a ZIP and not a page: the Word reader refuses it, saying why
    expect(detectReportFile(bytes("just text"), { fileName: "notes.docx" })).toBe("docx");
  });

  it("believes what the sender says about text and HTML, and looks at the text when nothing is said", () => {
    expect(detectReportFile(bytes("<p>a Markdown file that starts with a tag</p>\n# Title"), { fileName: "report.md" })).toBe("text");
    expect(detectReportFile(bytes("# Title\n\nText"), { mediaType: "text/html; charset=utf-8" })).toBe("html");
    expect(detectReportFile(bytes("\uFEFF  <!DOCTYPE html><html></html>"), {})).toBe("html");
    expect(detectReportFile(bytes('<ac:structured-macro ac:name="toc"/>'), { fileName: "page" })).toBe("html");
    expect(detectReportFile(bytes("INCIDENT REPORT\n===\n"), { fileName: "report", mediaType: "application/octet-stream" })).toBe("text");
  });

  it("refuses with 415 what no converter reads, saying what the file is", () => {
    const cases: [Uint8Array, RegExp][] = [
      [
        new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        /^"old\.doc" is an old Word document \(\.doc, Word 97-2003\) or a password-protected one/,
      ],
      [bytes("%PDF-1.7\n..."), /^"old\.doc" is a PDF/],
      [bytes("{\\rtf1\\ansi hello}"), /^"old\.doc" is an RTF document/],
      [
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
        /^"old\.doc" is not text, an HTML page or a Word document\. Import takes plain text or Markdown/,
      ],
    ];
    for (const [content, message] of cases) {
      const error = refusedWith(() => detectReportFile(content, { fileName: "old.doc" }));
      expect(error).toBeInstanceOf(UnsupportedFileError);
      expect(error.message).toMatch(message);
    }
  });

  it("knows the extensions the import page reads itself", () => {
    expect(["a.TXT", "b.md", "c.markdown", "d.HTM", "e.html", "f.docx", "g.pdf", "noext", null].map(fileKindFromName)).toEqual([
      "text",
      "text",
      "text",
      "html",
      "html",
      "docx",
      null,
      null,
      null,
    ]);
  });
});

describe("decodeReportText", () => {
  it("reads UTF-8 with or without a BOM, UTF-16 by its BOM, and the charset it is told", () => {
    expect(decodeReportText(bytes("\uFEFFÉtat: résolu"), "text", null)).toBe("État: résolu");
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from("Hé", (c) => [c.charCodeAt(0), 0]).flat()]);
    expect(decodeReportText(utf16, "text", null)).toBe("Hé");
    expect(decodeReportText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "text", "windows-1252")).toBe("café");
  });

  it("reads a page in the charset its <meta> names (Word's Web Page is windows-1252)", () => {
    const page = new Uint8Array([...bytes('<html><head><meta charset="windows-1252"></head><body>caf'), 0xe9, ...bytes("</body></html>")]);
    expect(decodeReportText(page, "html", null)).toContain("café");
  });

  it("refuses bytes that are not the text they claim to be (422), and an unknown charset (415)", () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]);
    const notUtf8 = refusedWith(() => decodeReportText(latin1, "text", null, '"notes.txt"'));
    expect(notUtf8).toBeInstanceOf(InvalidInputError);
    expect(notUtf8.message).toBe('"notes.txt" is not valid UTF-8 text: save it as UTF-8 and try again.');
    const unknown = refusedWith(() => decodeReportText(latin1, "text", "klingon-8"));
    expect(unknown).toBeInstanceOf(UnsupportedFileError);
    expect(unknown.message).toMatch(/character set klingon-8, which is not supported/);
  });
});
