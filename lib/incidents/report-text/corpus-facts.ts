// The measure of import fidelity (issue 15): reports written in the styles teams use (test/fixtures/reports/), each
// with the facts a careful reader takes from it (`<name>.expected.json`), and the count of those facts an import keeps.
// A fact is one thing a person would check by eye: the incident id, one timeline entry at its instant, one number
// with its unit, one action item's owner, one sentence kept verbatim. Equivalent spellings count as the same fact
// (24 hours 11 minutes is 1451 min, "$" is USD, "@dba-team" is "dba-team"); nothing else is forgiven.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import type { ActionItem, ActionItemStatus, ImpactMetric, ImpactMetricKind, IncidentStatus, Priority, ReportDocument } from "@/lib/incidents/schema";
import { wallClockAt } from "@/lib/time/zone";

export const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../test/fixtures/reports");

/** "Today" for every import of the corpus, so that a report the importer cannot date lands on a fixed, visible day. */
export const CORPUS_NOW = new Date("2025-06-02T12:00:00.000Z");

type Moment = "startedAt" | "endedAt" | "detectedAt" | "mitigatedAt" | "resolvedAt";
type CountedList = "timeline" | "contributingFactors" | "resolutionSteps" | "preventiveMeasures" | "lessonsLearned" | "actionItems" | "services";

export type ExpectedMetric = {
  kind: ImpactMetricKind | ImpactMetricKind[];
  value: number;
  unit: string | null;
  baseline?: number;
  baselineUnit?: string;
  qualifier?: string;
  /** part of the author's sentence, which must be kept beside the typed value */
  sentence: string;
};

export type ExpectedActionItem = { title: string; owner?: string; due?: string; status?: ActionItemStatus; priority?: Priority };

export type ExpectedFacts = {
  /** the id, or the forms of it a careful reader would accept ("incident #4612": 4612 or INC-4612) */
  incidentId?: string | string[];
  /** the title, or the titles a careful reader would accept */
  title?: string | string[];
  severity?: string;
  status?: IncidentStatus;
  /** the IANA zone, or the zones that fit an abbreviation written without a place */
  timeZone?: string | string[];
  /** the day the incident started, in the report's zone */
  incidentDate?: string;
  services?: string[];
  moments?: Partial<Record<Moment, string>>;
  timeline?: { at: string; text: string }[];
  counts?: Partial<Record<CountedList, number>>;
  impact?: ExpectedMetric[];
  usersAffected?: number;
  errorRate?: number;
  dataLoss?: boolean;
  actionItems?: ExpectedActionItem[];
  /** the day of the follow-up review, in the report's zone */
  followUp?: string;
  preparedBy?: string;
  reviewedBy?: string;
  /** sentences that must appear verbatim (but for line breaks) somewhere in the imported report */
  sentences?: string[];
  /** what the preview must say it guessed: each entry is met by a warning containing any of its words */
  warnings?: string[][];
};

export type ExpectedReport = { source: string; style: string; facts: ExpectedFacts };

export type ReportFormat = "text" | "html" | "docx";

export type CorpusReport = { name: string; file: string; format: ReportFormat; expected: ExpectedReport };

export function formatOf(file: string): ReportFormat | null {
  if (/\.(?:txt|md|markdown)$/i.test(file)) return "text";
  if (/\.html?$/i.test(file)) return "html";
  if (/\.docx$/i.test(file)) return "docx";
  return null;
}

