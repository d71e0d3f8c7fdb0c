// What every format parser shares: series grow point by point into typed arrays (never arrays of objects), then are
// finished once: sorted by time, one point per timestamp (the last one the file gave wins), non-finite values as NaN
// gaps, and one short warning per kind of mess rather than one per point.
import type { ParsedSeries } from "@/lib/metrics/types";

export type ParseContext = {
  /** IANA zone for times written without an offset. */
  timeZone: string;
  warnings: string[];
  partial: boolean;
};

export function createContext(timeZone: string): ParseContext {
  return { timeZone, warnings: [], partial: false };
}

export function warn(context: ParseContext, message: string): void {
  if (!context.warnings.includes(message)) context.warnings.push(message);
}

/** The export says it is incomplete (paged, truncated, limited): flag it and tell the user why. */
export function markPartial(context: ParseContext, message: string): void {
  context.partial = true;
  warn(context, message);
}

export function seriesTitle(name: string, labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (!entries.length) return name;
  const text = entries.map(([key, value]) => `${key}="${value}"`).join(", ");
  return name ? `${name}{${text}}` : `{${text}}`;
}

export class SeriesBuilder {
  timestamps: Float64Array;
  values: Float64Array;
  length = 0;
  /** Values that were NaN, ±Inf, null or empty: kept as gaps. */
  missing = 0;
  private latest = -Infinity;
  private ordered = true;

  constructor(
    readonly name: string,
    readonly labels: Record<string, string>,
    public unit: string | null,
    capacity = 64,
  ) {
    this.timestamps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(time: number, value: number): void {
    if (this.length === this.timestamps.length) this.grow();
    if (value !== value || value === Infinity || value === -Infinity) {
      value = Number.NaN;
      this.missing++;
    }
    this.timestamps[this.length] = time;
    this.values[this.length] = value;
    this.length++;
    if (time > this.latest) this.latest = time;
    else this.ordered = false;
  }

  private grow(): void {
    const capacity = this.timestamps.length * 2;
    const timestamps = new Float64Array(capacity);
    timestamps.set(this.timestamps);
    const values = new Float64Array(capacity);
    values.set(this.values);
    this.timestamps = timestamps;
    this.values = values;
  }

  /** Leaves out the gaps instead of drawing them (for columns that are mostly empty because of an outer join). */
  dropGaps(): void {
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      if (this.values[i] === this.values[i]) {
        this.timestamps[kept] = this.timestamps[i];
        this.values[kept] = this.values[i];
        kept++;
      }
    }
    this.length = kept;
    this.missing = 0;
  }

  get finiteCount(): number {
    let count = 0;
    for (let i = 0; i < this.length; i++) if (Number.isFinite(this.values[i])) count++;
    return count;
  }

  /** Sorted, one point per timestamp; reports how many repeated timestamps were resolved and whether it sorted. */
  finish(): { series: ParsedSeries; duplicates: number; sorted: boolean } {
    const n = this.length;
    let timestamps = this.timestamps.slice(0, n);
    let values = this.values.slice(0, n);
    let duplicates = 0;
    let sorted = false;
    if (!this.ordered) {
      if (strictlyDescending(timestamps)) {
        timestamps.reverse();
        values.reverse();
      } else {
        sorted = !nonDecreasing(timestamps);
        const order = new Uint32Array(n);
        for (let i = 0; i < n; i++) order[i] = i;
        if (sorted) {
          const t = timestamps;
          order.sort((a, b) => t[a] - t[b] || a - b);
        }
        const outT = new Float64Array(n);
        const outV = new Float64Array(n);
        let count = 0;
        for (let k = 0; k < n; k++) {
          const i = order[k];
          if (count > 0 && outT[count - 1] === timestamps[i]) {
            outV[count - 1] = values[i]; // the later row in the file wins
            duplicates++;
          } else {
            outT[count] = timestamps[i];
            outV[count] = values[i];
            count++;
          }
        }
        timestamps = count === n ? outT : outT.slice(0, count);
        values = count === n ? outV : outV.slice(0, count);
      }
    }
    return { series: { name: this.name, labels: this.labels, unit: this.unit, timestamps, values }, duplicates, sorted };
  }
}

