// An impact metric's typed value as people read it, beside the author's sentence on the report page:
// "Error rate · at peak 23% · baseline 0.1%", "Orders lost · approximately 1,900 orders", "Refunds · $45,000",
// "Downtime · 2 h 35 min", "p99 latency · 4.2 s · baseline 120 ms". Pure, so the page (a server or client
// component), exports and tests share it.
import type { ImpactMetric } from "@/lib/incidents/schema";

export type FormattableMetric = Pick<ImpactMetric, "kind" | "label" | "value" | "unit" | "baseline" | "baselineUnit" | "qualifier">;

/** "Label · qualifier value · baseline value" */
export function formatImpactMetric(metric: FormattableMetric): string {
  const value = `${metric.qualifier ? `${metric.qualifier} ` : ""}${formatMetricAmount(metric.kind, metric.value, metric.unit)}`;
  const baseline = metric.baseline !== null ? ` · baseline ${formatMetricAmount(metric.kind, metric.baseline, metric.baselineUnit ?? metric.unit)}` : "";
  return `${metric.label} · ${value}${baseline}`;
}

/** One value with its unit, the way its kind is read: money with its currency, durations in hours and minutes. */
export function formatMetricAmount(kind: ImpactMetric["kind"], value: number, unit: string | null): string {
  if (kind === "MONEY") return money(value, unit);
  if (kind === "COUNT") return withUnit(large(value) ?? plain(value), unit);
  if (kind === "DURATION") return spelledDuration(value, unit) ?? withUnit(plain(value), unit);
  return withUnit(plain(value), unit);
}

function plain(value: number): string {
  return value.toLocaleString("en-US");
}

function withUnit(number: string, unit: string | null): string {
  return `${number}${unit ? (unit === "%" ? "%" : ` ${unit}`) : ""}`;
}

/** 3400000 is "3.4 million", 2300000000 "2.3 billion"; 1234567 stays as written (every digit was meant). */
function large(value: number): string | null {
  for (const [size, word] of [
    [1e12, "trillion"],
    [1e9, "billion"],
    [1e6, "million"],
  ] as const) {
    const scaled = Math.abs(value) / size;
    if (scaled >= 1 && Number.isInteger(Number((scaled * 100).toPrecision(12)))) {
      return `${value < 0 ? "-" : ""}${Number(scaled.toPrecision(12)).toLocaleString("en-US")} ${word}`;
    }
  }
  return null;
}

const CURRENCY_SYMBOLS: Record<string, string> = { USD: "$", EUR: "€", GBP: "£" };

/** "$45,000", "€12,000", "£1.2 million", "3,000 CHF", "$45,000.50" */
function money(value: number, currency: string | null): string {
  const cents = Number.isInteger(value) ? 0 : 2;
  const number = large(value) ?? value.toLocaleString("en-US", { minimumFractionDigits: cents, maximumFractionDigits: cents });
  const symbol = currency ? CURRENCY_SYMBOLS[currency.toUpperCase()] : undefined;
  if (symbol) return value < 0 ? `-${symbol}${number.slice(1)}` : `${symbol}${number}`;
  return withUnit(number, currency);
}

const SECONDS: Record<string, number> = { s: 1, min: 60, h: 3600, d: 86_400 };
const PARTS: [string, number][] = [
  ["d", 86_400],
  ["h", 3600],
  ["min", 60],
  ["s", 1],
];

/** 155 min is "2 h 35 min", 1.5 h "1 h 30 min", 90 s "1 min 30 s"; null when the unit is not one of s, min, h, d. */
function spelledDuration(value: number, unit: string | null): string | null {
  const size = unit ? SECONDS[unit] : undefined;
  if (!size || value < 0) return null;
  const seconds = Number((value * size).toPrecision(12));
  if (!Number.isInteger(seconds)) return null;
  // no part smaller than the unit written, and days only when the author counted in days
  const smallest = Math.min(size, 60);
  const parts: string[] = [];
  let rest = seconds;
  for (const [name, length] of PARTS) {
    if ((name === "d" && unit !== "d") || length < smallest) continue;
    const whole = Math.floor(rest / length);
    if (whole) parts.push(`${whole.toLocaleString("en-US")} ${name}`);
    rest -= whole * length;
  }
  if (rest) return null;
  return parts.length ? parts.join(" ") : `0 ${unit}`;
}
