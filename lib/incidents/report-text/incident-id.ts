// The incident's id, wherever the report writes it: an "Incident ID" line, another tracker's line ("Ticket:",
// "Jira:", "Case:", "Ref:"), or the title ("[INC-4711] Checkout errors", "Database outage (SEV #1234)"). The schema
// allows letters, digits, '.', '_' and '-' (lib/incidents/schema.ts): an id written otherwise ("SEV #1234") is
// stored in that form (SEV-1234), said so, and kept as written under Details; one that cannot be is not used.
//
// An id taken from the title is removed from it: the report page shows the id beside the title, so "Database
// outage (SEV #1234)" becomes "Database outage" with the id SEV-1234. A title that is only an id keeps it.
import { guessed, type Reading } from "@/lib/incidents/report-text/draft";
import type { FieldAt, HeaderFields, Line } from "@/lib/incidents/report-text/headings";

const MAX_ID_LENGTH = 64;
const VALID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const PLACEHOLDER = /^(?:none|n\/?a|tbd|tba|unknown|pending|null|-+|—|–)$/i;
/** Words that say what the number is rather than belonging to it: "Incident #42" is 42, "SEV #1234" is SEV-1234. */
const LABEL_WORDS = new Set(["incident", "ticket", "case", "ref", "reference", "issue", "no", "nr", "number", "id"]);
/** "Sev 1", "P2", "SEV-1" name a severity, not an incident. */
const SEVERITY_WORDS = new Set(["sev", "s", "p", "pri", "priority", "level", "l"]);
/** Prefixes read with a space before the number ("INC 2021-03"); other words before a number are prose ("PHP 8"). */
const SPACED_PREFIXES = new Set(["inc", "incident", "sev", "pir", "pd", "ir", "ticket", "case", "ref"]);

export type IdReading = { id: string; asWritten: boolean };

function fits(id: string): boolean {
  return VALID.test(id) && id.length <= MAX_ID_LENGTH;
}

function isSeverity(prefix: string | undefined, number: string): boolean {
  return prefix !== undefined && SEVERITY_WORDS.has(prefix.toLowerCase()) && /^[0-5]$/.test(number);
}

/** "SEV #1234" → SEV-1234, "#1234" and "Incident #42" → the number, "INC 2021-03" → INC-2021-03. */
function joined(prefix: string | undefined, number: string): string | null {
  if (isSeverity(prefix, number)) return null;
  const id = prefix && !LABEL_WORDS.has(prefix.toLowerCase()) ? `${prefix}-${number}` : number;
  return fits(id) ? id : null;
}

