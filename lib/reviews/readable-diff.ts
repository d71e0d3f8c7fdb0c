// A revision diff in people's words: what lib/incidents/report-diff found changed, broken down to the parts a person
// edits ("Action item 'Add pool alerts': owner"), each side written as the report and the editor show it (names for
// owner emails, dates in the viewer's zone, "In progress" for IN_PROGRESS, 23% for 0.23). Pure: the revisions page
// renders it, and word-level marks are laid on the two strings (components/reviews/revision-diff).
import type { ReportField, ReportFieldChange } from "@/lib/incidents/report-diff";
import { canonicalJson } from "@/lib/incidents/report-diff";
import { formatDate, formatDateTime } from "@/lib/format/time";
import { diffWords, type ChangeObject } from "diff";

export type ReadableRow = {
  key: string;
  field: ReportField;
  /** "Root cause", "Action item 'Add pool alerts': owner", "Timeline entry 27 Nov 2024, 14:23 UTC" */
  label: string;
  /** the value as people read it; "" for empty, null when the entry does not exist on that side (added / removed) */
  before: string | null;
  after: string | null;
};

export type ReadableContext = {
  /** the viewer's zone, for every time */
  timeZone: string;
  /** owner emails (lower-case) to names */
  people?: Readonly<Record<string, string>>;
};

type Kind = "text" | "dateTime" | "day" | "enum" | "number" | "percent" | "yesNo" | "owner";
/** `read`: the value from the entry when it is not one key's (an action item's owner is a user's email or a name) */
type Part = { key: string; label: string; kind: Kind; read?: (entry: Entry) => unknown };
type Entry = Record<string, unknown>;
type ListSpec = {
  /** "Action item" */
  singular: string;
  /** how one entry is named in a label: a title, a time; none for plain strings (named by position) */
  name?: (entry: Entry, context: ReadableContext) => string;
  /** what stays the same when an entry is edited, to pair entries of the two sides */
  identity: (entry: Entry) => string;
  parts: Part[];
};

const ENUM_WORDS: Record<string, string> = { WONT_DO: "Won't do", LUCKY: "Where we got lucky", IN_PROGRESS: "In progress" };