function strictlyDescending(t: Float64Array): boolean {
  for (let i = 1; i < t.length; i++) if (!(t[i] < t[i - 1])) return false;
  return true;
}

function nonDecreasing(t: Float64Array): boolean {
  for (let i = 1; i < t.length; i++) if (t[i] < t[i - 1]) return false;
  return true;
}

function labelKey(name: string, labels: Record<string, string>): string {
  let key = name;
  for (const label of Object.keys(labels).sort()) key += `\u0001${label}\u0002${labels[label]}`;
  return key;
}

export type FinishOptions = {
  /** The format lists points newest first or in no order (CloudWatch): sorting them is not worth a warning. */
  orderIsArbitrary?: boolean;
};

/** The series of one file, found again by name and labels when a format spreads one series over several places. */
export class SeriesSet {
  private readonly byKey = new Map<string, SeriesBuilder>();

  get(name: string, labels: Record<string, string>, unit: string | null): SeriesBuilder {
    const key = labelKey(name, labels);
    let builder = this.byKey.get(key);
    if (!builder) {
      builder = new SeriesBuilder(name, labels, unit);
      this.byKey.set(key, builder);
    } else if (builder.unit === null && unit !== null) {
      builder.unit = unit;
    }
    return builder;
  }

  get size(): number {
    return this.byKey.size;
  }

  builders(): SeriesBuilder[] {
    return [...this.byKey.values()];
  }

  finish(context: ParseContext, options: FinishOptions = {}): ParsedSeries[] {
    const result: ParsedSeries[] = [];
    const empty: string[] = [];
    const gaps: string[] = [];
    let gapCount = 0;
    const repeated: string[] = [];
    let duplicateCount = 0;
    let sortedCount = 0;
    for (const builder of this.byKey.values()) {
      const title = seriesTitle(builder.name, builder.labels);
      if (builder.finiteCount === 0) {
        empty.push(title);
        continue;
      }
      const { series, duplicates, sorted } = builder.finish();
      if (builder.missing) {
        gapCount += builder.missing;
        gaps.push(`${title}: ${builder.missing}`);
      }
      if (duplicates) {
        duplicateCount += duplicates;
        repeated.push(`${title}: ${duplicates}`);
      }
      if (sorted) sortedCount++;
      result.push(series);
    }
    if (gapCount) {
      warn(
        context,
        `${plural(gapCount, "value was", "values were")} empty, null, NaN or ±Inf and ${gapCount === 1 ? "is" : "are"} shown as ${gapCount === 1 ? "a gap" : "gaps"} (${list(gaps)}).`,
      );
    }
    if (duplicateCount) {
      warn(
        context,
        `${plural(duplicateCount, "timestamp appeared", "timestamps appeared")} more than once; the last value given for each was kept (${list(repeated)}).`,
      );
    }
    if (sortedCount && !options.orderIsArbitrary) {
      warn(context, `${plural(sortedCount, "series had its", "series had their")} points out of time order; they were sorted.`);
    }
    if (empty.length && result.length) {
      warn(context, `${plural(empty.length, "series has", "series have")} no values and ${empty.length === 1 ? "was" : "were"} left out: ${list(empty)}.`);
    }
    return result;
  }
}

export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

function list(items: string[], max = 5): string {
  return items.length <= max ? items.join("; ") : `${items.slice(0, max).join("; ")}; and ${items.length - max} more`;
}

/** A JSON object of labels/tags/dimensions → string values (null and undefined left out). */
export function stringRecord(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) if (item !== null && item !== undefined) labels[key] = String(item);
  }
  return labels;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
