// Units as exports write them: inside formatted values ("41.2%", "180 ms", "2.30 s", "1.50 K"), in column headers
// ("latency_ms", "p95 (ms)"), in metric names (`_seconds`) and in each vendor's vocabulary ("Milliseconds",
// "CountPerSecond", "percentunit", UCUM "By"). Everything is normalised to one short display form so a chart can label
// an axis and values of one column can be brought to one unit.

/** Canonical unit → [family, factor to the family's base unit]. Only these are converted between each other. */
const CONVERTIBLE: Record<string, [family: string, factor: number]> = {
  ns: ["time", 1e-9],
  µs: ["time", 1e-6],
  ms: ["time", 1e-3],
  s: ["time", 1],
  min: ["time", 60],
  h: ["time", 3600],
  d: ["time", 86400],
  B: ["bytes", 1],
  kB: ["bytes", 1e3],
  MB: ["bytes", 1e6],
  GB: ["bytes", 1e9],
  TB: ["bytes", 1e12],
  PB: ["bytes", 1e15],
  KiB: ["bytes", 1024],
  MiB: ["bytes", 1024 ** 2],
  GiB: ["bytes", 1024 ** 3],
  TiB: ["bytes", 1024 ** 4],
  PiB: ["bytes", 1024 ** 5],
  "B/s": ["byterate", 1],
  "kB/s": ["byterate", 1e3],
  "MB/s": ["byterate", 1e6],
  "GB/s": ["byterate", 1e9],
  "KiB/s": ["byterate", 1024],
  "MiB/s": ["byterate", 1024 ** 2],
  "GiB/s": ["byterate", 1024 ** 3],
  "b/s": ["bitrate", 1],
  "kb/s": ["bitrate", 1e3],
  "Mb/s": ["bitrate", 1e6],
  "Gb/s": ["bitrate", 1e9],
  "%": ["percent", 1],
  ratio: ["percent", 100],
};

/** Spellings where case matters (B bytes, b bits; MB vs Mb) → canonical unit. Checked first. */
const EXACT: Record<string, string> = {
  B: "B",
  kB: "kB",
  KB: "kB",
  MB: "MB",
  GB: "GB",
  TB: "TB",
  PB: "PB",
  KiB: "KiB",
  MiB: "MiB",
  GiB: "GiB",
  TiB: "TiB",
  PiB: "PiB",
  b: "b",
  kb: "kb",
  Kb: "kb",
  Mb: "Mb",
  Gb: "Gb",
  "B/s": "B/s",
  Bps: "B/s",
  "kB/s": "kB/s",
  "KB/s": "kB/s",
  KBs: "kB/s",
  "MB/s": "MB/s",
  MBs: "MB/s",
  "GB/s": "GB/s",
  GBs: "GB/s",
  "KiB/s": "KiB/s",
  "MiB/s": "MiB/s",
  "GiB/s": "GiB/s",
  "b/s": "b/s",
  bps: "b/s",
  "kb/s": "kb/s",
  "Kb/s": "kb/s",
  Kbits: "kb/s",
  "Mb/s": "Mb/s",
  Mbits: "Mb/s",
  "Gb/s": "Gb/s",
  Gbits: "Gb/s",
  "%": "%",
  ms: "ms",
  s: "s",
  µs: "µs",
  μs: "µs",
  ns: "ns",
  min: "min",
  h: "h",
  d: "d",
};

