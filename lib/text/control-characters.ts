// Characters that have no business in stored text. PostgreSQL refuses NUL (U+0000) in any text column (error 22021),
// so a NUL that reaches a query is a 500 unless it is refused first; other control characters in a name or title
// are invisible, break one-line layouts and mail headers, and are refused too. Bidirectional overrides are kept
// (a file name may legitimately hold Arabic or Hebrew) but shown escaped where they could disguise a name.

/**
 * Control characters refused in one-line names and titles: C0 except tab, DEL and C1. Newline and carriage return
 * are refused too: a name is one line.
 */
const CONTROL_IN_NAME = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

/** Control characters removed from stored file names (there, a name is cleaned rather than refused). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** U+202A–U+202E (embeddings and overrides) and U+2066–U+2069 (isolates): they reorder how text is displayed. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** "U+0000" */
export function codePointLabel(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

// NUL, and UTF-16 surrogates without their pair (JSON may carry "\ud800"): neither can be stored as written (a lone
// surrogate would silently become U+FFFD on the way to the database).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where the first NUL or lone surrogate is, told the way a person finds it: "character 5", or "line 3, column 7". */
export function unstorableCharacter(value: string): { what: string; position: string } | null {
  const index = value.search(UNSTORABLE);
  if (index < 0) return null;
  const what = value[index] === "\u0000" ? "a NUL character (U+0000)" : `a lone surrogate (${codePointLabel(value[index]!)})`;
  const before = value.slice(0, index);
  const line = before.split("\n").length;
  const position = line === 1 ? `character ${index + 1}` : `line ${line}, column ${index - before.lastIndexOf("\n")}`;
  return { what, position };
}

/** The problem with a one-line name or title, or null when it has none: "must not contain control characters (U+0007 at character 4)". */
export function controlCharacterProblem(value: string): string | null {
  const index = value.search(CONTROL_IN_NAME);
  if (index < 0) return null;
  return `must not contain control characters (${codePointLabel(value[index]!)} at character ${index + 1})`;
}

export function hasControlCharacters(value: string): boolean {
  return CONTROL_IN_NAME.test(value);
}

/**
 * Bidirectional controls made visible: "invoice\u202Efdp.exe" shows as `invoice\u202Efdp.exe` (the escape written
 * out), so a name cannot pose as "invoiceexe.pdf".
 */
export function escapeBidiControls(value: string): string {
  return value.replace(BIDI_CONTROLS, (character) => `\\u${character.codePointAt(0)!.toString(16).toUpperCase()}`);
}

/**
 * Where in a JSON-like value (objects, arrays, strings) the first NUL or lone surrogate sits, as a dotted path
 * ("actionItems.2.title") with its position in that string; null when there is none. Bytes (Uint8Array) and other
 * objects are not walked.
 */
export function findUnstorableText(value: unknown, path: string[] = []): { path: string; what: string; position: string } | null {
  if (typeof value === "string") {
    const found = unstorableCharacter(value);
    return found && { path: path.join(".") || "(root)", ...found };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object" && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    for (const [key, item] of Object.entries(value)) {
      const inKey = unstorableCharacter(key);
      if (inKey) return { path: [...path, key].join("."), what: inKey.what, position: `the field name, ${inKey.position}` };
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
