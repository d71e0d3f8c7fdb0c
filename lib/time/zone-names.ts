// Zone names as people and old databases write them → one spelling per zone. Intl resolves case and most aliases
// ("us/eastern" → "America/New_York"), but the ICU in Node 20 still answers with the old CLDR spelling for zones
// IANA has since renamed ("Asia/Kolkata" → "Asia/Calcutta"); the table below turns those into today's IANA names,
// so a user's zone reads the same on every Node version and in every browser.

// Old name (as Intl may return it) → current IANA name. Only names Intl does not already canonicalise.
const RENAMED: Record<string, string> = {
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Dacca": "Asia/Dhaka",
  "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
  "Europe/Kiev": "Europe/Kyiv",
  "Europe/Uzhgorod": "Europe/Kyiv",
  "Europe/Zaporozhye": "Europe/Kyiv",
  "America/Godthab": "America/Nuuk",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Mendoza": "America/Argentina/Mendoza",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Louisville": "America/Kentucky/Louisville",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Pacific/Truk": "Pacific/Chuuk",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Enderbury": "Pacific/Kanton",
};

const UTC_NAMES = new Set(["UTC", "GMT", "Z", "ZULU", "UNIVERSAL", "ETC/UTC", "ETC/GMT", "ETC/UCT", "UCT", "ETC/ZULU", "ETC/UNIVERSAL", "GMT0", "ETC/GMT0"]);

/**
 * The zone's one spelling: "europe/berlin" → "Europe/Berlin", "US/Eastern" → "America/New_York", "Asia/Calcutta" →
 * "Asia/Kolkata", "Etc/UTC" → "UTC". Null when it is not an IANA zone; offsets such as "+02:00", which Intl accepts,
 * are refused too: they are not zones and go wrong at the next daylight-saving change.
 */
export function canonicalTimeZone(name: string): string | null {
  const text = name.trim();
  if (!/^[A-Za-z]/.test(text)) return null;
  if (UTC_NAMES.has(text.toUpperCase())) return "UTC";
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return RENAMED[resolved] ?? resolved;
}

/** The zone to compute with: the stored zone when this runtime knows it, else UTC (never an error page). */
export function effectiveTimeZone(zone: string | null | undefined): string {
  return zone && isKnownZone(zone) ? zone : "UTC";
}

const known = new Map<string, boolean>();

function isKnownZone(zone: string): boolean {
  let answer = known.get(zone);
  if (answer === undefined) {
    answer = canonicalTimeZone(zone) !== null;
    if (known.size > 1_000) known.clear();
    known.set(zone, answer);
  }
  return answer;
}