/** Word spellings (compared lower-cased) → canonical unit. Vendor ids: Grafana, CloudWatch, Azure, Datadog, UCUM. */
const ALIASES: Record<string, string | null> = {
  percent: "%",
  pct: "%",
  percentage: "%",
  perc: "%",
  percentunit: "ratio",
  ratio: "ratio",
  fraction: "ratio",
  nanosecond: "ns",
  nanoseconds: "ns",
  nsec: "ns",
  us: "µs",
  microsecond: "µs",
  microseconds: "µs",
  usec: "µs",
  millisecond: "ms",
  milliseconds: "ms",
  msec: "ms",
  msecs: "ms",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  mins: "min",
  minute: "min",
  minutes: "min",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  day: "d",
  days: "d",
  by: "B",
  byte: "B",
  bytes: "B",
  decbytes: "B",
  kilobyte: "kB",
  kilobytes: "kB",
  kby: "kB",
  deckbytes: "kB",
  kb: "kB",
  megabyte: "MB",
  megabytes: "MB",
  mby: "MB",
  decmbytes: "MB",
  mb: "MB",
  gigabyte: "GB",
  gigabytes: "GB",
  gby: "GB",
  decgbytes: "GB",
  gb: "GB",
  terabyte: "TB",
  terabytes: "TB",
  tby: "TB",
  tb: "TB",
  kib: "KiB",
  kiby: "KiB",
  kbytes: "KiB",
  kibibyte: "KiB",
  kibibytes: "KiB",
  mib: "MiB",
  miby: "MiB",
  mbytes: "MiB",
  mebibyte: "MiB",
  mebibytes: "MiB",
  gib: "GiB",
  giby: "GiB",
  gbytes: "GiB",
  gibibyte: "GiB",
  gibibytes: "GiB",
  tib: "TiB",
  tiby: "TiB",
  tbytes: "TiB",
  "by/s": "B/s",
  "bytes/s": "B/s",
  "bytes/sec": "B/s",
  "bytes/second": "B/s",
  bytespersecond: "B/s",
  binbps: "B/s",
  "kilobytes/second": "kB/s",
  kilobytespersecond: "kB/s",
  "megabytes/second": "MB/s",
  megabytespersecond: "MB/s",
  "gigabytes/second": "GB/s",
  gigabytespersecond: "GB/s",
  "bits/s": "b/s",
  "bits/second": "b/s",
  bitspersecond: "b/s",
  "bit/s": "b/s",
  "kilobits/second": "kb/s",
  kilobitspersecond: "kb/s",
  "megabits/second": "Mb/s",
  megabitspersecond: "Mb/s",
  "gigabits/second": "Gb/s",
  gigabitspersecond: "Gb/s",
  "req/s": "req/s",
  reqps: "req/s",
  "requests/s": "req/s",
  "requests/second": "req/s",
  rps: "req/s",
  "{request}/s": "req/s",
  "ops/s": "ops/s",
  ops: "ops/s",
  "operations/s": "ops/s",
  opsps: "ops/s",
  "count/second": "/s",
  "count/s": "/s",
  countpersecond: "/s",
  "1/s": "/s",
  "/s": "/s",
  cps: "/s",
  "count/minute": "/min",
  countperminute: "/min",
  "/min": "/min",
  cpm: "/min",
  count: "count",
  "1": null,
  none: null,
  short: null,
  "": null,
};

/** Grafana's "short" suffixes (and the usual k/M/G written after a space), scaling a plain number. */
const COUNT_SCALES: Record<string, number> = { K: 1e3, k: 1e3, Mil: 1e6, M: 1e6, Bil: 1e9, B: 1e9, Tri: 1e12, T: 1e12 };

/** A unit as any tool spells it → the canonical display form; unknown spellings are kept as written (trimmed). */
export function normalizeUnit(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let text = raw.trim();
  if (text.startsWith("{") && text.endsWith("}") && !text.slice(1).includes("{")) {
    text = text.slice(1, -1).trim(); // UCUM annotation: "{connection}" is a count of connections
  }
  const exact = EXACT[text];
  if (exact !== undefined) return exact;
  const known = ALIASES[text.toLowerCase()];
  if (known !== undefined) return known;
  return text || null;
}

export function isKnownUnit(raw: string): boolean {
  const text = raw.trim();
  if (!text || text === "1") return false;
  return Object.hasOwn(EXACT, text) || Object.hasOwn(ALIASES, text.toLowerCase());
}

/** The factor that turns a value in `from` into `to`, or null when they measure different things. */
export function conversionFactor(from: string, to: string): number | null {
  if (from === to) return 1;
  const a = CONVERTIBLE[from];
  const b = CONVERTIBLE[to];
  if (!a || !b || a[0] !== b[0]) return null;
  return a[1] / b[1];
}

