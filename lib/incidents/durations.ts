// Durations as SREs read them ("47 minutes", "1 hour 5 minutes") and the incident's headline intervals:
// how long it lasted and how long it took to detect, mitigate and resolve, all measured from the start.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS = [
  { ms: DAY, one: "day", many: "days" },
  { ms: HOUR, one: "hour", many: "hours" },
  { ms: MINUTE, one: "minute", many: "minutes" },
  { ms: SECOND, one: "second", many: "seconds" },
] as const;

function plural(count: number, unit: (typeof UNITS)[number]): string {
  return `${count} ${count === 1 ? unit.one : unit.many}`;
}

/**
 * "47 minutes", "1 hour 5 minutes", "2 days 3 hours": the largest unit and, when not zero, the next one
 * (so seconds show only below an hour).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`A duration must be a non-negative number of milliseconds, got ${ms}.`);
  const total = Math.floor(ms / SECOND) * SECOND;
  if (total === 0) return "0 minutes";
  const largest = UNITS.findIndex((unit) => total >= unit.ms);
  const unit = UNITS[largest];
  const next = UNITS[largest + 1];
  const first = plural(Math.floor(total / unit.ms), unit);
  const rest = next ? Math.floor((total % unit.ms) / next.ms) : 0;
  return rest > 0 ? `${first} ${plural(rest, next)}` : first;
}

const DURATION_PART = /(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/gi;

/**
 * Reads a written duration: "47 minutes", "1h 5m", "1 hour 5 minutes", "2 days 3 hours", "1.5 hours".
 * Returns null when the text holds no duration.
 */
export function parseDuration(text: string): number | null {
  let total = 0;
  let found = false;
  for (const match of text.matchAll(DURATION_PART)) {
    const amount = Number(match[1]);
    const unit = match[2].toLowerCase();
    const ms = unit.startsWith("d") ? DAY : unit.startsWith("h") ? HOUR : unit.startsWith("m") ? MINUTE : SECOND;
    total += amount * ms;
    found = true;
  }
  return found ? Math.round(total) : null;
}

export type IncidentTimes = {
  startedAt?: string | Date | null;
  endedAt?: string | Date | null;
  detectedAt?: string | Date | null;
  mitigatedAt?: string | Date | null;
  resolvedAt?: string | Date | null;
};

export type DurationValue = { ms: number; text: string };

export type IncidentDurations = {
  /** start to end (or to resolution when no end is recorded) */
  duration: DurationValue | null;
  timeToDetect: DurationValue | null;
  timeToMitigate: DurationValue | null;
  timeToResolve: DurationValue | null;
};

function toMs(value: string | Date | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function interval(start: number | null, end: number | null): DurationValue | null {
  // An interval that runs backwards is a data error elsewhere; showing a negative duration would hide it.
  if (start === null || end === null || end < start) return null;
  return { ms: end - start, text: formatDuration(end - start) };
}

export function incidentDurations(times: IncidentTimes): IncidentDurations {
  const start = toMs(times.startedAt);
  const resolved = toMs(times.resolvedAt);
  return {
    duration: interval(start, toMs(times.endedAt) ?? resolved),
    timeToDetect: interval(start, toMs(times.detectedAt)),
    timeToMitigate: interval(start, toMs(times.mitigatedAt)),
    timeToResolve: interval(start, resolved),
  };
}
