// Action items as lists ("- [ ] Title (Owner: a@b.c, Due: Dec 1, Priority: High)") or as tables with an Owner /
// Due / Priority / Status column.
import type { Draft } from "@/lib/incidents/report-text/draft";
import { tableCells } from "@/lib/incidents/report-text/headings";
import type { LineMap } from "@/lib/incidents/report-text/line-map";
import { type Block, splitItems } from "@/lib/incidents/report-text/segments";
import { isoDay } from "@/lib/incidents/report-text/shared-formats";
import { type LocalDate, parseDateValue, resolveDate } from "@/lib/incidents/report-text/written-times";
import type { ActionItem, ActionItemStatus, Priority } from "@/lib/incidents/schema";

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
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

function readAttributes(inside: string): ActionAttributes | null {
  const attrs: ActionAttributes = {};
  for (const part of inside.split(/\s*[,;]\s*(?=[A-Za-z@])/)) {
    const text = part.trim();
    if (!text) continue;
    const keyed = /^(due(?: date)?|deadline|by|target|eta|owners?|assignee|assigned to|responsible|priority|prio|status|state)(?:\s*[:=]\s*|\s+)(.+)$/i.exec(
      text,
    );
    const lower = text.toLowerCase();
    if (keyed) {
      const key = keyed[1].toLowerCase();
      const value = keyed[2].trim();
      if (/^(?:due|deadline|by|target|eta)/.test(key)) attrs.due = value;
      else if (/^(?:owner|assignee|assigned|responsible)/.test(key)) attrs.owner = value;
      else if (/^prio/.test(key)) {
        const priority = PRIORITY_WORDS[value.toLowerCase()];
        if (!priority) return null;
        attrs.priority = priority;
      } else {
        const status = STATUS_WORDS[value.toLowerCase().replace(/’/g, "'")];
        if (!status) return null;
        attrs.status = status;
      }
    } else if (PRIORITY_WORDS[lower.replace(/\s+priority$/, "")] && (/^p\d$/.test(lower) || / priority$/.test(lower))) {
      attrs.priority = PRIORITY_WORDS[lower.replace(/\s+priority$/, "")];
    } else if (STATUS_WORDS[lower.replace(/’/g, "'")]) {
      attrs.status = STATUS_WORDS[lower.replace(/’/g, "'")];
    } else return null;
  }
  return attrs;
}

/** "- [ ] Title (Owner: a@b.c, Due: Dec 1, Priority: High)" → title and attributes; the rest is the description. */
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
    if (paren && parsed && Object.keys(parsed).length) {
      Object.assign(attrs, { ...parsed, ...attrs });
      title = title.slice(0, paren.index).trim();
      continue;
    }
    const dashed = /\s+[—–-]\s+((?:owner|due|priority|status|assignee)\b.*)$/i.exec(title);
    const dashedAttrs = dashed ? readAttributes(dashed[1]) : null;
    if (dashed && dashedAttrs) {
      Object.assign(attrs, { ...dashedAttrs, ...attrs });
      title = title.slice(0, dashed.index).trim();
      continue;
    }
    break;
  }
  return { title: title.trim(), attrs, checkbox };
}

export function parseActionItems(block: Block, draft: Draft, base: LocalDate, tableSeparators: Set<number>, map: LineMap, warnings: string[]) {
  const rows = block.lines.filter((l) => l.text && tableCells(l.text));
  let columns: Record<string, number> = { title: 0 };
  let headers: string[] = [];
  const tableLines = new Set<number>();
  for (const row of rows) {
    const cells = tableCells(row.text)!;
    tableLines.add(row.n);
    if (tableSeparators.has(row.n + 1)) {
      headers = cells;
      columns = {};
      cells.forEach((cell, i) => {
        const c = cell.toLowerCase();
        if (/^(action|item|title|task|action item|description)s?$/.test(c) && columns.title === undefined) columns.title = i;
        else if (/owner|assignee|who/.test(c)) columns.owner = i;
        else if (/due|deadline|date|when/.test(c)) columns.due = i;
        else if (/priority|prio/.test(c)) columns.priority = i;
        else if (/status|state|done/.test(c)) columns.status = i;
      });
      columns.title ??= 0;
      map.add(row.n, "section:actionItems");
      continue;
    }
    const cell = (name: string) => (columns[name] !== undefined ? cells[columns[name]]?.trim() : undefined) || undefined;
    const title = cell("title");
    if (!title) continue;
    const attrs: ActionAttributes = {};
    const owner = cell("owner");
    const due = cell("due");
    const priority = PRIORITY_WORDS[cell("priority")?.toLowerCase() ?? ""];
    const statusCell = cell("status")?.toLowerCase().replace(/’/g, "'");
    let status = statusCell ? (STATUS_WORDS[statusCell] ?? (/^\[?[x✓✔]\]?$/.test(statusCell) ? "DONE" : undefined)) : undefined;
    // "n/a **DONE**": a status written in bold in any cell
    for (const c of cells) status ??= STATUS_WORDS[/\*\*\s*([A-Za-z' ]+?)\s*\*\*/.exec(c)?.[1].toLowerCase() ?? ""];
    if (owner) attrs.owner = owner;
    if (due) attrs.due = due;
    if (priority) attrs.priority = priority;
    if (status) attrs.status = status;
    // columns the importer has no field for stay in the description
    const used = new Set(
      Object.entries(columns)
        .filter(
          ([name]) =>
            name === "title" ||
            (name === "owner" && owner) ||
            (name === "due" && due) ||
            (name === "priority" && priority) ||
            (name === "status" && status && statusCell),
        )
        .map(([, i]) => i),
    );
    const rest = cells
      .map((value, i) => ({ value: value.trim(), i }))
      .filter(({ value, i }) => value && !used.has(i))
      .map(({ value, i }) => `${headers[i] || `Column ${i + 1}`}: ${value}`);
    pushActionItem(draft, title, attrs, null, rest.length ? rest.join("\n") : null, [row.n], base, map, warnings);
  }
  for (const item of splitItems(block.lines.filter((l) => !tableLines.has(l.n)))) {
    const [first, ...rest] = item.text.split("\n");
    const { title, attrs, checkbox } = splitActionItemLine(first);
    pushActionItem(draft, title, attrs, checkbox, rest.length ? rest.join("\n") : null, item.lines, base, map, warnings);
  }
}

function pushActionItem(
  draft: Draft,
  title: string,
  attrs: ActionAttributes,
  checkbox: string | null,
  description: string | null,
  lines: number[],
  base: LocalDate,
  map: LineMap,
  warnings: string[],
) {
  const extraLines: string[] = [];
  let ownerEmail: string | null = null;
  if (attrs.owner) {
    const owner = attrs.owner.replace(/^<(.*)>$/, "$1");
    if (EMAIL.test(owner)) ownerEmail = owner.toLowerCase();
    else extraLines.push(`Owner: ${attrs.owner}`);
  }
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
  const item: ActionItem = {
    title: title || "(untitled action item)",
    description: parts.length ? parts.join("\n") : null,
    ownerEmail,
    dueDate,
    priority: attrs.priority ?? "MEDIUM",
    status,
  };
  map.add(lines, `actionItems[${draft.actionItems.length}]`);
  draft.actionItems.push(item);
}
