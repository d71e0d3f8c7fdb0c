// Action items as teams write them, each with its owner, due date, priority and status where the report gives them:
//   - lists with the attributes in brackets or after a dash: "- [ ] Rotate keys (owner: Jane Doe, due: March 20)",
//     "Add connection-pool alerts — owner: @dba-team, due 2021-03-20", "Fix retries (@alice, P1)";
//   - attributes on the item's following lines: "Owner: Jane Doe" / "Due: March 20" (or "Owner: Jane / Due: Mar 20");
//   - a sentence that starts with its owner: "@alice to add retries by 2021-04-01";
//   - tables with Owner / Assignee / Due / Status / Priority / Ticket columns, in any order and under their usual
//     synonyms.
// An owner is an email address or a name as written ("@dba-team", "Jane Doe"); which user that is, if any, is decided
// when the report is stored (lib/incidents/owner-matching.ts), not here: the parser has no database.
import type { Draft } from "@/lib/incidents/report-text/draft";
import { stripEmphasis, tableCells } from "@/lib/incidents/report-text/headings";
import type { LineMap } from "@/lib/incidents/report-text/line-map";
import { type Block, splitItems } from "@/lib/incidents/report-text/segments";
import { isoDay } from "@/lib/incidents/report-text/shared-formats";
import { type LocalDate, parseDateValue, resolveDate } from "@/lib/incidents/report-text/written-times";
import type { ActionItem, ActionItemStatus, Priority } from "@/lib/incidents/schema";

