// A time zone as people write it in a document, read into what it names: an IANA zone ("Europe/Paris",
// "US/Pacific"), a fixed offset ("UTC+2", "GMT-05:00", "+02:00"), or an abbreviation or name that may stand for
// several places ("CET", "IST", "Pacific Time", "CET/CEST"). Two shapes: a single token beside a time
// (`readZoneToken`: "14:05 CET") and a whole statement or value with comments around it (`readZoneStatement`:
// "Europe/Paris (times are local)", "All times are UTC+2", "Times in PDT").
import { zoneAbbreviationMeanings, zoneLongNameMeaning, type ZoneMeaning } from "@/lib/time/zone-abbreviations";
import { canonicalTimeZone } from "@/lib/time/zone-names";

export type ZoneReading =
  | { kind: "iana"; zone: string }
  | { kind: "offset"; minutes: number }
  /** an abbreviation or a name: `meanings` has one entry, or several when it is ambiguous */
  | { kind: "abbreviation"; abbreviation: string; meanings: readonly ZoneMeaning[] };

/** What was read, and the words it was read from as written ("CET", "UTC+2", "Europe/Paris"). */
export type ZonePhrase = ZoneReading & { written: string };

const UTC_WORDS = new Set(["UTC", "GMT", "ZULU", "ETC/UTC", "ETC/GMT", "COORDINATED UNIVERSAL TIME", "UNIVERSAL TIME", "GREENWICH MEAN TIME"]);
const OFFSET = /^(?:(?:UTC|GMT)\s?)?([+\-−])\s?(\d{1,2})(?::?(\d{2}))?$/i;

/** "UTC+2" → 120; a bare "+2" is not an offset (it reads as a number), "+02:00" and "+0200" are. */
function offsetMinutes(text: string): number | null {
  const m = OFFSET.exec(text);
  if (!m) return null;
  if (!/^(?:UTC|GMT)/i.test(text) && !/^[+\-−]\d{2}:?\d{2}$/.test(text)) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  const total = hours * 60 + minutes;
  return m[1] === "+" ? total : -total;
}

/**
 * A zone written beside a time: "UTC", "Z", "UTC+2", "+02:00", or an abbreviation in capitals ("CET", "IST").
 * Null for anything else, including "cet" and "Eat" (words) and IANA names (not written beside times).
 */
export function readZoneToken(token: string | null | undefined): ZonePhrase | null {
  const text = token?.trim();
  if (!text) return null;
  const upper = text.toUpperCase();
  if (upper === "UTC" || upper === "GMT" || text === "Z") return { kind: "offset", minutes: 0, written: text };
  const minutes = offsetMinutes(text);
  if (minutes !== null) return { kind: "offset", minutes, written: text };
  const meanings = zoneAbbreviationMeanings(text);
  return meanings ? { kind: "abbreviation", abbreviation: text, meanings, written: text } : null;
}

/** "CET/CEST", "PST / PDT", "GMT/BST": a standard and a summer abbreviation of one clock name the local time. */
function pairMeaning(text: string): ZoneMeaning | null {
  const m = /^([A-Z]{2,5})\s*\/\s*([A-Z]{2,5})$/.exec(text);
  if (!m) return null;
  const zonesOf = (abbreviation: string) => (abbreviation === "GMT" ? ["Europe/London"] : (zoneAbbreviationMeanings(abbreviation)?.[0]?.zones ?? null));
  const second = zonesOf(m[2]);
  if (!zonesOf(m[1])?.some((zone) => second?.includes(zone))) return null;
  const main = zoneAbbreviationMeanings(m[1] === "GMT" ? m[2] : m[1])![0];
  return { place: main.place, minutes: null, zones: main.zones };
}