const MISSING = new Set([
  "",
  "nan",
  "null",
  "none",
  "n/a",
  "na",
  "-",
  "—",
  "undefined",
  "nil",
  "+inf",
  "-inf",
  "inf",
  "infinity",
  "+infinity",
  "-infinity",
  "#n/a",
  "#value!",
  "#div/0!",
]);

/** Words that mean "no value here": empty, NaN, null, ±Inf, N/A, a lone dash. They become gaps. */
export function isMissingValue(raw: string): boolean {
  return MISSING.has(raw.trim().toLowerCase());
}

const NUMBER_WITH_UNIT = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/;

/**
 * "41.2%" → 41.2 "%", "180 ms" → 180 "ms", "2.30 s" → 2.3 "s", "1.50 K" → 1500 null, "1.2 MiB" → 1.2 "MiB".
 * Only a dot is a decimal point here: "1,5" with a decimal comma is rewritten by the CSV layer, which knows the file's
 * delimiter. Anything else (NaN, null, text) gives NaN and no unit.
 */
export function parseValueWithUnit(raw: string): { value: number; unit: string | null } {
  const text = raw.trim();
  const match = NUMBER_WITH_UNIT.exec(text);
  if (!match) {
    const lowered = text.toLowerCase();
    if (lowered === "+inf" || lowered === "inf" || lowered === "infinity" || lowered === "+infinity") return { value: Infinity, unit: null };
    if (lowered === "-inf" || lowered === "-infinity") return { value: -Infinity, unit: null };
    return { value: Number.NaN, unit: null };
  }
  let value = Number(match[1]);
  let rest = match[2].trim();
  if (!rest) return { value, unit: null };
  const scaled = /^(K|k|Mil|M|Bil|B|Tri|T)(?:\s+(.*))?$/.exec(rest);
  // "1.5 B" is bytes and "2 M" could be anything but a count, so single letters scale only when followed by more
  // text or when they are Grafana's spelled-out suffixes.
  if (scaled && (scaled[2] !== undefined || ["K", "k", "Mil", "Bil", "Tri"].includes(scaled[1]))) {
    value *= COUNT_SCALES[scaled[1]];
    rest = (scaled[2] ?? "").trim();
    if (!rest) return { value, unit: null };
  }
  if (!/^[\p{L}%µμ°/{$€£][\p{L}%µμ°/{}$€£\d_.\s^-]*$/u.test(rest) || rest.length > 24) return { value: Number.NaN, unit: null };
  return { value, unit: normalizeUnit(rest) };
}

const HEADER_UNIT_IN_BRACKETS = /^(.*?)\s*[([]\s*([^()[\]]{1,16})\s*[)\]]\s*$/;
const HEADER_UNIT_SUFFIX = /^(.+?)[\s_.-](ms|s|sec|secs|seconds|us|ns|pct|percent|bytes|kb|mb|gb|kib|mib|gib|min|minutes|rps|reqps|bps)$/i;

/**
 * A column header or label that names its unit: "p95 (ms)" → "p95" "ms", "latency_ms" → "latency" "ms",
 * "Connection pool usage (%)" → "Connection pool usage" "%". Unknown bracketed text ("CPU (user)") stays in the name.
 */
export function splitNameAndUnit(header: string): { name: string; unit: string | null } {
  const text = header.trim();
  const bracketed = HEADER_UNIT_IN_BRACKETS.exec(text);
  if (bracketed && bracketed[1] && isKnownUnit(bracketed[2])) return { name: bracketed[1], unit: normalizeUnit(bracketed[2]) };
  const suffixed = HEADER_UNIT_SUFFIX.exec(text);
  if (suffixed) return { name: suffixed[1], unit: normalizeUnit(suffixed[2]) };
  return { name: text, unit: null };
}

/** The unit a metric name's conventional suffix implies (Prometheus/OpenMetrics, Telegraf fields); the name is kept. */
export function unitFromMetricName(name: string): string | null {
  const match = /(?:^|[_.])(seconds|milliseconds|ms|microseconds|bytes|percent|ratio)(?:_total|_sum|_bucket|_count|_max|_min|_avg)?$/i.exec(name);
  if (!match) return null;
  return normalizeUnit(match[1].toLowerCase() === "ms" ? "ms" : match[1]);
}