/** Every report of the corpus with its expected facts; a report without facts (or facts without a report) is an error. */
export function listCorpus(dir: string = CORPUS_DIR): CorpusReport[] {
  const files = readdirSync(dir).sort();
  const reports: CorpusReport[] = [];
  for (const file of files) {
    const format = formatOf(file);
    if (!format || file === "README.md") continue;
    const name = file.replace(/\.[^.]+$/, "");
    const factsFile = `${name}.expected.json`;
    if (!files.includes(factsFile)) throw new Error(`${file} has no ${factsFile} beside it`);
    reports.push({ name, file, format, expected: JSON.parse(readFileSync(path.join(dir, factsFile), "utf8")) as ExpectedReport });
  }
  for (const file of files.filter((f) => f.endsWith(".expected.json"))) {
    if (!reports.some((r) => `${r.name}.expected.json` === file)) throw new Error(`${file} has no report beside it`);
  }
  return reports;
}

// ---------------------------------------------------------------------------------------------------------------
// Importing
// ---------------------------------------------------------------------------------------------------------------

/**
 * How an HTML page or a .docx becomes report text before the parser reads it: the converter of issue 15,
 * `convertReportFile` in lib/incidents/report-formats/convert.ts (what the import page and the API use). This is the
 * one place the corpus depends on it; it is loaded when present, so that the corpus still measures the text reports
 * in a tree without it (the HTML and .docx reports then count every fact as missed, saying why).
 */
export type FormatConverter = (bytes: Buffer, file: string) => Promise<string>;

export type FormatConverterLookup = { converter: FormatConverter } | { missing: string };

const CONVERTER_MODULE = path.join(path.dirname(fileURLToPath(import.meta.url)), "../report-formats/convert.ts");

export async function findFormatConverter(): Promise<FormatConverterLookup> {
  if (!existsSync(CONVERTER_MODULE)) return { missing: "no HTML/.docx converter (lib/incidents/report-formats/convert.ts does not exist)" };
  const loaded: unknown = await import(/* @vite-ignore */ pathToFileURL(CONVERTER_MODULE).href);
  const convert = (loaded as { convertReportFile?: unknown }).convertReportFile;
  if (typeof convert !== "function") return { missing: "lib/incidents/report-formats/convert.ts exports no convertReportFile" };
  return {
    converter: async (bytes, file) => {
      const converted: unknown = await convert({ bytes: new Uint8Array(bytes), fileName: file });
      const text = (converted as { text?: unknown }).text;
      if (typeof text !== "string") throw new Error("convertReportFile gave no text");
      return text;
    },
  };
}

export type Imported = { ok: true; document: ReportDocument; warnings: string[]; text: string } | { ok: false; error: string };

