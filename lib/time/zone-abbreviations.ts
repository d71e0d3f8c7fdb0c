// Zone abbreviations as people write them beside times ("14:05 CET", "09:12 PDT") → what they can mean: the offset
// they name and the IANA zones that keep that clock. Some stand for several places (IST: India, Ireland, Israel;
// CST: US Central, China); their meanings are listed most likely first, and the caller decides what to do with the
// doubt. Only capitals count as an abbreviation: "eat", "west" and "met" are words.
import { instantFromWallClock } from "@/lib/time/wall-time";
import { canonicalTimeZone } from "@/lib/time/zone-names";
import { zoneOffsetAt } from "@/lib/time/zone";

export type ZoneMeaning = {
  /** Where the clock is kept, for a person choosing between meanings: "India", "US Pacific". */
  place: string;
  /**
   * The offset from UTC the abbreviation names, in minutes; null for a name that follows its zone's clock all year
   * ("PT", "Pacific Time", "CET/CEST").
   */
  minutes: number | null;
  /** IANA zones that keep this clock; the first is the one used when nothing says which. */
  zones: readonly string[];
};

const CENTRAL_EUROPE = [
  "Europe/Berlin",
  "Europe/Paris",
  "Europe/Amsterdam",
  "Europe/Brussels",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Vienna",
  "Europe/Zurich",
  "Europe/Stockholm",
  "Europe/Oslo",
  "Europe/Copenhagen",
  "Europe/Warsaw",
  "Europe/Prague",
  "Europe/Budapest",
  "Europe/Luxembourg",
  "Europe/Belgrade",
  "Europe/Zagreb",
  "Europe/Ljubljana",
  "Europe/Bratislava",
  "Europe/Malta",
  "Europe/Monaco",
];
const EASTERN_EUROPE = [
  "Europe/Helsinki",
  "Europe/Athens",
  "Europe/Bucharest",
  "Europe/Kyiv",
  "Europe/Sofia",
  "Europe/Riga",
  "Europe/Tallinn",
  "Europe/Vilnius",
];
const US_PACIFIC = ["America/Los_Angeles", "America/Vancouver", "America/Tijuana"];
const US_MOUNTAIN = ["America/Denver", "America/Boise", "America/Edmonton", "America/Phoenix"];
const US_CENTRAL = ["America/Chicago", "America/Winnipeg", "America/Mexico_City", "America/Regina"];
const US_EASTERN = ["America/New_York", "America/Toronto", "America/Detroit", "America/Indiana/Indianapolis", "America/Kentucky/Louisville"];
const ATLANTIC = ["America/Halifax", "America/Puerto_Rico", "Atlantic/Bermuda"];

const meaning = (place: string, minutes: number | null, zones: readonly string[]): ZoneMeaning => ({ place, minutes, zones });

const INDIA = meaning("India", 330, ["Asia/Kolkata"]);
const IRELAND = meaning("Ireland", 60, ["Europe/Dublin"]);
const ISRAEL = meaning("Israel", 120, ["Asia/Jerusalem"]);
const US_CENTRAL_STANDARD = meaning("US Central", -360, US_CENTRAL);
const CHINA = meaning("China", 480, ["Asia/Shanghai", "Asia/Taipei", "Asia/Macau"]);
const CUBA_STANDARD = meaning("Cuba", -300, ["America/Havana"]);
const BRITAIN_SUMMER = meaning("Britain", 60, ["Europe/London"]);
const BANGLADESH = meaning("Bangladesh", 360, ["Asia/Dhaka"]);
const ATLANTIC_STANDARD = meaning("Atlantic (Canada, Caribbean)", -240, ATLANTIC);
const ARABIA = meaning("Arabia", 180, ["Asia/Riyadh", "Asia/Baghdad", "Asia/Kuwait", "Asia/Qatar", "Asia/Bahrain"]);

