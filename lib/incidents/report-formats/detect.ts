// What a report file is: by its first bytes where they give it away (a ZIP is a .docx, a PDF is refused), else by what
// the sender said (Content-Type, file name), else by a look at the text (an HTML page starts with a tag). Also the
// text of a text or HTML file: UTF-8 (with or without BOM), UTF-16 by its BOM, or the charset an HTML page names.
// No server-only import: the conversion worker (convert-worker.ts) runs this too.
import { DomainError, InvalidInputError } from "@/lib/errors";
import { DOCX_MEDIA_TYPE, fileKindFromName, type ReportFileKind } from "@/lib/incidents/report-formats/file-kinds";
import { looksLikeZip } from "@/lib/incidents/report-formats/zip";

export const ACCEPTED_FORMATS = "plain text or Markdown (.txt, .md), an HTML page (.html, as Confluence and Google Docs export one) or a Word document (.docx)";

/** A file no converter reads (a PDF, an old .doc) or in a character set there is no decoder for: 415. */
export class UnsupportedFileError extends DomainError {
  override readonly status = 415;
  override readonly code = "unsupported_media_type";
}

export type StatedFormat = { fileName?: string | null; mediaType?: string | null };

const MEDIA_TYPES: Record<string, ReportFileKind> = {
  "text/plain": "text",
  "text/markdown": "text",
  "text/x-markdown": "text",
  "text/html": "html",
  "application/xhtml+xml": "html",
  [DOCX_MEDIA_TYPE]: "docx",
};

const HTML_START = /^<(?:!doctype\s+html|html|head|body|meta|title|style|div|p|h[1-6]|table|ul|ol|section|article|span|ac:[a-z-]+)[\s>/]/i;

/** Which converter reads the file; refuses (415) what none can, saying what the file is. */
export function detectReportFile(bytes: Uint8Array, stated: StatedFormat = {}): ReportFileKind {
  const name = describe(stated.fileName);
  if (looksLikeZip(bytes)) return "docx";
  const refused = knownUnsupported(bytes, name);
  if (refused) throw new UnsupportedFileError(refused);

  const said = MEDIA_TYPES[(stated.mediaType ?? "").split(";")[0]!.trim().toLowerCase()] ?? fileKindFromName(stated.fileName);
  const head = startOfText(bytes);
  // Word's "Save as Web Page" keeps a .doc name; a page is a page.
  if (said === "docx") return HTML_START.test(head) ? "html" : "docx";
  if (isBinary(bytes)) throw new UnsupportedFileError(`${name} is not text, an HTML page or a Word document. Import takes ${ACCEPTED_FORMATS}.`);
  if (said) return said;
  return HTML_START.test(head) ? "html" : "text";
}

function describe(fileName: string | null | undefined): string {
  return fileName ? `"${fileName}"` : "The file";
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function knownUnsupported(bytes: Uint8Array, name: string): string | null {
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return `${name} is an old Word document (.doc, Word 97-2003) or a password-protected one: open it in Word and save it as .docx without a password.`;
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46]))
    return `${name} is a PDF, which cannot be read as a report: export the page as HTML or Word instead, or paste its text.`;
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return `${name} is an RTF document: save it as .docx or as plain text.`;
  return null;
}

/** NUL bytes in the first 8 KB of something without a UTF-16 BOM: not text. */
function isBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false;
  return bytes.subarray(0, 8192).includes(0);
}

function startOfText(bytes: Uint8Array): string {
  return decodeLoosely(bytes.subarray(0, 2048))
    .replace(/^\uFEFF/, "")
    .trimStart();
}

function decodeLoosely(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes);
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes);
  return new TextDecoder("utf-8").decode(bytes);
}

/**
 * The file's text. A BOM decides; else UTF-8, or `charset` (a Content-Type parameter) when given; an HTML page that is
 * not UTF-8 may name its charset in a <meta> tag (Word's "Web Page" writes windows-1252). Bytes that are none of
 * these are refused naming the problem.
 */
export function decodeReportText(bytes: Uint8Array, kind: ReportFileKind, charset: string | null, name = "The file"): string {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeStrictly(bytes.subarray(3), "utf-8", name);
  if (startsWith(bytes, [0xff, 0xfe])) return decodeStrictly(bytes.subarray(2), "utf-16le", name);
  if (startsWith(bytes, [0xfe, 0xff])) return decodeStrictly(bytes.subarray(2), "utf-16be", name);
  if (charset) return decodeStrictly(bytes, charset, name);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const named = kind === "html" ? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(new TextDecoder("latin1").decode(bytes.subarray(0, 4096)))?.[1] : undefined;
    if (named && !/^utf-?8$/i.test(named)) return decodeStrictly(bytes, named, name);
    throw new InvalidInputError(`${name} is not valid UTF-8 text: save it as UTF-8 and try again.`, [{ path: "file", message: "is not valid UTF-8" }]);
  }
}

function decodeStrictly(bytes: Uint8Array, encoding: string, name: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new UnsupportedFileError(`${name} is written in the character set ${encoding}, which is not supported: save it as UTF-8.`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new InvalidInputError(`${name} is not valid ${encoding.toUpperCase()} text.`, [{ path: "file", message: `is not valid ${encoding}` }]);
  }
}