export function importText(text: string): Imported {
  try {
    const result = parseReportText(text, { now: CORPUS_NOW });
    return { ok: true, document: result.document, warnings: result.warnings, text };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function importCorpusReport(report: CorpusReport, dir: string = CORPUS_DIR): Promise<Imported> {
  const bytes = readFileSync(path.join(dir, report.file));
  if (report.format === "text") return importText(bytes.toString("utf8"));
  const lookup = await findFormatConverter();
  if ("missing" in lookup) return { ok: false, error: lookup.missing };
  let text: string;
  try {
    text = await lookup.converter(bytes, report.file);
  } catch (error) {
    return { ok: false, error: `the ${report.format} converter failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  return importText(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Checking facts
// ---------------------------------------------------------------------------------------------------------------

export type FactCategory = "header" | "times" | "impact" | "lists" | "actions" | "sentences" | "warnings";
export const FACT_CATEGORIES: FactCategory[] = ["header", "times", "impact", "lists", "actions", "sentences", "warnings"];

export type FactResult = { category: FactCategory; label: string; found: boolean; detail: string };

type Check = { category: FactCategory; label: string; test: (doc: ReportDocument, warnings: string[]) => { found: boolean; detail: string } };

/** Text as a reader compares it: Markdown escapes and line breaks do not change a sentence. */
export function normalText(text: string): string {
  return text
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, "$1")
    .replace(/[\u00a0\s]+/g, " ")
    .trim();
}

const contains = (haystack: string | null | undefined, needle: string) =>
  normalText(haystack ?? "")
    .toLowerCase()
    .includes(normalText(needle).toLowerCase());
const alnum = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
const show = (value: unknown) => (value === null || value === undefined ? "nothing" : JSON.stringify(value));
const clip = (text: string, max = 70) => {
  const flat = normalText(text);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** Every string in the document with its path ("impactSummary", "extraSections[2].body" ...). */
export function stringLeaves(value: unknown, at = ""): { path: string; text: string }[] {
  if (typeof value === "string") return [{ path: at || "(root)", text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, `${at}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => (key === "id" ? [] : stringLeaves(item, at ? `${at}.${key}` : key)));
  }
  return [];
}

/** Where a piece of text went, for a reader looking for a missed fact: "kept in impactSummary" or "not in the report". */
export function whereIs(doc: ReportDocument, fragment: string): string {
  const paths = stringLeaves(doc)
    .filter((leaf) => contains(leaf.text, fragment))
    .map((leaf) => leaf.path);
  return paths.length ? `its text is in ${paths.slice(0, 3).join(", ")}` : "its text is nowhere in the report";
}

// Units: time units compare by length, currencies by code, counted things by their noun (singular or plural).
const SECONDS: Record<string, number> = { µs: 1e-6, us: 1e-6, ms: 0.001, s: 1, min: 60, h: 3600, d: 86400, wk: 604800 };
const TIME_WORDS: [RegExp, string][] = [
  [/^(?:µs|us|microseconds?)$/, "µs"],
  [/^(?:ms|msecs?|milliseconds?)$/, "ms"],
  [/^(?:s|secs?|seconds?)$/, "s"],
  [/^(?:m|mins?|minutes?)$/, "min"],
  [/^(?:h|hrs?|hours?)$/, "h"],
  [/^(?:d|days?)$/, "d"],
  [/^(?:wk|weeks?)$/, "wk"],
];
const CURRENCIES: Record<string, string[]> = {
  USD: ["usd", "$", "us$", "dollar", "dollars", "us dollars"],
  EUR: ["eur", "€", "euro", "euros"],
  GBP: ["gbp", "£", "pound", "pounds"],
  INR: ["inr", "₹", "rupee", "rupees"],
};

function timeUnit(unit: string | null | undefined): string | null {
  const u = (unit ?? "").trim().toLowerCase();
  return TIME_WORDS.find(([re]) => re.test(u))?.[1] ?? null;
}

function currency(unit: string | null | undefined): string | null {
  const u = (unit ?? "").trim().toLowerCase();
  return Object.entries(CURRENCIES).find(([, names]) => names.includes(u))?.[0] ?? null;
}

function headNoun(unit: string): string {
  const last = unit.trim().toLowerCase().split(/\s+/).at(-1) ?? "";
  return last.replace(/(?:es|s)$/, "");
}

const closeTo = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Whether `value unit` (as found) is the quantity `expectedValue expectedUnit`. */
export function sameQuantity(value: number, unit: string | null, expectedValue: number, expectedUnit: string | null): boolean {
  const [t, et] = [timeUnit(unit), timeUnit(expectedUnit)];
  if (et) return t !== null && closeTo(value * SECONDS[t], expectedValue * SECONDS[et]);
  const ec = currency(expectedUnit);
  if (ec) return currency(unit) === ec && closeTo(value, expectedValue);
  if (expectedUnit === "%") return (unit === "%" || unit?.toLowerCase() === "percent") && closeTo(value, expectedValue);
  if (expectedUnit === null) return closeTo(value, expectedValue);
  return unit !== null && headNoun(unit) === headNoun(expectedUnit) && closeTo(value, expectedValue);
}

const QUALIFIERS: Record<string, string> = {
  approximately: "approximately",
  approx: "approximately",
  about: "approximately",
  around: "approximately",
  roughly: "approximately",
  "~": "approximately",
  circa: "approximately",
  estimated: "approximately",
  "an estimated": "approximately",
  "up to": "up to",
  "at most": "up to",
  "more than": "more than",
  over: "more than",
  "at least": "at least",
  "at peak": "at peak",
  peak: "at peak",
};
const sameQualifier = (found: string | null, expected: string) => {
  const canon = (q: string) => QUALIFIERS[q.trim().toLowerCase().replace(/\.$/, "")] ?? q.trim().toLowerCase();
  return found !== null && canon(found) === canon(expected);
};

function describeMetric(m: ImpactMetric): string {
  const baseline = m.baseline !== null ? ` from ${m.baseline} ${m.baselineUnit ?? ""}`.trimEnd() : "";
  const qualifier = m.qualifier ? ` (${m.qualifier})` : "";
  return `${m.kind} ${m.value} ${m.unit ?? ""}`.trimEnd() + baseline + qualifier;
}

function describeExpectedMetric(e: ExpectedMetric): string {
  const kind = Array.isArray(e.kind) ? e.kind.join("|") : e.kind;
  const baseline = e.baseline !== undefined ? ` from ${e.baseline} ${e.baselineUnit ?? ""}`.trimEnd() : "";
  const qualifier = e.qualifier ? ` (${e.qualifier})` : "";
  return `${kind} ${e.value} ${e.unit ?? ""}`.trimEnd() + baseline + qualifier;
}

export function metricMatches(m: ImpactMetric, e: ExpectedMetric): boolean {
  const kinds = Array.isArray(e.kind) ? e.kind : [e.kind];
  if (!kinds.includes(m.kind) || !sameQuantity(m.value, m.unit, e.value, e.unit)) return false;
  if (e.baseline !== undefined && (m.baseline === null || !sameQuantity(m.baseline, m.baselineUnit, e.baseline, e.baselineUnit ?? e.unit))) return false;
  if (e.baseline === undefined && m.baseline !== null) return false;
  if (e.qualifier !== undefined && !sameQualifier(m.qualifier, e.qualifier)) return false;
  return contains(m.statement, e.sentence);
}

function metricCheck(e: ExpectedMetric): Check {
  return {
    category: "impact",
    label: `impact ${describeExpectedMetric(e)} ("${clip(e.sentence, 50)}")`,
    test: (doc) => {
      const metrics = doc.impact.metrics;
      if (metrics.some((m) => metricMatches(m, e))) return { found: true, detail: "" };
      const near = metrics.filter((m) => contains(m.statement, e.sentence) || contains(m.label, e.sentence));
      if (near.length) return { found: false, detail: `read from that sentence: ${near.map(describeMetric).join("; ")}` };
      return { found: false, detail: `no metric from that sentence; ${whereIs(doc, e.sentence)}` };
    },
  };
}

function ownerOf(item: ActionItem): { email: string | null; name: string | null } {
  const name = "ownerName" in item && typeof item.ownerName === "string" ? item.ownerName : null;
  return { email: item.ownerEmail, name };
}

function sameOwner(item: ActionItem, expected: string): boolean {
  const { email, name } = ownerOf(item);
  const bare = (text: string) => text.trim().replace(/^@/, "").toLowerCase();
  return (email !== null && bare(email) === bare(expected)) || (name !== null && bare(name) === bare(expected));
}

function dayIn(iso: string, timeZone: string): string {
  const wall = wallClockAt(Date.parse(iso), timeZone);
  return `${wall.year}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
}

function firstZone(expected: ExpectedFacts, doc: ReportDocument): string {
  const zone = Array.isArray(expected.timeZone) ? expected.timeZone[0] : expected.timeZone;
  return zone ?? doc.timeZone;
}

const idsOf = (f: ExpectedFacts) => (f.incidentId === undefined ? [] : Array.isArray(f.incidentId) ? f.incidentId : [f.incidentId]);

function titleMatches(found: string, expected: string, ids: string[]): boolean {
  const norm = (text: string) => normalText(text).toLowerCase();
  if (norm(found) === norm(expected)) return true;
  // an id taken from the title may stay in it: "... (SEV #2107)"
  const paren = /^(.*?)\s*\(([^()]*)\)$/.exec(found.trim());
  return Boolean(paren && ids.some((id) => alnum(paren[2]).endsWith(alnum(id))) && norm(paren[1]) === norm(expected));
}

function headerChecks(f: ExpectedFacts): Check[] {
  const checks: Check[] = [];
  const header = (label: string, test: Check["test"]) => checks.push({ category: "header", label, test });
  const ids = idsOf(f);
  if (ids.length) {
    header(`incident id ${ids.join(" or ")}`, (doc) => ({
      found: ids.some((id) => alnum(doc.publicId ?? "") === alnum(id)),
      detail: `id ${show(doc.publicId)}`,
    }));
  }
  if (f.title !== undefined) {
    const titles = Array.isArray(f.title) ? f.title : [f.title];
    header(`title "${clip(titles[0], 60)}"`, (doc) => ({
      found: titles.some((t) => titleMatches(doc.title, t, ids)),
      detail: `title ${show(doc.title)}`,
    }));
  }
  if (f.severity !== undefined) {
    const severity = f.severity;
    header(`severity ${severity}`, (doc) => ({ found: doc.severity.toLowerCase() === severity.toLowerCase(), detail: `severity ${show(doc.severity)}` }));
  }
  if (f.status !== undefined) {
    const status = f.status;
    header(`status ${status}`, (doc) => ({ found: doc.status === status, detail: `status ${doc.status}` }));
  }
  for (const service of f.services ?? []) {
    header(`service "${service}"`, (doc) => ({
      found: doc.services.some((s) => s.toLowerCase() === service.toLowerCase()),
      detail: `services ${show(doc.services)}; ${whereIs(doc, service)}`,
    }));
  }
  for (const field of ["preparedBy", "reviewedBy"] as const) {
    const value = f[field];
    if (value !== undefined) {
      header(`${field} ${value}`, (doc) => ({ found: contains(doc[field], value), detail: `${field} ${show(doc[field])}` }));
    }
  }
  return checks;
}

function timeChecks(f: ExpectedFacts): Check[] {
  const checks: Check[] = [];
  const time = (label: string, test: Check["test"]) => checks.push({ category: "times", label, test });
  if (f.timeZone !== undefined) {
    const zones = Array.isArray(f.timeZone) ? f.timeZone : [f.timeZone];
    time(`time zone ${zones.join(" or ")}`, (doc) => ({ found: zones.includes(doc.timeZone), detail: `zone ${doc.timeZone}` }));
  }
  if (f.incidentDate !== undefined) {
    const day = f.incidentDate;
    time(`incident date ${day}`, (doc) => {
      const start = doc.startedAt ?? doc.timeline[0]?.occurredAt ?? null;
      const found = start ? dayIn(start, firstZone(f, doc)) : null;
      return { found: found === day, detail: `the report starts ${show(start)}` };
    });
  }
  for (const [field, at] of Object.entries(f.moments ?? {}) as [Moment, string][]) {
    time(`${field} ${at}`, (doc) => ({
      found: doc[field] !== null && Date.parse(doc[field]!) === Date.parse(at),
      detail: `${field} ${show(doc[field])}`,
    }));
  }
  for (const event of f.timeline ?? []) {
    time(`timeline ${event.at} "${clip(event.text, 40)}"`, (doc) => {
      if (doc.timeline.some((e) => Date.parse(e.occurredAt) === Date.parse(event.at) && contains(e.text, event.text))) return { found: true, detail: "" };
      const sameText = doc.timeline.filter((e) => contains(e.text, event.text));
      if (sameText.length) return { found: false, detail: `that entry is at ${sameText.map((e) => e.occurredAt).join(", ")}` };
      return { found: false, detail: `no timeline entry with that text; ${whereIs(doc, event.text)}` };
    });
  }
  if (f.followUp !== undefined) {
    const day = f.followUp;
    time(`follow-up review on ${day}`, (doc) => {
      const found = doc.followUp ? dayIn(doc.followUp.scheduledAt, firstZone(f, doc)) : null;
      return { found: found === day, detail: `follow-up ${show(doc.followUp?.scheduledAt ?? null)}` };
    });
  }
  return checks;
}

function impactChecks(f: ExpectedFacts): Check[] {
  const checks: Check[] = (f.impact ?? []).map(metricCheck);
  if (f.usersAffected !== undefined) {
    const users = f.usersAffected;
    checks.push({
      category: "impact",
      label: `users affected ${users}`,
      test: (doc) => ({ found: doc.impact.usersAffected === users, detail: `${show(doc.impact.usersAffected)}` }),
    });
  }
  if (f.errorRate !== undefined) {
    const rate = f.errorRate;
    checks.push({
      category: "impact",
      label: `error rate ${rate}`,
      test: (doc) => ({ found: doc.impact.errorRate !== null && closeTo(doc.impact.errorRate, rate), detail: `${show(doc.impact.errorRate)}` }),
    });
  }
  if (f.dataLoss !== undefined) {
    const loss = f.dataLoss;
    checks.push({
      category: "impact",
      label: `data loss ${loss ? "yes" : "no"}`,
      test: (doc) => ({ found: doc.impact.dataLoss === loss, detail: `${show(doc.impact.dataLoss)}` }),
    });
  }
  return checks;
}

function listChecks(f: ExpectedFacts): Check[] {
  return (Object.entries(f.counts ?? {}) as [CountedList, number][]).map(([list, n]) => ({
    category: "lists" as const,
    label: `${n} ${list}`,
    test: (doc: ReportDocument) => ({ found: doc[list].length === n, detail: `${doc[list].length}` }),
  }));
}

function actionChecks(f: ExpectedFacts): Check[] {
  const checks: Check[] = [];
  for (const expected of f.actionItems ?? []) {
    const name = `"${clip(expected.title, 45)}"`;
    const item = (doc: ReportDocument) => doc.actionItems.find((a) => contains(a.title, expected.title));
    const missing = (doc: ReportDocument) => ({ found: false, detail: `no action item with that title; ${whereIs(doc, expected.title)}` });
    const check = (label: string, test: (found: ActionItem) => { found: boolean; detail: string }) =>
      checks.push({
        category: "actions",
        label: `${name} ${label}`.trim(),
        test: (doc) => {
          const found = item(doc);
          return found ? test(found) : missing(doc);
        },
      });
    check("", () => ({ found: true, detail: "" }));
    if (expected.owner !== undefined) {
      const owner = expected.owner;
      check(`owner ${owner}`, (a) => {
        const { email, name: ownerName } = ownerOf(a);
        return { found: sameOwner(a, owner), detail: `ownerEmail ${show(email)}, ownerName ${show(ownerName)}, description ${show(a.description)}` };
      });
    }
    if (expected.due !== undefined) {
      const due = expected.due;
      check(`due ${due}`, (a) => ({ found: a.dueDate === due, detail: `due ${show(a.dueDate)}, description ${show(a.description)}` }));
    }
    if (expected.status !== undefined) {
      const status = expected.status;
      check(`status ${status}`, (a) => ({ found: a.status === status, detail: `status ${a.status}` }));
    }
    if (expected.priority !== undefined) {
      const priority = expected.priority;
      check(`priority ${priority}`, (a) => ({ found: a.priority === priority, detail: `priority ${a.priority}` }));
    }
  }
  return checks;
}

function sentenceChecks(f: ExpectedFacts): Check[] {
  return (f.sentences ?? []).map((sentence) => ({
    category: "sentences" as const,
    label: `sentence "${clip(sentence, 60)}"`,
    test: (doc: ReportDocument) => {
      const found = stringLeaves(doc).some((leaf) => normalText(leaf.text).includes(normalText(sentence)));
      return { found, detail: found ? "" : "not verbatim in any field" };
    },
  }));
}

function warningChecks(f: ExpectedFacts): Check[] {
  return (f.warnings ?? []).map((words) => ({
    category: "warnings" as const,
    label: `a warning naming ${words.map((w) => `"${w}"`).join(" or ")}`,
    test: (_doc: ReportDocument, warnings: string[]) => ({
      found: warnings.some((w) => words.some((word) => w.toLowerCase().includes(word.toLowerCase()))),
      detail: warnings.length ? `warnings: ${warnings.map((w) => clip(w, 80)).join(" | ")}` : "no warnings",
    }),
  }));
}

export function factChecks(f: ExpectedFacts): Check[] {
  return [...headerChecks(f), ...timeChecks(f), ...impactChecks(f), ...listChecks(f), ...actionChecks(f), ...sentenceChecks(f), ...warningChecks(f)];
}

/**
 * Each expected fact, found or not, with what the import gave instead. A failed import finds nothing. After a round
 * trip (`exported`), warnings are not counted: the exported text states what the preview had to guess.
 */
export function checkFacts(f: ExpectedFacts, imported: Imported, { exported = false }: { exported?: boolean } = {}): FactResult[] {
  const checks = factChecks(f).filter((c) => !(exported && c.category === "warnings"));
  return checks.map(({ category, label, test }) => {
    if (!imported.ok) return { category, label, found: false, detail: `import failed: ${clip(imported.error, 160)}` };
    return { category, label, ...test(imported.document, imported.warnings) };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------------

export type CorpusRow = { report: CorpusReport; first: FactResult[]; second: FactResult[] | null };

/** The facts the first import found that the import of its export lost (warnings aside: see checkFacts). */
export function roundTripLosses(first: FactResult[], second: FactResult[]): { kept: number; of: number; lost: FactResult[] } {
  const before = first.filter((r) => r.category !== "warnings");
  const pairs = before.map((r, i) => ({ before: r, after: second[i] })).filter((p) => p.before.found);
  const lost = pairs.filter((p) => !p.after?.found).map((p) => p.after ?? { ...p.before, found: false, detail: "not checked" });
  return { kept: pairs.length - lost.length, of: pairs.length, lost };
}

const ratio = (results: FactResult[]) => `${results.filter((r) => r.found).length}/${results.length}`;

/** Facts found / expected per report and category, the total, and the round trip (facts found again after export). */
export function formatTable(rows: CorpusRow[]): string {
  const head = ["report", "fmt", ...FACT_CATEGORIES, "total", "round trip"];
  const trips = rows.map((r) => (r.second ? roundTripLosses(r.first, r.second) : null));
  const body = rows.map(({ report, first }, i) => {
    const trip = trips[i];
    return [
      report.name,
      report.format,
      ...FACT_CATEGORIES.map((c) => {
        const inCategory = first.filter((r) => r.category === c);
        return inCategory.length ? ratio(inCategory) : "-";
      }),
      ratio(first),
      trip ? `${trip.kept}/${trip.of} kept` : "-",
    ];
  });
  const all = rows.flatMap((r) => r.first);
  const kept = trips.reduce((sum, t) => sum + (t?.kept ?? 0), 0);
  const keptOf = trips.reduce((sum, t) => sum + (t?.of ?? 0), 0);
  const percent = all.length ? ((100 * all.filter((r) => r.found).length) / all.length).toFixed(1) : "0";
  body.push(["TOTAL", "", ...FACT_CATEGORIES.map((c) => ratio(all.filter((r) => r.category === c))), `${ratio(all)} (${percent}%)`, `${kept}/${keptOf} kept`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("-|-"), ...body.map(line)].join("\n");
}