const ABBREVIATIONS: Record<string, readonly ZoneMeaning[]> = {
  PST: [meaning("US Pacific", -480, US_PACIFIC)],
  PDT: [meaning("US Pacific", -420, US_PACIFIC)],
  PT: [meaning("US Pacific", null, US_PACIFIC)],
  MST: [meaning("US Mountain", -420, US_MOUNTAIN)],
  MDT: [meaning("US Mountain", -360, US_MOUNTAIN)],
  MT: [meaning("US Mountain", null, US_MOUNTAIN)],
  CST: [US_CENTRAL_STANDARD, CHINA, CUBA_STANDARD],
  CDT: [meaning("US Central", -300, US_CENTRAL), meaning("Cuba", -240, ["America/Havana"])],
  CT: [meaning("US Central", null, US_CENTRAL)],
  EST: [meaning("US Eastern", -300, US_EASTERN)],
  EDT: [meaning("US Eastern", -240, US_EASTERN)],
  ET: [meaning("US Eastern", null, US_EASTERN)],
  AKST: [meaning("Alaska", -540, ["America/Anchorage"])],
  AKDT: [meaning("Alaska", -480, ["America/Anchorage"])],
  HST: [meaning("Hawaii", -600, ["Pacific/Honolulu"])],
  AST: [ATLANTIC_STANDARD, ARABIA],
  ADT: [meaning("Atlantic (Canada)", -180, ATLANTIC)],
  NST: [meaning("Newfoundland", -210, ["America/St_Johns"])],
  NDT: [meaning("Newfoundland", -150, ["America/St_Johns"])],
  BRT: [meaning("Brazil (Brasília)", -180, ["America/Sao_Paulo"])],
  ART: [meaning("Argentina", -180, ["America/Argentina/Buenos_Aires"])],
  WET: [meaning("Western Europe", 0, ["Europe/Lisbon", "Atlantic/Canary", "Atlantic/Madeira"])],
  WEST: [meaning("Western Europe", 60, ["Europe/Lisbon", "Atlantic/Canary", "Atlantic/Madeira"])],
  BST: [BRITAIN_SUMMER, BANGLADESH],
  IST: [INDIA, IRELAND, ISRAEL],
  CET: [meaning("Central Europe", 60, CENTRAL_EUROPE)],
  CEST: [meaning("Central Europe", 120, CENTRAL_EUROPE)],
  MET: [meaning("Central Europe", 60, CENTRAL_EUROPE)],
  MEST: [meaning("Central Europe", 120, CENTRAL_EUROPE)],
  EET: [meaning("Eastern Europe", 120, EASTERN_EUROPE)],
  EEST: [meaning("Eastern Europe", 180, EASTERN_EUROPE)],
  MSK: [meaning("Moscow", 180, ["Europe/Moscow"])],
  TRT: [meaning("Turkey", 180, ["Europe/Istanbul"])],
  SAST: [meaning("South Africa", 120, ["Africa/Johannesburg"])],
  WAT: [meaning("West Africa", 60, ["Africa/Lagos"])],
  EAT: [meaning("East Africa", 180, ["Africa/Nairobi"])],
  GST: [meaning("Gulf", 240, ["Asia/Dubai", "Asia/Muscat"])],
  PKT: [meaning("Pakistan", 300, ["Asia/Karachi"])],
  ICT: [meaning("Indochina", 420, ["Asia/Bangkok", "Asia/Ho_Chi_Minh"])],
  WIB: [meaning("Western Indonesia", 420, ["Asia/Jakarta"])],
  SGT: [meaning("Singapore", 480, ["Asia/Singapore"])],
  HKT: [meaning("Hong Kong", 480, ["Asia/Hong_Kong"])],
  PHT: [meaning("Philippines", 480, ["Asia/Manila"])],
  AWST: [meaning("Western Australia", 480, ["Australia/Perth"])],
  JST: [meaning("Japan", 540, ["Asia/Tokyo"])],
  KST: [meaning("Korea", 540, ["Asia/Seoul"])],
  ACST: [meaning("Central Australia", 570, ["Australia/Adelaide", "Australia/Darwin"])],
  ACDT: [meaning("Central Australia", 630, ["Australia/Adelaide"])],
  AEST: [meaning("Eastern Australia", 600, ["Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"])],
  AEDT: [meaning("Eastern Australia", 660, ["Australia/Sydney", "Australia/Melbourne"])],
  NZST: [meaning("New Zealand", 720, ["Pacific/Auckland"])],
  NZDT: [meaning("New Zealand", 780, ["Pacific/Auckland"])],
};

/** Every abbreviation known, longest first (so a pattern built from them tries "CEST" before "CET"). */
export const ZONE_ABBREVIATIONS: readonly string[] = Object.keys(ABBREVIATIONS).sort((a, b) => b.length - a.length || a.localeCompare(b));

/** What an abbreviation written in capitals can mean, most likely first; null when it is not one. */
export function zoneAbbreviationMeanings(written: string): readonly ZoneMeaning[] | null {
  return Object.hasOwn(ABBREVIATIONS, written) ? ABBREVIATIONS[written] : null;
}

