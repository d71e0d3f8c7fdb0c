// The impact section and headline fields: measurements ("Error rate: 23% (baseline 0.1%)", "p99 climbed from 120 ms
// to 4.2 s", "1,900 orders lost", "$45,000 in refunds", "down for 2h 35m"), the users affected, the data-loss
// statement, and prose kept as the impact summary. Numbers are read by quantities.ts, paired into value and baseline
// by comparisons.ts, and named by the readers in impact-measures.ts and impact-amounts.ts.
import type { Draft } from "@/lib/incidents/report-text/draft";
import { parseFieldLine } from "@/lib/incidents/report-text/headings";
import { count, duration, money } from "@/lib/incidents/report-text/impact-amounts";
import {
  availability,
  delay,
  errorRate,
  latency,
  latencyAnywhere,
  percentileLatency,
  throughput,
  usersAffected,
} from "@/lib/incidents/report-text/impact-measures";
import type { Found, Reader } from "@/lib/incidents/report-text/impact-reading";
import type { LineMap } from "@/lib/incidents/report-text/line-map";
import { quantitiesIn } from "@/lib/incidents/report-text/quantities";
import { IMPACT_METRIC_KINDS, type ImpactMetric, type ImpactMetricKind } from "@/lib/incidents/schema";

export type ImpactLine =
  | { type: "metric"; metric: ImpactMetric }
  /** a sentence that states several facts ("1,900 orders lost and $45,000 refunded"): one metric each, same statement */
  | { type: "metrics"; metrics: ImpactMetric[] }
  | { type: "usersAffected"; value: number }
  | { type: "errorRate"; value: number }
  /** the data-loss statement, with what a sentence about it counts ("data were lost: about 5,000 projects, ...") */
  | { type: "dataLoss"; dataLoss: boolean | null; note: string | null; metrics: ImpactMetric[] }
  | { type: "narrative" };

const NUM = "(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)";

function number(text: string): number {
  return Number(text.replace(/,/g, ""));
}

const CANONICAL_METRIC = /^Metric:\s*(.+)$/is;
const METRIC_ATTRS = ["kind", "value", "unit", "baseline", "baseline unit", "qualifier", "statement", "note"];

export function splitAttributes(text: string, keys: string[]): { head: string; attrs: Map<string, string> } {
  const pattern = new RegExp(`;\\s*(${keys.map((k) => k.replace(/ /g, "\\s+")).join("|")}):\\s*`, "gi");
  const attrs = new Map<string, string>();
  const parts: { key: string; start: number; valueStart: number }[] = [];
  for (const m of text.matchAll(pattern)) {
    if (parts.some((p) => p.key === "note")) break;
    parts.push({ key: m[1].toLowerCase().replace(/\s+/g, " "), start: m.index!, valueStart: m.index! + m[0].length });
  }
  const head = parts.length ? text.slice(0, parts[0].start) : text;
  parts.forEach((part, i) => attrs.set(part.key, text.slice(part.valueStart, parts[i + 1]?.start ?? text.length)));
  return { head: head.trim(), attrs };
}

const KINDS = new Set<string>(IMPACT_METRIC_KINDS);

/** The explicit line the exporter writes: "Metric: Orders lost; kind: count; value: 1900; unit: orders; ..." */
function canonicalMetric(body: string): ImpactMetric | null {
  const { head, attrs } = splitAttributes(body, METRIC_ATTRS);
  const value = Number(attrs.get("value"));
  const kind = (attrs.get("kind") ?? "other").trim().toUpperCase().replace(/\s+/g, "_");
  if (!head || !Number.isFinite(value) || !KINDS.has(kind)) return null;
  const baseline = attrs.has("baseline") ? Number(attrs.get("baseline")) : null;
  return {
    kind: kind as ImpactMetricKind,
    label: head,
    value,
    unit: attrs.get("unit")?.trim() || null,
    baseline: baseline !== null && Number.isFinite(baseline) ? baseline : null,
    baselineUnit: attrs.get("baseline unit")?.trim() || null,
    qualifier: attrs.get("qualifier")?.trim() || null,
    statement: attrs.get("statement")?.trim() || null,
    note: attrs.get("note") ?? null,
  };
}

// The order matters where two readers could take the same number: a percentile before a latency named in words,
// users before other counts. The reader of a latency whose time stands anywhere in the sentence comes last and
// reads once, so that "latency rose to 2 s and the API was down for 20 minutes" gives a latency and a downtime.
const READERS: Reader[] = [percentileLatency, latency, errorRate, availability, usersAffected, delay, throughput, money, count, duration, latencyAnywhere];
const READ_ONCE = new Set<Reader>([latencyAnywhere]);
const MOST_PER_SENTENCE = 12;
// Longer "sentences" are pasted data, not prose: they stay text (reading them would cost time growing with the square
// of their length).
const LONGEST_SENTENCE = 2_000;

