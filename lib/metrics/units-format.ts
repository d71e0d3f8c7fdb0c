// Numbers and times on chart axes and tooltips, by unit: 0.18 s reads "180 ms", 0.23 as a ratio "23%", 1536 bytes
// "1.5 KiB". Pure (client components use it); unit spellings are normalised by lib/metrics/units.ts, which also says
// which units convert into each other.
import { conversionFactor, normalizeUnit } from "@/lib/metrics/units";
import { zoneFormatter } from "@/lib/time/zone";

const TIME_STEPS: [unit: string, seconds: number][] = [
  ["d", 86_400],
  ["h", 3_600],
  ["min", 60],
  ["s", 1],
  ["ms", 1e-3],
  ["µs", 1e-6],
  ["ns", 1e-9],
];
const TIME_SECONDS: Record<string, number> = Object.fromEntries(TIME_STEPS);

const IEC = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
const SI = ["B", "kB", "MB", "GB", "TB", "PB"];
const BYTE_FACTORS: Record<string, [steps: string[], base: number, exponent: number]> = {
  B: [IEC, 1024, 0],
  KiB: [IEC, 1024, 1],
  MiB: [IEC, 1024, 2],
  GiB: [IEC, 1024, 3],
  TiB: [IEC, 1024, 4],
  PiB: [IEC, 1024, 5],
  kB: [SI, 1000, 1],
  MB: [SI, 1000, 2],
  GB: [SI, 1000, 3],
  TB: [SI, 1000, 4],
  PB: [SI, 1000, 5],
};

/** Up to `digits` significant digits, no trailing zeros, thousands separated: 2.3, 180, 12,345, 0.0042. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || magnitude < 1e-6) return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, "e");
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(magnitude)));
  return value.toLocaleString("en-US", { maximumFractionDigits: Math.min(decimals, 12), minimumFractionDigits: 0 });
}

/** 1,200 → "1.2k", 3,400,000 → "3.4M": for plain counts on an axis. */
function compact(value: number, digits: number): string {
  const magnitude = Math.abs(value);
  for (const [suffix, size] of [
    ["T", 1e12],
    ["G", 1e9],
    ["M", 1e6],
    ["k", 1e3],
  ] as const) {
    if (magnitude >= size) return `${formatNumber(value / size, digits)}${suffix}`;
  }
  return formatNumber(value, digits);
}

/**
 * A value in `unit` for people. Time and bytes pick the readable step (180 ms, 2.3 s, 1.5 MiB); "ratio" shows as a
 * percentage; other units follow the number ("120 req/s"); no unit: a compact number ("1.2k").
 */
export function formatValue(value: number | null | undefined, unit: string | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const canonical = normalizeUnit(unit ?? null);
  if (canonical === null || canonical === "count") return compact(value, digits);
  if (canonical === "%") return `${formatNumber(value, digits)}%`;
  if (canonical === "ratio") return `${formatNumber(value * 100, digits)}%`;
  if (canonical in TIME_SECONDS) {
    const seconds = value * TIME_SECONDS[canonical]!;
    const magnitude = Math.abs(seconds);
    if (magnitude === 0) return `0 ${canonical}`;
    const [step, size] = TIME_STEPS.find(([, size]) => magnitude >= size * 0.9995) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
    return `${formatNumber(seconds / size, digits)} ${step}`;
  }
  const bytes = BYTE_FACTORS[canonical.replace(/\/s$/, "")];
  if (bytes) {
    const perSecond = canonical.endsWith("/s") ? "/s" : "";
    const [steps, base, exponent] = bytes;
    let scaled = value * base ** exponent;
    let index = 0;
    while (Math.abs(scaled) >= base * 0.9995 && index < steps.length - 1) {
      scaled /= base;
      index++;
    }
    return `${formatNumber(scaled, digits)} ${steps[index]}${perSecond}`;
  }
  return `${compact(value, digits)} ${canonical}`;
}

/** The unit an axis is labelled with: "ms", "%", "bytes"... (null: no label). */
export function unitLabel(unit: string | null | undefined): string | null {
  const canonical = normalizeUnit(unit ?? null);
  if (canonical === null || canonical === "count") return null;
  if (canonical === "ratio") return "%";
  return canonical;
}

/** The factor from `from` to `to` when both are known units of one kind (ms ↔ s, ratio ↔ %), else null. */
export function unitFactor(from: string | null | undefined, to: string | null | undefined): number | null {
  const a = normalizeUnit(from ?? null);
  const b = normalizeUnit(to ?? null);
  if (a === null || b === null) return null;
  return conversionFactor(a, b);
}

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return zoneFormatter(timeZone, "en-GB", { hourCycle: "h23", ...options });
}

/**
 * A time-axis tick: "14:35" when the axis spans less than a day, "27 Nov 14:35" up to a few weeks, "27 Nov 2024"
 * beyond; seconds appear when the axis spans less than ten minutes. `withDate` puts the day in front of short spans
 * too ("12 Mar 14:35"), for data that does not lie on the incident's day.
 */
export function formatTimeTick(ms: number, timeZone: string, spanMs: number, withDate = false): string {
  const day = withDate ? ({ day: "numeric", month: "short" } as const) : {};
  if (spanMs < 10 * 60_000) return formatter(timeZone, { ...day, hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(ms);
  if (spanMs < 86_400_000) return formatter(timeZone, { ...day, hour: "2-digit", minute: "2-digit" }).format(ms);
  if (spanMs < 30 * 86_400_000) return formatter(timeZone, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(ms);
  return formatter(timeZone, { day: "numeric", month: "short", year: "numeric" }).format(ms);
}

/** A full time for a tooltip: "27 Nov 2024, 14:35:00 UTC" (the zone's short name, or the zone id). */
export function formatTimeFull(ms: number, timeZone: string): string {
  return formatter(timeZone, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  }).format(ms);
}

const TICK_STEPS_MS = [
  1_000,
  2_000,
  5_000,
  10_000,
  15_000,
  30_000,
  60_000,
  2 * 60_000,
  5 * 60_000,
  10 * 60_000,
  15 * 60_000,
  30 * 60_000,
  3_600_000,
  2 * 3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  86_400_000,
  2 * 86_400_000,
  7 * 86_400_000,
  14 * 86_400_000,
  30 * 86_400_000,
  90 * 86_400_000,
  365 * 86_400_000,
];

/**
 * Round times for a time axis, about `count` of them: every 5 min, 15 min, 1 h... counted from the epoch, so they
 * fall on round wall-clock times in UTC and in every zone a whole number of hours (or half hours) away.
 */
export function timeTicks(domain: [number, number], count = 6): number[] {
  const [start, end] = domain;
  if (!(end > start)) return [start];
  const wanted = (end - start) / Math.max(1, count);
  const step = TICK_STEPS_MS.find((candidate) => candidate >= wanted) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
  const ticks: number[] = [];
  for (let tick = Math.ceil(start / step) * step; tick <= end; tick += step) ticks.push(tick);
  return ticks;
}