/** IN_PROGRESS → "In progress", CHANGES_REQUESTED → "Changes requested". */
export function enumWords(value: string): string {
  return ENUM_WORDS[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replaceAll("_", " ");
}

const quoted = (text: string) => `'${text.length > 60 ? `${text.slice(0, 57)}…` : text}'`;
const str = (value: unknown) => (typeof value === "string" ? value : "");

const part = (key: string, label: string, kind: Kind = "text"): Part => ({ key, label, kind });
const valueOf = (entry: Entry, p: Part): unknown => (p.read ? p.read(entry) : entry[p.key]);
/** A user by email (shown by name), or the name the report gave for someone who is not a user here. */
const OWNER: Part = {
  key: "owner",
  label: "owner",
  kind: "owner",
  read: (entry) =>
    typeof entry.ownerEmail === "string" && entry.ownerEmail
      ? { email: entry.ownerEmail }
      : typeof entry.ownerName === "string" && entry.ownerName
        ? { name: entry.ownerName }
        : null,
};
const STATEMENT = part("statement", "as written");
const NOTE = part("note", "note");

const stringList = (singular: string): ListSpec => ({ singular, identity: (entry) => str(entry.value), parts: [part("value", "")] });

const LISTS: Partial<Record<ReportField, ListSpec>> = {
  timeline: {
    singular: "Timeline entry",
    name: (entry, context) => formatDateTime(dateOf(entry.occurredAt), context.timeZone),
    identity: (entry) => str(entry.occurredAt),
    parts: [part("occurredAt", "time", "dateTime"), part("kind", "kind", "enum"), part("milestone", "milestone", "enum"), part("text", "text")],
  },
  contributingFactors: stringList("Contributing factor"),
  resolutionSteps: stringList("Resolution step"),
  preventiveMeasures: stringList("Preventive measure"),
  attachmentsListed: stringList("Attachment"),
  services: stringList("Affected service"),
  lessonsLearned: {
    singular: "Lesson",
    identity: (entry) => str(entry.text),
    parts: [part("category", "category", "enum"), part("text", "text")],
  },
  "impact.metrics": {
    singular: "Impact metric",
    name: (entry) => quoted(str(entry.label)),
    identity: (entry) => str(entry.label),
    parts: [
      part("kind", "kind", "enum"),
      part("label", "label"),
      part("qualifier", "qualifier"),
      part("value", "value", "number"),
      part("unit", "unit"),
      part("baseline", "baseline", "number"),
      part("baselineUnit", "baseline unit"),
      STATEMENT,
      NOTE,
    ],
  },
  configuration: {
    singular: "Configuration",
    name: (entry) => quoted(str(entry.key)),
    identity: (entry) => `${str(entry.scope)}\u0000${str(entry.key)}`,
    parts: [part("scope", "scope"), part("key", "key"), part("value", "value"), part("previousValue", "previous value"), STATEMENT, NOTE],
  },
  deploymentChanges: {
    singular: "Deployment change",
    name: (entry) => quoted(str(entry.component)),
    identity: (entry) => str(entry.component),
    parts: [part("component", "component"), part("fromVersion", "from version"), part("toVersion", "to version"), STATEMENT, NOTE],
  },
  actionItems: {
    singular: "Action item",
    name: (entry) => quoted(str(entry.title)),
    identity: (entry) => str(entry.title),
    parts: [
      part("title", "title"),
      part("description", "description"),
      OWNER,
      part("dueDate", "due date", "day"),
      part("priority", "priority", "enum"),
      part("status", "status", "enum"),
      part("trackerUrl", "tracker link"),
    ],
  },
  extraSections: {
    singular: "Section",
    name: (entry) => quoted(str(entry.heading)),
    identity: (entry) => str(entry.heading),
    parts: [part("heading", "heading"), part("body", "text")],
  },
};

const FOLLOW_UP_PARTS: Part[] = [part("scheduledAt", "Follow-up review date", "dateTime"), part("note", "Follow-up note")];

const SCALAR_KINDS: Partial<Record<ReportField, Kind>> = {
  status: "enum",
  private: "yesNo",
  startedAt: "dateTime",
  endedAt: "dateTime",
  detectedAt: "dateTime",
  mitigatedAt: "dateTime",
  resolvedAt: "dateTime",
  "impact.usersAffected": "number",
  "impact.errorRate": "percent",
  "impact.dataLoss": "yesNo",
};

function dateOf(value: unknown): Date | null {
  if (typeof value !== "string" && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** One value as the report shows it; "" when empty. */
export function readableValue(value: unknown, kind: Kind, context: ReadableContext): string {
  if (value === null || value === undefined || value === "") return kind === "yesNo" && value === null ? "Unknown" : "";
  switch (kind) {
    case "dateTime": {
      const date = dateOf(value);
      return date ? formatDateTime(date, context.timeZone) : String(value);
    }
    case "day": {
      const date = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
      return date ? formatDate(date, "UTC") : String(value);
    }
    case "enum":
      return typeof value === "string" ? enumWords(value) : String(value);
    case "number":
      return typeof value === "number" ? value.toLocaleString("en-US", { maximumFractionDigits: 6 }) : String(value);
    case "percent":
      return typeof value === "number" ? `${(value * 100).toLocaleString("en-US", { maximumFractionDigits: 4 })}%` : String(value);
    case "yesNo":
      return value === true ? "Yes" : value === false ? "No" : String(value);
    case "owner": {
      const owner = typeof value === "object" ? (value as { email?: unknown; name?: unknown }) : { email: value };
      if (typeof owner.name === "string") return `${owner.name} (not a user)`;
      const email = String(owner.email);
      return context.people?.[email.toLowerCase()] ?? email;
    }
    case "text":
      return typeof value === "string" ? value : typeof value === "object" ? canonicalJson(value) : String(value);
  }
}

const asEntries = (value: unknown, plainStrings: boolean): Entry[] =>
  Array.isArray(value) ? value.map((entry) => (plainStrings ? { value: entry } : ((entry ?? {}) as Entry))) : [];

/**
 * Pairs the entries of two versions of a list: unchanged entries drop out, then entries with the same identity (an
 * action item's title, a timeline entry's time) pair up, then what is left pairs by position (an edited title); the
 * rest were added or removed. In the order of the newer list, removed entries last.
 */
export function pairEntries(before: Entry[], after: Entry[], identity: (entry: Entry) => string): [Entry | null, Entry | null][] {
  const same = (a: Entry, b: Entry) => canonicalJson(a) === canonicalJson(b);
  const leftBefore = before.map((entry, index) => ({ entry, index }));
  const pairs = new Map<number, Entry | null>();
  const unmatchedAfter: number[] = [];
  after.forEach((entry, index) => {
    const exact = leftBefore.findIndex((candidate) => same(candidate.entry, entry));
    if (exact >= 0) leftBefore.splice(exact, 1);
    else unmatchedAfter.push(index);
  });
  const stillAfter: number[] = [];
  for (const index of unmatchedAfter) {
    const key = identity(after[index]!);
    const found = key ? leftBefore.findIndex((candidate) => identity(candidate.entry) === key) : -1;
    if (found >= 0) pairs.set(index, leftBefore.splice(found, 1)[0]!.entry);
    else stillAfter.push(index);
  }
  for (const index of stillAfter) pairs.set(index, leftBefore.length ? leftBefore.shift()!.entry : null);
  const result: [Entry | null, Entry | null][] = [...pairs.entries()].sort(([a], [b]) => a - b).map(([index, old]) => [old, after[index]!]);
  return [...result, ...leftBefore.map(({ entry }): [Entry | null, Entry | null] => [entry, null])];
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function summary(entry: Entry, parts: Part[], context: ReadableContext): string {
  return parts
    .map((p) => ({ p, value: readableValue(valueOf(entry, p), p.kind, context) }))
    .filter(({ p, value }) => value !== "" && !(p.kind === "yesNo" && value === "Unknown"))
    .map(({ p, value }) => (p.label ? `${capitalised(p.label)}: ${value}` : value))
    .join(" · ");
}

function listRows(change: ReportFieldChange, spec: ListSpec, context: ReadableContext): ReadableRow[] {
  const plain = !spec.name;
  const before = asEntries(change.before, plain);
  const after = asEntries(change.after, plain);
  const rows: ReadableRow[] = [];
  pairEntries(before, after, spec.identity).forEach(([old, now], pairIndex) => {
    const entry = (now ?? old)!;
    const position = now ? after.indexOf(now) : before.indexOf(old!);
    const name = spec.name ? `${spec.singular} ${spec.name(entry, context)}` : `${spec.singular} ${position + 1}`;
    const key = `${change.field}:${pairIndex}`;
    if (!old || !now) {
      rows.push({
        key,
        field: change.field,
        label: name,
        before: old ? summary(old, spec.parts, context) : null,
        after: now ? summary(now, spec.parts, context) : null,
      });
      return;
    }
    for (const p of spec.parts) {
      const a = readableValue(valueOf(old, p), p.kind, context);
      const b = readableValue(valueOf(now, p), p.kind, context);
      if (a !== b) rows.push({ key: `${key}:${p.key}`, field: change.field, label: p.label ? `${name}: ${p.label}` : name, before: a, after: b });
    }
  });
  return rows;
}

function objectRows(change: ReportFieldChange, parts: Part[], context: ReadableContext): ReadableRow[] {
  const old = (change.before ?? null) as Entry | null;
  const now = (change.after ?? null) as Entry | null;
  if (!old || !now) {
    return [
      {
        key: change.field,
        field: change.field,
        label: change.label,
        before: old ? summary(old, parts, context) : null,
        after: now ? summary(now, parts, context) : null,
      },
    ];
  }
  return parts
    .map((p) => ({ p, a: readableValue(valueOf(old, p), p.kind, context), b: readableValue(valueOf(now, p), p.kind, context) }))
    .filter(({ a, b }) => a !== b)
    .map(({ p, a, b }) => ({ key: `${change.field}:${p.key}`, field: change.field, label: p.label, before: a, after: b }));
}

/** Every change broken down to the parts that differ, in report order, each labelled as people call it. */
export function readableChanges(changes: readonly ReportFieldChange[], context: ReadableContext): ReadableRow[] {
  return changes.flatMap((change) => {
    const list = LISTS[change.field];
    if (list) return listRows(change, list, context);
    if (change.field === "followUp") return objectRows(change, FOLLOW_UP_PARTS, context);
    const kind = SCALAR_KINDS[change.field] ?? "text";
    return [
      {
        key: change.field,
        field: change.field,
        label: change.label,
        before: readableValue(change.before, kind, context),
        after: readableValue(change.after, kind, context),
      },
    ];
  });
}

/** The owner emails either side names, to look their names up. */
export function ownerEmails(changes: readonly ReportFieldChange[]): string[] {
  const emails = new Set<string>();
  for (const change of changes) {
    if (change.field !== "actionItems") continue;
    for (const side of [change.before, change.after]) {
      for (const entry of asEntries(side, false)) if (typeof entry.ownerEmail === "string") emails.add(entry.ownerEmail.toLowerCase());
    }
  }
  return [...emails];
}

// ---------------------------------------------------------------------------------------------------------------
// Word-level marks

/** A run of one side's text, `changed` when it is not in the other side (removed from before, added to after). */
export type Segment = { text: string; changed: boolean };

/** Beyond this many edits jsdiff stops, and the two sides are marked as wholes (a rewrite is no use word by word). */
const MAX_WORD_EDITS = 2_000;

/**
 * Which words of each side changed (jsdiff's `diffWords`), laid back on the two texts exactly as written: diffWords
 * ignores whitespace and may hand back a common run with the newer side's spacing, so the marks are carried over
 * character by character (whitespace takes the mark of the words on both sides of it).
 */
export function wordMarks(before: string, after: string): { before: Segment[]; after: Segment[] } {
  if (before === after) return { before: [{ text: before, changed: false }], after: [{ text: after, changed: false }] };
  const parts = before && after ? diffWords(before, after, { maxEditLength: MAX_WORD_EDITS }) : undefined;
  if (!parts) return { before: whole(before), after: whole(after) };
  return {
    before: overlay(
      before,
      parts.filter((change) => !change.added),
      (change) => change.removed,
    ),
    after: overlay(
      after,
      parts.filter((change) => !change.removed),
      (change) => change.added,
    ),
  };
}

const whole = (text: string): Segment[] => (text ? [{ text, changed: true }] : []);
const isSpace = (char: string) => /\s/.test(char);

function overlay(text: string, parts: ChangeObject<string>[], changed: (change: ChangeObject<string>) => boolean): Segment[] {
  const flags: boolean[] = [];
  for (const change of parts) for (const char of change.value) if (!isSpace(char)) flags.push(changed(change));
  const chars = [...text];
  if (flags.length !== chars.filter((char) => !isSpace(char)).length) return whole(text);
  // each character's mark: a word's own, whitespace changed only between two changed words
  const marks: boolean[] = [];
  let next = 0;
  chars.forEach((char) => marks.push(isSpace(char) ? false : flags[next++]!));
  for (let index = 0; index < chars.length; index++) {
    if (!isSpace(chars[index]!)) continue;
    let end = index;
    while (end < chars.length && isSpace(chars[end]!)) end++;
    const joined = index > 0 && end < chars.length && marks[index - 1]! && marks[end]!;
    for (let at = index; at < end; at++) marks[at] = joined;
    index = end - 1;
  }
  const segments: Segment[] = [];
  chars.forEach((char, index) => {
    const last = segments.at(-1);
    if (last && last.changed === marks[index]) last.text += char;
    else segments.push({ text: char, changed: marks[index]! });
  });
  return segments;
}