const EMAIL = /^[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[^\s@<>()[\]]+$/;
/** "@dba-team", "@jane.doe": a chat or code-host handle. */
const HANDLE = /^@[A-Za-z0-9][\w.-]*$/;
const MAX_OWNER_LENGTH = 200;
const STATUS_WORDS: Record<string, ActionItemStatus> = {
  open: "OPEN",
  todo: "OPEN",
  "to do": "OPEN",
  "not started": "OPEN",
  "in progress": "IN_PROGRESS",
  wip: "IN_PROGRESS",
  started: "IN_PROGRESS",
  ongoing: "IN_PROGRESS",
  done: "DONE",
  completed: "DONE",
  complete: "DONE",
  closed: "DONE",
  fixed: "DONE",
  resolved: "DONE",
  "won't do": "WONT_DO",
  "wont do": "WONT_DO",
  "will not do": "WONT_DO",
  wontfix: "WONT_DO",
  "won't fix": "WONT_DO",
  cancelled: "WONT_DO",
  canceled: "WONT_DO",
  dropped: "WONT_DO",
};
const PRIORITY_WORDS: Record<string, Priority> = {
  p0: "CRITICAL",
  p1: "HIGH",
  p2: "MEDIUM",
  p3: "LOW",
  p4: "LOW",
  critical: "CRITICAL",
  urgent: "CRITICAL",
  high: "HIGH",
  medium: "MEDIUM",
  normal: "MEDIUM",
  low: "LOW",
};

export type ActionAttributes = { owner?: string; due?: string; priority?: Priority; status?: ActionItemStatus };

// ---------------------------------------------------------------------------------------------------------------
// Owners

/** What an owner value says: a user's email, a name as written, or nobody ("TBD", "n/a", "-"). */
export type WrittenOwner = { email: string } | { name: string } | null;

const NOBODY = /^(?:tbd|tba|tbc|n\/?a|none|nobody|no one|unassigned|not assigned|unknown|\?+|-+|—|–)$/i;

/**
 * "Jane Doe", "@dba-team", "<a@b.c>", "Jane Doe <jane@example.com>", "[Jane](mailto:jane@example.com)", "**Jane**":
 * the email when the value gives one (lower-cased), else the name without markup.
 */
export function readOwner(value: string): WrittenOwner {
  // a sentence's full stop after the markup: "**@dba-team**."
  let text = value
    .trim()
    .replace(/[;,]+$/, "")
    .replace(/([*_`])\.$/, "$1");
  const link = /^\[([^\]]+)\]\(([^)]*)\)$/.exec(text);
  if (link) {
    const target = link[2].replace(/^mailto:/i, "").trim();
    if (EMAIL.test(target)) return { email: target.toLowerCase() };
    text = link[1];
  }
  for (let previous = ""; previous !== text;) {
    previous = text;
    text = stripEmphasis(text);
  }
  const bracketed = /^(?:(.*?)\s*)?[<(]([^<>()\s]+@[^<>()\s]+)[>)]$/.exec(text);
  if (bracketed && EMAIL.test(bracketed[2])) return { email: bracketed[2].toLowerCase() };
  text = text.replace(/\s+/g, " ").trim();
  // "owner: @dba-team." ends the sentence, not the handle
  if (/\.$/.test(text) && (EMAIL.test(text.slice(0, -1)) || HANDLE.test(text.slice(0, -1)))) text = text.slice(0, -1);
  if (!text || NOBODY.test(text)) return null;
  if (EMAIL.test(text)) return { email: text.toLowerCase() };
  if (text.length > MAX_OWNER_LENGTH) return null;
  return { name: text };
}

// ---------------------------------------------------------------------------------------------------------------
// Attributes written beside the title

const OWNER_KEY = "owners?|owner\\(s\\)|assignees?|assigned(?:\\s+to)?|responsible|dri|poc|point of contact";
const DUE_KEY = "due(?:\\s+date|\\s+by|\\s+on)?|deadline|target(?:\\s+date)?|eta|by";
const KEYED = new RegExp(`^(${OWNER_KEY}|${DUE_KEY}|priority|prio|status|state)(\\s*[:=]\\s*|\\s+)(.+)$`, "i");
const OWNER_KEY_ONLY = new RegExp(`^(?:${OWNER_KEY})$`, "i");
const DUE_KEY_ONLY = new RegExp(`^(?:${DUE_KEY})$`, "i");
const DASHED = new RegExp(`\\s+[—–-]{1,2}\\s+((?:${OWNER_KEY}|due|deadline|priority|status|@)[\\s\\S]*)$`, "i");

type Part = { kind: "owner"; value: string } | { kind: "other"; attrs: ActionAttributes } | null;

/**
 * One attribute: "owner: Jane", "assigned to Jane", "due 2021-03-20", "by March 20", "P1", "high priority", "done",
 * a lone "@alice" or email. Without a colon only what cannot be prose counts: "due" and "by" need a date after them
 * ("due to the outage" is no due date), and an owner key needs a colon ("owner of the cache" is no owner), except
 * "assigned to". `strict` (lines of their own): every key needs its colon.
 */
function readPart(text: string, strict: boolean): Part {
  const keyed = KEYED.exec(text);
  const lower = text.toLowerCase().replace(/’/g, "'");
  if (keyed) {
    const key = keyed[1].toLowerCase().replace(/\s+/g, " ");
    const colon = /[:=]/.test(keyed[2]);
    const value = keyed[3].trim();
    if (OWNER_KEY_ONLY.test(key)) {
      if (colon || (!strict && key === "assigned to")) return { kind: "owner", value };
      return null;
    }
    if (DUE_KEY_ONLY.test(key)) {
      if (key === "by" && (colon || strict)) return null;
      if (!colon && (strict || !parseDateValue(value, null))) return null;
      return { kind: "other", attrs: { due: value } };
    }
    if (!colon && strict) return null;
    if (/^prio/.test(key)) {
      const priority = PRIORITY_WORDS[value.toLowerCase()];
      return priority ? { kind: "other", attrs: { priority } } : null;
    }
    const status = STATUS_WORDS[value.toLowerCase().replace(/’/g, "'")];
    return status ? { kind: "other", attrs: { status } } : null;
  }
  if (strict) return null;
  if (HANDLE.test(text) || EMAIL.test(text.replace(/^<(.*)>$/, "$1"))) return { kind: "owner", value: text };
  const priorityWord = lower.replace(/\s+priority$/, "");
  if (PRIORITY_WORDS[priorityWord] && (/^p\d$/.test(lower) || / priority$/.test(lower)))
    return { kind: "other", attrs: { priority: PRIORITY_WORDS[priorityWord] } };
  if (STATUS_WORDS[lower]) return { kind: "other", attrs: { status: STATUS_WORDS[lower] } };
  return null;
}

/**
 * Attributes separated by commas or semicolons ("owner: Jane Doe, due: March 20, P1"); null unless every part is one.
 * A part that is no attribute right after the owner continues it: "owner: Doe, Jane", "owners: Ann, Bo".
 * `strict` (a line of its own): keys need colons, and " / " or " | " separate too ("Owner: Jane / Due: Mar 20").
 */
export function readAttributes(inside: string, strict = false): ActionAttributes | null {
  const separator = strict ? /(\s*(?:[,;]|\s\/\s|\s\|\s)\s*)(?=[A-Za-z@<])/ : /(\s*[,;]\s*)(?=[A-Za-z@<])/;
  // parts and the separators between them: [part, separator, part, ...]
  const pieces = inside.split(separator);
  const attrs: ActionAttributes = {};
  let lastWasOwner = false;
  let any = false;
  for (let index = 0; index < pieces.length; index += 2) {
    const text = pieces[index]!.trim();
    if (!text) continue;
    const part = readPart(text, strict);
    if (!part) {
      if (!lastWasOwner || attrs.owner === undefined) return null;
      attrs.owner = `${attrs.owner}${pieces[index - 1] ?? ", "}${text}`;
      continue;
    }
    any = true;
    if (part.kind === "owner") {
      if (attrs.owner !== undefined) return null;
      attrs.owner = part.value;
      lastWasOwner = true;
    } else {
      Object.assign(attrs, part.attrs);
      lastWasOwner = false;
    }
  }
  return any ? attrs : null;
}

/** What a line of its own under the item's title gives: "Owner: Jane Doe", "**Due:** March 20", "- Owner: Jane / Due: Mar 20". */
function readAttributeLine(line: string): ActionAttributes | null {
  const text = line
    .trim()
    .replace(/^[-*+•]\s+/, "")
    .replace(/\*\*([^*]+?)\*\*/g, "$1")
    .replace(/__([^_]+?)__/g, "$1");
  return readAttributes(text, true);
}

/** Attributes already given win: the first place an item names its owner is where it is read from. */
function addMissing(attrs: ActionAttributes, more: ActionAttributes): void {
  for (const key of Object.keys(more) as (keyof ActionAttributes)[]) {
    if (attrs[key] === undefined) Object.assign(attrs, { [key]: more[key] });
  }
}

/** "@alice to add retries by 2021-04-01", "bob@example.com will rotate the keys", "@alice: add retries". */
const OWNER_FIRST = /^(@[A-Za-z0-9][\w.-]*|[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,})(?:\s*:\s+|\s+(?:to|will|should|must|is to|needs to)\s+)(.+)$/;

function ownerFirst(title: string, attrs: ActionAttributes): string {
  const m = OWNER_FIRST.exec(title);
  if (!m || attrs.owner !== undefined) return title;
  attrs.owner = m[1];
  let rest = m[2].trim();
  const by = /\s+by\s+(.+?)\.?$/i.exec(rest);
  if (by && attrs.due === undefined && parseDateValue(by[1], null)) {
    attrs.due = by[1];
    rest = rest.slice(0, by.index).trim();
  }
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * "- [ ] Title (Owner: a@b.c, Due: Dec 1, Priority: High)", "Title — owner: @dba-team, due 2021-03-20",
 * "@alice to add retries by 2021-04-01" → title and attributes (the line's checkbox apart).
 */
export function splitActionItemLine(text: string): { title: string; attrs: ActionAttributes; checkbox: string | null } {
  let title = text.trim();
  let checkbox: string | null = null;
  const box = /^\[([ xX~\-/])\]\s*/.exec(title);
  if (box) {
    checkbox = box[1];
    title = title.slice(box[0].length);
  }
  const attrs: ActionAttributes = {};
  const lead = /^\[(P[0-4]|critical|high|medium|low)\]\s*/i.exec(title);
  if (lead) {
    attrs.priority = PRIORITY_WORDS[lead[1].toLowerCase()];
    title = title.slice(lead[0].length);
  }
  for (;;) {
    const paren = /\s*[([]([^()[\]]*)[)\]]\s*$/.exec(title);
    const parsed = paren ? readAttributes(paren[1]) : null;
    if (paren && parsed) {
      addMissing(attrs, parsed);
      title = title.slice(0, paren.index).trim();
      continue;
    }
    const dashed = DASHED.exec(title);
    const dashedAttrs = dashed ? readAttributes(dashed[1]) : null;
    if (dashed && dashedAttrs) {
      addMissing(attrs, dashedAttrs);
      title = title.slice(0, dashed.index).trim();
      continue;
    }
    break;
  }
  title = ownerFirst(title, attrs);
  return { title: title.trim(), attrs, checkbox };
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

type Column = "title" | "owner" | "due" | "priority" | "status" | "ticket";

/** Which column a header names; null for columns the importer keeps in the description as "Header: value". */
export function columnOf(header: string): Column | null {
  const h = stripEmphasis(header).toLowerCase().replace(/[_*`]/g, "").replace(/\s+/g, " ").trim();
  if (/^(?:action|item|title|task|action item|follow[- ]?up|remediation|todo|to do|what|summary|description|step|work item)s?(?: item)?$/.test(h))
    return "title";
  if (/owner|assignee|assigned|responsible|^who$|^dri$|^poc$|point of contact/.test(h)) return "owner";
  if (/created|opened|raised|added|complet|closed|resolved|done on/.test(h)) return null;
  if (/due|deadline|target|^eta$|^when$|^date$|^by$/.test(h)) return "due";
  if (/priority|^prio$|importance/.test(h)) return "priority";
  if (/status|state|^done$|progress/.test(h)) return "status";
  if (/ticket|jira|^bugs?$|tracker|tracking|^link$|^url$|^ref(?:erence)?$|^issue (?:id|key|link)$|^#$/.test(h)) return "ticket";
  return null;
}

/** Column indexes by role; the title is the first title-like column, else the first column with no other role. */
function tableColumns(headers: string[]): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  headers.forEach((header, i) => {
    const role = columnOf(header);
    if (role && columns[role] === undefined) columns[role] = i;
  });
  if (columns.title === undefined) {
    const free = headers.findIndex((header, i) => columnOf(header) === null && !Object.values(columns).includes(i));
    columns.title = free >= 0 ? free : 0;
  }
  return columns;
}

function statusOfCell(text: string | undefined): ActionItemStatus | undefined {
  if (!text) return undefined;
  const lower = stripEmphasis(text).toLowerCase().replace(/’/g, "'");
  return STATUS_WORDS[lower] ?? (/^\[?[x✓✔✅☑]\]?$/.test(lower) ? "DONE" : undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// The section

export function parseActionItems(block: Block, draft: Draft, base: LocalDate, tableSeparators: Set<number>, map: LineMap, warnings: string[]) {
  const rows = block.lines.filter((l) => l.text && tableCells(l.text));
  let columns: Partial<Record<Column, number>> = { title: 0 };
  let headers: string[] = [];
  const tableLines = new Set<number>();
  for (const row of rows) {
    const cells = tableCells(row.text)!;
    tableLines.add(row.n);
    if (tableSeparators.has(row.n + 1)) {
      headers = cells;
      columns = tableColumns(cells);
      map.add(row.n, "section:actionItems");
      continue;
    }
    const cell = (name: Column) => (columns[name] !== undefined ? cells[columns[name]]?.trim() : undefined) || undefined;
    const title = cell("title");
    if (!title) continue;
    const attrs: ActionAttributes = {};
    const ownerCell = cell("owner");
    const owner = ownerCell !== undefined ? readOwner(ownerCell) : undefined;
    const due = cell("due");
    const priorityCell = cell("priority");
    const priority = priorityCell ? PRIORITY_WORDS[stripEmphasis(priorityCell).toLowerCase()] : undefined;
    const statusCell = cell("status");
    let status = statusOfCell(statusCell);
    // "n/a **DONE**": a status written in bold in any cell
    for (const c of cells) status ??= STATUS_WORDS[/\*\*\s*([A-Za-z' ]+?)\s*\*\*/.exec(c)?.[1].toLowerCase() ?? ""];
    if (ownerCell && owner) attrs.owner = ownerCell;
    if (due) attrs.due = due;
    if (priority) attrs.priority = priority;
    if (status) attrs.status = status;
    // columns the importer has no field for stay in the description (a ticket column too: "Ticket: OPS-12")
    const used = new Set<number>();
    const consume = (name: Column, when: unknown) => {
      if (when && columns[name] !== undefined) used.add(columns[name]);
    };
    consume("title", true);
    // "TBD" or "-" as owner says nobody: nothing to keep
    consume("owner", ownerCell !== undefined);
    consume("due", due);
    consume("priority", priority);
    consume("status", status && statusOfCell(statusCell));
    const rest = cells
      .map((value, i) => ({ value: value.trim(), i }))
      .filter(({ value, i }) => value && !used.has(i))
      .map(({ value, i }) => `${headers[i] || `Column ${i + 1}`}: ${value}`);
    pushActionItem(draft, title, attrs, null, rest.length ? rest.join("\n") : null, [row.n], row.n, base, map, warnings);
  }
  for (const item of splitItems(block.lines.filter((l) => !tableLines.has(l.n)))) {
    const [first, ...rest] = item.text.split("\n");
    const { title, attrs, checkbox } = splitActionItemLine(first);
    let ownerLine = item.lines[0];
    // "Owner: ..." / "Due: ..." lines under the title; the other lines are the description
    const kept: string[] = [];
    let lineIndex = 0;
    for (const text of rest) {
      if (text.trim()) lineIndex++;
      const more = text.trim() ? readAttributeLine(text) : null;
      const fresh = more && (Object.keys(more) as (keyof ActionAttributes)[]).every((key) => attrs[key] === undefined);
      if (more && fresh) {
        if (more.owner !== undefined) ownerLine = item.lines[lineIndex] ?? ownerLine;
        addMissing(attrs, more);
      } else kept.push(text);
    }
    const description = kept.length === rest.length ? rest.join("\n") : kept.join("\n").replace(/^\n+|\n+$/g, "");
    pushActionItem(draft, title, attrs, checkbox, description || null, item.lines, ownerLine, base, map, warnings);
  }
}

function pushActionItem(
  draft: Draft,
  title: string,
  attrs: ActionAttributes,
  checkbox: string | null,
  description: string | null,
  lines: number[],
  ownerLine: number,
  base: LocalDate,
  map: LineMap,
  warnings: string[],
) {
  const extraLines: string[] = [];
  const owner = attrs.owner !== undefined ? readOwner(attrs.owner) : null;
  let dueDate: string | null = null;
  if (attrs.due) {
    const written = parseDateValue(attrs.due, lines[0]);
    if (written) dueDate = isoDay(resolveDate(written, base));
    else {
      warnings.push(`Line ${lines[0]}: the due date "${attrs.due}" is not a date; it was kept in the description.`);
      extraLines.push(`Due: ${attrs.due}`);
    }
  }
  const fromBox: Record<string, ActionItemStatus> = { " ": "OPEN", x: "DONE", X: "DONE", "~": "IN_PROGRESS", "/": "IN_PROGRESS", "-": "WONT_DO" };
  const status = attrs.status ?? (checkbox !== null ? fromBox[checkbox] : "OPEN");
  const parts = [description, extraLines.length ? extraLines.join("\n") : null].filter((p): p is string => Boolean(p));
  const index = draft.actionItems.length;
  const item: ActionItem = {
    title: title || "(untitled action item)",
    description: parts.length ? parts.join("\n") : null,
    ownerEmail: owner && "email" in owner ? owner.email : null,
    ...(owner && "name" in owner ? { ownerName: owner.name } : {}),
    dueDate,
    priority: attrs.priority ?? "MEDIUM",
    status,
  };
  map.add(lines, `actionItems[${index}]`);
  if (owner) map.add(ownerLine, `actionItems[${index}].${"email" in owner ? "ownerEmail" : "ownerName"}`);
  draft.actionItems.push(item);
}
