// The impact section and headline fields: measurements ("Error rate: 23% (baseline 0.1%)"), the users affected,
// the data-loss statement, and prose kept as the impact summary.
import type { Draft } from "@/lib/incidents/report-text/draft";
import { parseFieldLine } from "@/lib/incidents/report-text/headings";
import type { LineMap } from "@/lib/incidents/report-text/line-map";
import type { ImpactMetric, ImpactMetricKind } from "@/lib/incidents/schema";

export type ImpactLine =
  | { type: "metric"; metric: ImpactMetric }
  | { type: "usersAffected"; value: number }
  | { type: "errorRate"; value: number }
  | { type: "dataLoss"; dataLoss: boolean | null; note: string | null }
  | { type: "narrative" };

const NUM = "(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)";
const QUALIFIER = "(approximately|approx\\.?|about|around|roughly|nearly|almost|up to|at least|more than|over|less than|under|~|circa)?\\s*";
const TIME_UNIT = "(milliseconds?|ms|µs|us|microseconds?|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)\\b";

function number(text: string): number {
  return Number(text.replace(/,/g, ""));
}

function qualifierOf(written: string | undefined, sentence: string): string | null {
  if (written) {
    const w = written.toLowerCase().replace(/\.$/, "");
    if (["approximately", "approx", "about", "around", "roughly", "~", "circa"].includes(w)) return "approximately";
    return w;
  }
  return /\b(?:at|during|during the|in) peak\b|\bpeak(?:ed| impact)?\b/i.test(sentence) ? "at peak" : null;
}

