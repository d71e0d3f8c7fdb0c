// File names and media types as stored and as shown, apart from the upload schemas (lib/attachments/schema.ts) so
// that the attachments panel in the browser does not bring zod into the page's first load.
import { CONTROL_CHARACTERS, escapeBidiControls } from "@/lib/text/control-characters";

export const MAX_FILENAME_LENGTH = 255;
const FALLBACK_FILENAME = "attachment";
const FALLBACK_CONTENT_TYPE = "application/octet-stream";
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/**
 * The name to store: the last path segment only (an API client may send "../../etc/passwd" or "C:\\x\\y.log"), no
 * control characters, at most 255 characters with the extension kept.
 */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(CONTROL_CHARACTERS, "").replace(/\s+/g, " ").trim();
  if (!cleaned || cleaned === "." || cleaned === "..") return FALLBACK_FILENAME;
  if (cleaned.length <= MAX_FILENAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 20 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, MAX_FILENAME_LENGTH - extension.length) + extension;
}

/**
 * A stored file name as the app shows it: bidirectional controls written out (`\u202E`), so "invoice\u202Efdp.exe"
 * cannot pose as "invoiceexe.pdf". The stored name, and the download's Content-Disposition filename*, stay exact.
 */
export function displayFilename(name: string): string {
  return escapeBidiControls(name);
}

/** A plain `type/subtype` (parameters dropped, lower-cased); anything else is stored as application/octet-stream. */
export function cleanContentType(value: string | null | undefined): string {
  const type = (value ?? "").split(";")[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(type) && type.length <= 255 ? type : FALLBACK_CONTENT_TYPE;
}