/**
 * Every measurement a sentence states, in the order written, each with the sentence as its statement. Readers take
 * quantities until none is left that a reader understands; a quantity is read once.
 */
function measurements(text: string, statement: string): ImpactMetric[] {
  return sentencesOf(text)
    .filter((sentence) => sentence.length <= LONGEST_SENTENCE)
    .flatMap((sentence) => measurementsOfSentence(sentence, statement));
}

/**
 * A paragraph's sentences: a period ends one when a word, a number or a number's short unit ("3.8 s.") ends before
 * it and a capital starts the next.
 */
export function sentencesOf(text: string): string[] {
  return text.split(/(?<=(?:\p{L}{3}|\p{N}|\p{N}\s?\p{L}{1,2}|\p{L}\)|%)[.!?])\s+(?=\p{Lu})/u).filter(Boolean);
}

function measurementsOfSentence(text: string, statement: string): ImpactMetric[] {
  const all = quantitiesIn(text);
  const sentence = { text, free: all, all };
  const read: Found[] = [];
  const fired = new Set<Reader>();
  while (sentence.free.length && read.length < MOST_PER_SENTENCE) {
    let hit: Found | null = null;
    for (const reader of READERS) {
      if (READ_ONCE.has(reader) && fired.has(reader)) continue;
      hit = reader(sentence);
      if (hit) {
        fired.add(reader);
        break;
      }
    }
    if (!hit) break;
    read.push(hit);
    const taken = new Set(hit.uses.map((q) => q.start));
    sentence.free = sentence.free.filter((q) => !taken.has(q.start));
  }
  const at = (f: Found) => Math.min(...f.uses.map((q) => q.start));
  return read
    .sort((a, b) => at(a) - at(b))
    .map(({ metric: m }) => ({
      kind: m.kind,
      label: m.label,
      value: m.value,
      unit: m.unit,
      baseline: m.baseline,
      baselineUnit: m.baselineUnit,
      qualifier: m.qualifier,
      statement,
      note: null,
    }));
}

const DATA_LOSS = /\bdata\b.*\b(?:loss|lost)\b|\bcorrupt(?:ion|ed)?\b|\blost data\b/i;
const RECORDS =
  "backups?|backup copies|snapshots?|records?|rows?|messages?|orders?|e-?mails?|events?|tickets?|payments?|transactions?|comments?|projects?|files?|uploads?|objects?|documents?|attachments?|logs?|log lines|writes|repositories|repos|databases?";
const RECORDS_LOST = [
  new RegExp(`\\b(?:${RECORDS})\\b[^.;]{0,60}?\\b(?:lost|deleted|purged|destroyed|wiped|unrecoverable|irrecoverable)\\b`, "i"),
  new RegExp(`\\b(?:lost|purged|destroyed|wiped)\\s+(?!access|connectivity|power|contact|track)(?:[\\w'’-]+\\s+){0,3}?(?:${RECORDS})\\b`, "i"),
];
/**
 * A count of stored things lost for good ("1,900 orders lost"): the report says data was lost even where it has no
 * data-loss line. Requests or queries lost were never stored: no data loss.
 */
const LOST_FOR_GOOD = /\b(?:lost|purged|destroyed|wiped|corrupted|unrecoverable|irrecoverable)$/i;
const STORED_THINGS = new RegExp(`\\b(?:${RECORDS})$`, "i");

/** The most people the headline number holds (a 32-bit column): "3.5 billion users" stays a metric only. */
const MOST_USERS_AFFECTED = 2_147_483_647;

/** A count read from a headline field ("Users affected: ~1.2 million"): a whole number, nothing else written. */
function wholeCount(value: string): number | null {
  const [q, ...rest] = quantitiesIn(value);
  if (!q || rest.length || q.dimension !== "count" || q.lead !== 0 || value.slice(q.end).trim()) return null;
  return Number.isInteger(q.value) && q.value <= MOST_USERS_AFFECTED ? q.value : null;
}