const HASHED = /^(?:([A-Za-z]{1,15})\s*)?(?:#|no\.|nr\.)\s*(\d[\w.-]*)$/i;
const SPACED = /^([A-Za-z]{2,10})\s+(\d[\d.-]*)$/;
const KEY = /^[A-Z][A-Z0-9]{1,9}-[A-Z0-9-]*\d[A-Z0-9-]*$/; // INC-4711, OPS-123, INC-2024-1127-001
const GLUED = /^[A-Z]{2,5}\d{4,}$/; // INC0012345

/** An id written in one of the shapes trackers use: as is, or joined as the schema allows. */
function shapedId(text: string): IdReading | null {
  if (KEY.test(text) || GLUED.test(text)) {
    const severity = /^([A-Z]+)-(\d)$/.exec(text);
    return severity && isSeverity(severity[1], severity[2]) ? null : { id: text, asWritten: true };
  }
  const hashed = HASHED.exec(text);
  if (hashed) {
    const id = joined(hashed[1], hashed[2]);
    return id ? { id, asWritten: id === text } : null;
  }
  const spaced = SPACED.exec(text);
  if (spaced && SPACED_PREFIXES.has(spaced[1].toLowerCase()) && spaced[2].replace(/\D/g, "").length >= 3) {
    const id = joined(spaced[1], spaced[2]);
    return id ? { id, asWritten: false } : null;
  }
  return null;
}

/**
 * The id in an id line's value: the value itself when the schema allows it ("INC-2024-1127-001", "12345"), a
 * tracker's id written with a space or '#' ("SEV #1234"), or the one id among other words or in a link
 * ("OPS-1234 (Jira)", "https://acme.atlassian.net/browse/OPS-1234"). `needsDigit`: for lines that may hold other
 * things ("Ticket: see the channel"), a value without a digit is not an id.
 */
export function readIdValue(value: string, needsDigit: boolean): IdReading | null {
  const text = value
    .trim()
    .replace(/^[`*_[(]+|[`*_\])]+$/g, "")
    .trim();
  if (!text || PLACEHOLDER.test(text)) return null;
  if (fits(text) && (!needsDigit || /\d/.test(text))) return { id: text, asWritten: true };
  const shaped = shapedId(text);
  if (shaped) return shaped;
  const tokens = new Set(
    text
      .split(/[\s,;()[\]{}<>"']+/)
      .map((token) => (/^https?:\/\//i.test(token) ? lastPathSegment(token) : token))
      .map((token) => token.replace(/[.:]+$/, ""))
      .filter((token) => /^[A-Za-z]{2,}[-_#]?\d[\w.-]*$/.test(token) && fits(token.replace("#", "-"))),
  );
  if (tokens.size !== 1) return null;
  const [token] = tokens;
  return { id: token.replace("#", "-"), asWritten: false };
}

/** "https://acme.atlassian.net/browse/OPS-1234?focus=1" → "OPS-1234". */
function lastPathSegment(url: string): string {
  const path = url.replace(/^https?:\/\/[^/]*/i, "").split(/[?#]/)[0];
  return path.split("/").filter(Boolean).at(-1) ?? "";
}

const BRACKETED_HEAD = /^[[(]([^\])]{1,40})[\])]\s*(?:[-–—:|]\s*)?(.+)$/;
const BRACKETED_TAIL = /^(.+?)\s*[[(]([^\])]{1,40})[\])]$/;
const SEPARATED_HEAD = /^(\S+)\s*[-–—:|]\s+(.+)$/;
const SEPARATED_TAIL = /^(.+)\s+[-–—:|]\s+([A-Za-z#][\w #.-]{1,40})$/;

/** An id in a title, and the title without it: "[INC-4711] Checkout errors", "Database outage (SEV #1234)". */
export function idInTitle(title: string): (IdReading & { written: string; title: string }) | null {
  // Without brackets an id needs three digits: "COVID-19: traffic surge" is a title, "OPS-1234: ..." an id.
  const tries: [RegExp, number, number, number][] = [
    [BRACKETED_HEAD, 1, 2, 2],
    [BRACKETED_TAIL, 2, 1, 2],
    [SEPARATED_HEAD, 1, 2, 3],
    [SEPARATED_TAIL, 2, 1, 3],
  ];
  for (const [pattern, idAt, restAt, digits] of tries) {
    const m = pattern.exec(title.trim());
    if (!m) continue;
    const written = m[idAt].trim();
    const rest = m[restAt].trim().replace(/\s*[-–—:|]$/, "");
    const reading = written.replace(/\D/g, "").length >= digits ? shapedId(written) : null;
    if (reading && rest) return { ...reading, written, title: rest };
  }
  return null;
}

/**
 * Settles the report's id before anything else reads it (the day of an INC-YYYY-MMDD id dates the timeline): the
 * last "Incident ID" line, else the first other tracker's line that holds an id, else the title. Lines with an id
 * that was not used, or that was changed to fit, stay under Details as written.
 */
export function settleIncidentId(reading: Reading, header: HeaderFields): void {
  const { draft, map, warnings, lines } = reading;
  const keep = (line: number) => header.unknownHeader.push(lines[line - 1]);
  const strong = header.fields.filter((f) => f.field.name === "publicId");
  const weak = header.fields.filter((f) => f.field.name === "ticket");
  let chosen: { at: FieldAt; reading: IdReading } | null = null;
  for (const at of strong) {
    const found = readIdValue(at.field.value, false);
    if (!found) {
      warnings.push(`Line ${at.line}: "${at.field.value}" cannot be used as an incident id; a new id will be given and the line kept under Details.`);
      keep(at.line);
    } else chosen = { at, reading: found };
  }
  if (!chosen) {
    for (const at of weak) {
      const found = readIdValue(at.field.value, true);
      if (found) {
        chosen = { at, reading: found };
        break;
      }
    }
  }
  for (const at of [...strong, ...weak]) {
    if (chosen && at === chosen.at) continue;
    if (at.field.name === "ticket" || readIdValue(at.field.value, false)?.id !== chosen?.reading.id) {
      if (!header.unknownHeader.includes(lines[at.line - 1])) keep(at.line);
    } else map.add(at.line, "publicId");
  }
  if (chosen) {
    const { at, reading: found } = chosen;
    draft.publicId = found.id;
    map.add(at.line, "publicId");
    const written = `${at.field.key}: ${at.field.value}`;
    if (!found.asWritten) {
      guessed(
        reading,
        "publicId",
        at.line,
        `Line ${at.line}: the incident id was read as ${found.id} from "${written}" (an id may contain only letters, digits, '.', '_' and '-'); the line is kept under Details as written.`,
      );
      keep(at.line);
    } else if (at.field.name === "ticket") {
      guessed(reading, "publicId", at.line, `Line ${at.line}: the incident id ${found.id} was taken from "${written}"; the line is kept under Details too.`);
      keep(at.line);
    }
    return;
  }
  idFromTitle(reading, header);
}

function idFromTitle(reading: Reading, header: HeaderFields): void {
  const { draft, map, title } = reading;
  const titleField = header.lastOf("title");
  const written = titleField?.field.value || draft.title;
  const line = titleField?.line ?? title.lines[0] ?? null;
  const found = written ? idInTitle(written) : null;
  if (!found || line === null) return;
  draft.publicId = found.id;
  if (titleField?.field.value) titleField.field.value = found.title;
  else draft.title = found.title;
  map.add(line, "publicId");
  const changed = found.asWritten ? "" : ` (written "${found.written}"; an id may contain only letters, digits, '.', '_' and '-')`;
  guessed(
    reading,
    "publicId",
    line,
    `Line ${line}: the incident id ${found.id} was taken from the title "${written}"${changed} and left out of the title, which is now "${found.title}".`,
  );
  if (!found.asWritten) {
    const kept: Line = {
      n: line,
      raw: `Incident ID as written in the title: ${found.written}`,
      text: `Incident ID as written in the title: ${found.written}`,
      indent: 0,
    };
    header.unknownHeader.push(kept);
  }
}