/** A whole value that is a zone and nothing else: "Europe/Paris", "us/pacific", "UTC+2", "CET", "Pacific Time". */
export function readZoneValue(value: string): ZonePhrase | null {
  const text = value
    .trim()
    .replace(/^[*_`"'“]+|[*_`"'”.]+$/g, "")
    .trim();
  if (!text) return null;
  // words known to name a zone may write an abbreviation in small letters ("Time zone: pst"); beside a time they may not
  const single = readZoneToken(text) ?? (/^[a-z]{2,5}$/i.test(text) ? readZoneToken(text.toUpperCase()) : null);
  if (single) return { ...single, written: text };
  if (UTC_WORDS.has(text.toUpperCase())) return { kind: "offset", minutes: 0, written: text };
  const pair = pairMeaning(text);
  if (pair) return { kind: "abbreviation", abbreviation: text, meanings: [pair], written: text };
  const named = zoneLongNameMeaning(text) ?? zoneLongNameMeaning(text.replace(/\s+(?:time\s+)?zone$/i, " time"));
  if (named) return { kind: "abbreviation", abbreviation: text, meanings: [named], written: text };
  // "CET time", "PST timezone"
  const spelled = /^([A-Z]{2,5})\s+(?:time|time\s*zone)$/.exec(text);
  const token = spelled ? readZoneToken(spelled[1]) : null;
  if (token) return { ...token, written: text };
  if (/^[A-Za-z_]+(?:\/[A-Za-z0-9_+\-]+)+$/.test(text)) {
    const zone = canonicalTimeZone(text);
    if (zone === "UTC") return { kind: "offset", minutes: 0, written: text };
    if (zone) return { kind: "iana", zone, written: text };
  }
  return null;
}

const STATEMENT =
  /^(?:(?:note|nb|n\.b\.)\s*:\s*)?(?:all\s+)?(?:the\s+)?(?:times?|timestamps?|time\s+stamps?|dates\s+and\s+times)(?:\s+(?:below|above|here|shown|listed|given|used))?(?:\s+in\s+(?:this|the)\s+(?:report|document|timeline|postmortem|post-mortem|page))?(?:\s+(?:are|were|is))?(?:\s+(?:shown|given|listed|written|reported|expressed|recorded|displayed|stated|quoted))?(?:\s+(?:in|as))?\s+(.+)$/i;
const ZONE_FIELD = /^(?:time\s*zone|tz)\s*[:=-]\s*(.+)$/i;

/**
 * A line or sentence that states the zone of a document's times: "All times CET", "Times in PDT.", "(all times are
 * UTC+2)", "Note: timestamps are in US/Pacific", "Time zone: Europe/Paris (times are local)". Null when the words
 * are not such a statement or name no zone ("All times are approximate", "Time in queue rose (UTC)").
 */
export function readZoneStatement(text: string): ZonePhrase | null {
  let body = text
    .trim()
    .replace(/^[*_`]+|[*_`]+$/g, "")
    .trim();
  while (/^\(.*\)\.?$/.test(body)) body = body.replace(/^\((.*)\)\.?$/, "$1").trim();
  body = body.replace(/\.$/, "").trim();
  const field = ZONE_FIELD.exec(body);
  if (field) return readZoneWords(field[1], true);
  const statement = STATEMENT.exec(body);
  return statement ? readZoneWords(statement[1], false) : null;
}

/**
 * The value of something known to be about the zone (a "Time zone" line, the parenthesis of a "Timeline (...)"
 * heading): a statement, or a zone with comments around it ("Europe/Paris (times are local)", "local (CET)").
 */
export function readZoneDescription(value: string): ZonePhrase | null {
  return readZoneStatement(value) ?? readZoneWords(value, true);
}

/**
 * The zone in words: the whole, else the part before a comment ("UTC unless noted", "Europe/Paris (local)"), else
 * a parenthesis: any when the words are known to describe the zone, only after "local" otherwise.
 */
function readZoneWords(value: string, describesZone: boolean): ZonePhrase | null {
  const text = value.trim().replace(/\.$/, "");
  const whole = readZoneValue(text);
  if (whole) return whole;
  const head = text.split(/\s*[(,;]\s*|\s+[-–—]\s+|\s+(?:unless|except|when|where|if|but|and|for)\b/i)[0] ?? "";
  const beforeComment = head && head !== text ? readZoneValue(head) : null;
  if (beforeComment) return beforeComment;
  const local = /^(?:(?:the\s+)?local(?:\s+(?:time|clock))?)?$/i.test(head);
  if (!describesZone && !local) return null;
  for (const paren of text.matchAll(/\(([^()]+)\)/g)) {
    const inside = readZoneValue(paren[1]) ?? readZoneStatement(paren[1]);
    if (inside) return inside;
  }
  return null;
}