/** Zones named in full, as people write them in a "Time zone" line ("Pacific Time", "India Standard Time"). */
const LONG_NAMES: Record<string, ZoneMeaning> = {
  "pacific time": ABBREVIATIONS.PT[0],
  "us pacific": ABBREVIATIONS.PT[0],
  pacific: ABBREVIATIONS.PT[0],
  "pacific standard time": ABBREVIATIONS.PST[0],
  "pacific daylight time": ABBREVIATIONS.PDT[0],
  "mountain time": ABBREVIATIONS.MT[0],
  "us mountain": ABBREVIATIONS.MT[0],
  "mountain standard time": ABBREVIATIONS.MST[0],
  "mountain daylight time": ABBREVIATIONS.MDT[0],
  "central time": ABBREVIATIONS.CT[0],
  "us central": ABBREVIATIONS.CT[0],
  "central standard time": US_CENTRAL_STANDARD,
  "central daylight time": ABBREVIATIONS.CDT[0],
  "eastern time": ABBREVIATIONS.ET[0],
  "us eastern": ABBREVIATIONS.ET[0],
  eastern: ABBREVIATIONS.ET[0],
  "eastern standard time": ABBREVIATIONS.EST[0],
  "eastern daylight time": ABBREVIATIONS.EDT[0],
  "central european time": ABBREVIATIONS.CET[0],
  "central european summer time": ABBREVIATIONS.CEST[0],
  "eastern european time": ABBREVIATIONS.EET[0],
  "eastern european summer time": ABBREVIATIONS.EEST[0],
  "western european time": ABBREVIATIONS.WET[0],
  "british summer time": BRITAIN_SUMMER,
  "uk time": meaning("Britain", null, ["Europe/London"]),
  "london time": meaning("Britain", null, ["Europe/London"]),
  "india standard time": INDIA,
  "indian standard time": INDIA,
  "irish standard time": IRELAND,
  "israel standard time": ISRAEL,
  "china standard time": CHINA,
  "beijing time": CHINA,
  "japan standard time": ABBREVIATIONS.JST[0],
  "singapore time": ABBREVIATIONS.SGT[0],
  "moscow time": ABBREVIATIONS.MSK[0],
  "australian eastern standard time": ABBREVIATIONS.AEST[0],
  "australian eastern daylight time": ABBREVIATIONS.AEDT[0],
};

/** A zone named in full ("Pacific Time", "central european time"), case aside; null when it is not one. */
export function zoneLongNameMeaning(written: string): ZoneMeaning | null {
  const key = written.trim().toLowerCase().replace(/\s+/g, " ");
  return Object.hasOwn(LONG_NAMES, key) ? LONG_NAMES[key] : null;
}

/** "UTC", "UTC+2", "UTC-8", "UTC+5:30". */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

/** "India (IST, UTC+5:30)"; a name that follows its zone's clock: "US Pacific (PT, local time)". */
export function zoneMeaningLabel(meaning: ZoneMeaning, written: string): string {
  return `${meaning.place} (${written}, ${meaning.minutes === null ? "local time" : formatUtcOffset(meaning.minutes)})`;
}

/**
 * The meaning to read an abbreviation with: the one whose zones include `preferred` (the zone the person importing
 * chose), shown in that zone; else the most likely, shown in its first zone.
 */
export function pickZoneMeaning(
  meanings: readonly ZoneMeaning[],
  preferred: string | null | undefined,
): { meaning: ZoneMeaning; zone: string; preferred: boolean } {
  const wanted = preferred ? canonicalTimeZone(preferred) : null;
  if (wanted) {
    for (const candidate of meanings) {
      const zone = candidate.zones.find((z) => canonicalTimeZone(z) === wanted);
      if (zone) return { meaning: candidate, zone: wanted, preferred: true };
    }
  }
  return { meaning: meanings[0], zone: meanings[0].zones[0], preferred: false };
}

const HALF_DAY_MS = 12 * 3_600_000;

/**
 * The instant of wall time `wallMs` (ms as if UTC) written with an abbreviation of `meaning`, kept in `zone`.
 * The abbreviation's own offset wins whenever the zone keeps that offset then or within half a day (so "01:30 PDT"
 * and "01:30 PST" on the night clocks go back are the two different instants they name). An offset the zone does
 * not keep at that time of year ("14:05 CET" in July, "PST" in August) is the abbreviation used loosely for the
 * local clock, as people do: the time is read as local time in the zone, and `asWritten` is false so the caller can
 * say so.
 */
export function instantFromAbbreviatedWallClock(wallMs: number, meaning: ZoneMeaning, zone: string): { at: number; asWritten: boolean } {
  if (meaning.minutes === null) return { at: instantFromWallClock(wallMs, zone), asWritten: true };
  const offset = meaning.minutes * 60_000;
  const literal = wallMs - offset;
  const kept = [literal, literal - HALF_DAY_MS, literal + HALF_DAY_MS].some((at) => zoneOffsetAt(at, zone) === offset);
  return kept ? { at: literal, asWritten: true } : { at: instantFromWallClock(wallMs, zone), asWritten: false };
}