/** One line of an impact section: typed measurements, a headline number, the data-loss statement, or prose. */
export function parseImpactLine(text: string): ImpactLine {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  const canonical = CANONICAL_METRIC.exec(text);
  if (canonical) {
    const parsed = canonicalMetric(canonical[1]);
    if (parsed) return { type: "metric", metric: parsed };
  }
  const field = parseFieldLine(flat);
  if (field?.name === "usersAffected") {
    const value = wholeCount(field.value);
    if (value !== null) return { type: "usersAffected", value };
  }
  if (field?.name === "errorRate") {
    const m = new RegExp(`^${NUM}\\s*%$`).exec(field.value);
    if (m) return { type: "errorRate", value: number(m[1]) / 100 };
    const fraction = /^(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(field.value);
    if (fraction) return { type: "errorRate", value: Number(fraction[1]) };
  }
  if (field?.name === "dataLoss") {
    const m = /^(yes|no|none|unknown)\b\s*(?:[—–-]\s*(.*))?$/is.exec(field.value);
    if (m) {
      const answer = m[1].toLowerCase();
      const dataLoss = answer === "yes" ? true : answer === "unknown" ? null : false;
      return { type: "dataLoss", dataLoss, note: m[2]?.trim() || null, metrics: [] };
    }
  }
  const metrics = measurements(flat.replace(/\*\*|__|`/g, ""), text);
  // "Backup copies ... were lost", "no messages were lost" say whether data was lost; "1,900 orders lost" says how much
  // (a count of things lost sets the headline in applyHeadline)
  if (DATA_LOSS.test(flat) || (!metrics.length && RECORDS_LOST.some((pattern) => pattern.test(flat)))) {
    const negated = /\b(?:no|zero|without|not|nor)\b[^.]*\b(?:data|loss|lost|corrupt|deleted|destroyed|wiped|purged)/i.test(flat);
    return { type: "dataLoss", dataLoss: !negated, note: text, metrics };
  }
  if (metrics.length > 1) return { type: "metrics", metrics };
  if (metrics.length === 1) return { type: "metric", metric: metrics[0] };
  return { type: "narrative" };
}

/** Headline numbers and metrics; false when the line is prose. */
export function applyHeadline(draft: Draft, parsed: ImpactLine, lines: number | number[], map: LineMap): boolean {
  const impact = draft.impact;
  switch (parsed.type) {
    case "narrative":
      return false;
    case "usersAffected":
      impact.usersAffected = parsed.value;
      map.add(lines, "impact.usersAffected");
      return true;
    case "errorRate":
      impact.errorRate = parsed.value;
      map.add(lines, "impact.errorRate");
      return true;
    case "dataLoss":
      impact.dataLoss = parsed.dataLoss;
      impact.dataLossNote = parsed.note;
      map.add(lines, "impact.dataLoss");
      // the exporter writes the metrics read from a data-loss sentence explicitly, each carrying the sentence, before
      // the sentence itself: those (perhaps edited since) are the metrics; the sentence is not read into them again
      const explicit = impact.metrics.some((m) => m.statement !== null && oneLine(m.statement) === oneLine(parsed.note ?? ""));
      if (!explicit && impact.metrics.length + parsed.metrics.length <= MOST_METRICS) {
        for (const metric of parsed.metrics) addMetric(draft, metric, lines, map);
      }
      return true;
    case "metric":
    case "metrics": {
      const metrics = parsed.type === "metric" ? [parsed.metric] : parsed.metrics;
      if (impact.metrics.length + metrics.length > MOST_METRICS) return false;
      for (const metric of metrics) addMetric(draft, metric, lines, map);
      return true;
    }
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
/** as many metrics as a report holds (impactSchema); lines beyond them stay in the impact summary as written */
const MOST_METRICS = 200;

function addMetric({ impact }: Draft, m: ImpactMetric, lines: number | number[], map: LineMap): void {
  map.add(lines, `impact.metrics[${impact.metrics.length}]`);
  impact.metrics.push(m);
  // the first measurement of each headline number is the headline unless a field line states it
  if (m.kind === "USERS_AFFECTED" && impact.usersAffected === null && Number.isInteger(m.value) && m.value <= MOST_USERS_AFFECTED) {
    impact.usersAffected = m.value;
    map.add(lines, "impact.usersAffected");
  }
  if (m.kind === "ERROR_RATE" && impact.errorRate === null && m.unit === "%" && m.value >= 0 && m.value <= 100) {
    impact.errorRate = m.value / 100;
    map.add(lines, "impact.errorRate");
  }
  if (m.kind === "COUNT" && impact.dataLoss === null && LOST_FOR_GOOD.test(m.label) && STORED_THINGS.test(m.unit ?? "")) {
    impact.dataLoss = true;
    map.add(lines, "impact.dataLoss");
  }
}