function timeUnit(unit: string): string {
  const u = unit.toLowerCase();
  if (u === "ms" || u.startsWith("millisecond")) return "ms";
  if (u === "µs" || u === "us" || u.startsWith("microsecond")) return "µs";
  if (u.startsWith("s")) return "s";
  if (u.startsWith("m")) return "min";
  if (u.startsWith("h")) return "h";
  return "d";
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
const KINDS = new Set<string>(["ERROR_RATE", "LATENCY", "USERS_AFFECTED", "DELAY", "AVAILABILITY", "THROUGHPUT", "OTHER"]);

/** A measurement read from a sentence: the sentence is kept as written beside the typed value. */
function metric(kind: ImpactMetricKind, label: string, value: number, unit: string | null, statement: string, extra: Partial<ImpactMetric> = {}): ImpactLine {
  return {
    type: "metric",
    metric: { kind, label, value, unit, baseline: null, baselineUnit: null, qualifier: null, statement, note: null, ...extra },
  };
}

/** One line of an impact section: a typed measurement, a headline number, the data-loss statement, or prose. */
export function parseImpactLine(text: string): ImpactLine {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  const canonical = CANONICAL_METRIC.exec(text);
  if (canonical) {
    const parsed = canonicalMetric(canonical[1]);
    if (parsed) return { type: "metric", metric: parsed };
  }
  const field = parseFieldLine(flat);
  if (field?.name === "usersAffected") {
    const m = new RegExp(`^${QUALIFIER}${NUM}$`, "i").exec(field.value);
    if (m && Number.isInteger(number(m[2]))) return { type: "usersAffected", value: number(m[2]) };
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
      return { type: "dataLoss", dataLoss, note: m[2]?.trim() || null };
    }
  }
  if (/\bdata\b.*\b(?:loss|lost)\b|\bcorrupt(?:ion|ed)?\b|\blost data\b/i.test(flat)) {
    const negated = /\b(?:no|zero|without|not|nor)\b[^.]*\b(?:data|loss|lost|corrupt)/i.test(flat);
    return { type: "dataLoss", dataLoss: !negated, note: text };
  }

  const latency = new RegExp(
    `\\b(p\\d{2,3}(?:\\.\\d+)?|median|mean|average|avg)\\b\\s*(?:latency|response time)?\\s*(?::|=|of|was|at|reached|hit)?\\s*${QUALIFIER}${NUM}\\s*${TIME_UNIT}`,
    "i",
  ).exec(flat);
  if (latency || /\blatenc|response time/i.test(flat)) {
    const percentile = latency?.[1];
    const valueMatch = latency ?? new RegExp(`${QUALIFIER}${NUM}\\s*${TIME_UNIT}`, "i").exec(flat);
    if (valueMatch) {
      const offset = latency ? 1 : 0;
      const after = flat.slice(valueMatch.index + valueMatch[0].length);
      const baseline = new RegExp(
        `^\\s*\\)?\\s*,?\\s*(?:vs\\.?|versus|compared (?:to|with)|against|instead of|from|up from|baseline(?: of)?|normal(?:ly)?|usual(?:ly)?)\\s*(?:the\\s+)?(?:normal|baseline|usual|typical)?\\s*(?:of|:)?\\s*${NUM}\\s*${TIME_UNIT}`,
        "i",
      ).exec(after);
      const label = percentile ? `${/^p/i.test(percentile) ? percentile.toLowerCase() : percentile.toLowerCase()} latency` : "Latency";
      return metric("LATENCY", label, number(valueMatch[offset + 2]), timeUnit(valueMatch[offset + 3]), text, {
        baseline: baseline ? number(baseline[1]) : null,
        baselineUnit: baseline ? timeUnit(baseline[2]) : null,
        qualifier: qualifierOf(valueMatch[offset + 1], flat),
      });
    }
  }

  const errorRate =
    new RegExp(`${QUALIFIER}${NUM}\\s*%\\s*(?:of\\s+(?:requests|calls)\\s+)?(?:errors?|error rate|failures?|failure rate|5xx|failed)`, "i").exec(flat) ??
    new RegExp(`(?:error|failure|5xx)(?:\\s+rate)?\\s*(?:of|at|reached|hit|peaked at|was|rose to|spiked to|:|=)?\\s*${QUALIFIER}${NUM}\\s*%`, "i").exec(flat);
  if (errorRate) {
    return metric("ERROR_RATE", "Error rate", number(errorRate[2]), "%", text, { qualifier: qualifierOf(errorRate[1], flat) });
  }

  const availability = new RegExp(`${QUALIFIER}${NUM}\\s*%\\s*(availability|uptime|success rate)`, "i").exec(flat);
  if (availability) {
    const label = availability[3].charAt(0).toUpperCase() + availability[3].slice(1).toLowerCase();
    return metric("AVAILABILITY", label, number(availability[2]), "%", text, { qualifier: qualifierOf(availability[1], flat) });
  }

  const users = new RegExp(
    `${QUALIFIER}${NUM}\\s*([kKmM])?\\s+(?:unique\\s+|active\\s+|end\\s+)?(users|customers|accounts|members|tenants|merchants|subscribers)\\b`,
    "i",
  ).exec(flat);
  if (users && /\b(?:affected|impacted|experienced|saw|unable|could not|couldn't|failed)\b/i.test(flat)) {
    const factor = users[3] ? (users[3].toLowerCase() === "k" ? 1_000 : 1_000_000) : 1;
    const noun = users[4].toLowerCase();
    return metric("USERS_AFFECTED", `${noun.charAt(0).toUpperCase()}${noun.slice(1)} affected`, Math.round(number(users[2]) * factor), noun, text, {
      qualifier: qualifierOf(users[1], flat),
    });
  }

  const delay = new RegExp(
    `^(.*?)\\s*\\b(?:delayed|delays?|lagged|lagging|backlogged)\\b[^\\d~]*?(?:by|of|up to|for)?\\s*${QUALIFIER}${NUM}\\s*${TIME_UNIT}`,
    "i",
  ).exec(flat);
  if (delay) {
    const subject = delay[1].replace(/\b(?:was|were|is|are|got|had|saw|experienced)$/i, "").trim();
    return metric("DELAY", subject ? `${subject} delay` : "Delay", number(delay[3]), timeUnit(delay[4]), text, {
      qualifier: qualifierOf(delay[2], flat),
    });
  }

  const throughput = new RegExp(
    `${QUALIFIER}${NUM}\\s*(rps|qps|tps|req/s|requests/s|requests per second|queries per second|transactions per second)\\b`,
    "i",
  ).exec(flat);
  if (throughput) {
    return metric("THROUGHPUT", "Throughput", number(throughput[2]), throughput[3].toLowerCase(), text, {
      qualifier: qualifierOf(throughput[1], flat),
    });
  }
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
      return true;
    case "metric": {
      const m = parsed.metric;
      map.add(lines, `impact.metrics[${impact.metrics.length}]`);
      impact.metrics.push(m);
      // the first measurement of each headline number is the headline unless a field line states it
      if (m.kind === "USERS_AFFECTED" && impact.usersAffected === null && Number.isInteger(m.value)) {
        impact.usersAffected = m.value;
        map.add(lines, "impact.usersAffected");
      }
      if (m.kind === "ERROR_RATE" && impact.errorRate === null && m.unit === "%" && m.value >= 0 && m.value <= 100) {
        impact.errorRate = m.value / 100;
        map.add(lines, "impact.errorRate");
      }
      return true;
    }
  }
}
