// A Word document (.docx, also what Google Docs downloads as "Microsoft Word") → HTML through mammoth, for
// html-to-markdown.ts. Before mammoth sees the file it is checked as a ZIP: a file that is not a Word document is
// refused saying what it is, and every entry is unpacked once under a ceiling (MAX_DOCX_UNPACKED_BYTES in all), so a
// ZIP bomb is refused instead of unpacked into memory. Images are left out without being read.
// No server-only import: the conversion worker (convert-worker.ts) runs this.
import mammoth from "mammoth";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { formatMegabytes, MAX_DOCX_BYTES, MAX_DOCX_UNPACKED_BYTES } from "@/lib/incidents/report-formats/file-kinds";
import { looksLikeZip, readZipDirectory, TooLargeEntry, unpack, ZipError, type ZipEntry } from "@/lib/incidents/report-formats/zip";

export type DocxHtml = { html: string; title: string | null };

const MAX_ENTRIES = 2_000;
/** The HTML mammoth may write: well above what 1 MB of report text becomes, far below what would hurt. */
const MAX_HTML_CHARS = 8 * 1024 * 1024;

// Word's own styles for a document's title; mammoth maps headings 1-6 by itself.
const STYLE_MAP = ["p[style-name='Title'] => h1.title:fresh", "p[style-name='Subtitle'] => p.subtitle:fresh"];

export function docxTooLarge(bytes: number | null, name: string): PayloadTooLargeError {
  const size = bytes === null ? "larger than that" : `${formatMegabytes(bytes)} (${bytes.toLocaleString("en-US")} bytes)`;
  return new PayloadTooLargeError(`${name} is ${size}; a Word document may be at most ${formatMegabytes(MAX_DOCX_BYTES)}.`);
}

export async function docxToHtml(bytes: Uint8Array, name = "The file"): Promise<DocxHtml> {
  if (bytes.byteLength > MAX_DOCX_BYTES) throw docxTooLarge(bytes.byteLength, name);
  const entries = checkedEntries(bytes, name);
  const title = coreTitle(bytes, entries);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        externalFileAccess: false,
        // An <img> without a source, which the HTML conversion drops (and counts): the image is never read.
        convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      },
    );
    html = result.value;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw notADocx(name, `Word could have written it, but it cannot be read (${detail})`);
  }
  if (html.length > MAX_HTML_CHARS) {
    throw new PayloadTooLargeError(`${name} holds more text than a report can: its content alone is over ${formatMegabytes(MAX_HTML_CHARS)}.`);
  }
  return { html, title };
}

function notADocx(name: string, why: string): InvalidInputError {
  return new InvalidInputError(`${name} is not a Word document (.docx): ${why}.`, [{ path: "file", message: "is not a .docx" }]);
}

/** The ZIP's entries once it is known to be a Word document whose every entry unpacks within the ceiling. */
function checkedEntries(bytes: Uint8Array, name: string): ZipEntry[] {
  if (!looksLikeZip(bytes)) throw notADocx(name, "a .docx is a ZIP archive and this file is not one");
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes, MAX_ENTRIES);
  } catch (error) {
    if (error instanceof ZipError) throw notADocx(name, error.message);
    throw error;
  }
  const names = new Set(entries.map((entry) => entry.name));
  if (!names.has("word/document.xml")) throw notADocx(name, otherOfficeFile(names) ?? "the ZIP archive holds no word/document.xml");

  const ceiling = () =>
    new PayloadTooLargeError(
      `${name} unpacks to more than ${formatMegabytes(MAX_DOCX_UNPACKED_BYTES)}, more than any Word report needs (a "ZIP bomb" looks like this); it was not opened.`,
    );
  // The declared sizes first (cheap), then the real ones: a directory may lie.
  if (entries.reduce((sum, entry) => sum + entry.size, 0) > MAX_DOCX_UNPACKED_BYTES) throw ceiling();
  let left = MAX_DOCX_UNPACKED_BYTES;
  for (const entry of entries) {
    try {
      left -= unpack(bytes, entry, left).byteLength;
    } catch (error) {
      if (error instanceof TooLargeEntry) throw ceiling();
      if (error instanceof ZipError) throw notADocx(name, error.message);
      throw error;
    }
  }
  return entries;
}

/** What an Office or OpenDocument file that is not a Word document is, by the parts it holds. */
function otherOfficeFile(names: Set<string>): string | null {
  if (names.has("xl/workbook.xml")) return "it is an Excel workbook";
  if (names.has("ppt/presentation.xml")) return "it is a PowerPoint presentation";
  if (names.has("content.xml") && names.has("mimetype")) return "it is an OpenDocument file (LibreOffice, OpenOffice): save it as .docx";
  return null;
}

/** The title in the document's properties (File > Info in Word), used when the page shows none. */
function coreTitle(bytes: Uint8Array, entries: ZipEntry[]): string | null {
  const core = entries.find((entry) => entry.name === "docProps/core.xml");
  if (!core) return null;
  let xml: string;
  try {
    xml = new TextDecoder().decode(unpack(bytes, core, 64 * 1024));
  } catch {
    return null; // a title is a nicety: no properties, no title
  }
  const title = /<dc:title>([^<]*)<\/dc:title>/.exec(xml)?.[1];
  return title ? decodeXmlText(title).trim() || null : null;
}

function decodeXmlText(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (match, decimal: string, hex: string, named: string) => {
    const code = decimal ? Number(decimal) : hex ? parseInt(hex, 16) : null;
    if (code !== null) return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[named.toLowerCase()] ?? match;
  });
}
