// Segmentation of a report into its title, header, sections and footer, and of a section into list items and
// paragraphs.
import {
  cleanHeading,
  type FieldLine,
  FOOTER_FIELDS,
  isDecorationLine,
  type Line,
  LIST_MARKER,
  parseFieldLine,
  resolveHeading,
  type SectionKey,
  TABLE_SEPARATOR,
} from "@/lib/incidents/report-text/headings";
import { TITLE_PREFIX } from "@/lib/incidents/report-text/shared-formats";
import { parseDateValue, type WrittenDate } from "@/lib/incidents/report-text/written-times";
import type { LessonCategory } from "@/lib/incidents/schema";

type BlockKey = SectionKey | "header" | "extra";

export type Block = {
  key: BlockKey;
  heading: string | null;
  headingLines: number[];
  level: number;
  lines: Line[];
  category?: LessonCategory;
  scope?: string | null;
  paren?: string;
};

const BODY_KEYS = new Set<BlockKey>(["summary", "rootCause", "trigger", "detection", "supportingInfo", "extra", "followUp"]);

export type Segmented = {
  title: { text: string | null; lines: number[]; implicit: boolean };
  blocks: Block[];
  footer: { field: FieldLine; line: number }[];
  tableSeparators: Set<number>;
};

function headingCandidate(lines: Line[], i: number): { text: string; level: number; style: "atx" | "setext" | "bold" | "plain" } | null {
  const line = lines[i];
  const atx = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line.text);
  if (atx && line.indent <= 3) return { text: atx[2], level: atx[1].length, style: "atx" };
  const next = lines[i + 1];
  if (next && /^(=+|-+)$/.test(next.text) && next.text.length >= 3 && !LIST_MARKER.test(line.raw) && !line.text.startsWith("|")) {
    return { text: line.text, level: next.text.startsWith("=") ? 1 : 2, style: "setext" };
  }
  if (/^(\*\*|__)[^*_].*\1:?$/.test(line.text) && !/\*\*.*\*\*.+\*\*/.test(line.text)) {
    return { text: line.text.replace(/:$/, ""), level: 3, style: "bold" };
  }
  if (/^[A-Za-z0-9][^:]{0,80}:?$/.test(line.text) && !LIST_MARKER.test(line.raw)) {
    return { text: line.text, level: 3, style: "plain" };
  }
  return null;
}

function isLooseHeading(lines: Line[], i: number, blockStart: () => boolean): boolean {
  const line = lines[i];
  if (!/^[A-Z][A-Za-z0-9 '’&/()-]{0,60}:$/.test(line.text)) return false;
  if (line.text.split(/\s+/).length > 6) return false;
  const previous = lines[i - 1];
  const next = lines.slice(i + 1).find((l) => l.text && !isDecorationLine(l.text));
  return (!previous || !previous.text || blockStart()) && next !== undefined;
}

/**
 * A line that only names a day ("November 28, 2024", "### 2015-10-21 (all times UTC)"), with its parenthesis, which
 * may state the zone of the times after it.
 */
export function dayMarker(text: string, line: number | null): { date: WrittenDate; paren: string | null } | null {
  let t = cleanHeading(text).replace(/:$/, "").trim();
  let paren: string | null = null;
  const parenthesis = /^(.*?)\s*\(([^()]*)\)$/.exec(t);
  if (parenthesis && parenthesis[1]) [t, paren] = [parenthesis[1], parenthesis[2]];
  const date = parseDateValue(t.replace(/[:,]$/, ""), line);
  return date ? { date, paren } : null;
}

function isDayMarker(text: string, line: number | null): boolean {
  return dayMarker(text, line) !== null;
}

// "Thanks,\nAna" closing an e-mailed report: a sign-off, not another item of the list above it
const VALEDICTION = /^(?:thanks|thank you|many thanks|thanks again|best|best regards|kind regards|regards|cheers|sincerely)[,.!]?$/i;

function isSignOff(lines: Line[], i: number): boolean {
  if (!VALEDICTION.test(lines[i].text)) return false;
  const rest = lines.slice(i + 1).filter((l) => l.text);
  return rest.length <= 3 && rest.every((l) => l.text.length <= 80);
}

export function segment(lines: Line[]): Segmented {
  const header: Block = { key: "header", heading: null, headingLines: [], level: 0, lines: [] };
  const blocks: Block[] = [header];
  const footer: Segmented["footer"] = [];
  const tableSeparators = new Set<number>();
  const title: Segmented["title"] = { text: null, lines: [], implicit: false };
  let current = header;
  let sawContent = false;
  let signingOff = false;

  const open = (block: Block) => {
    blocks.push(block);
    current = block;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.text) {
      current.lines.push(line);
      continue;
    }
    if (isDecorationLine(line.text)) {
      if (TABLE_SEPARATOR.test(line.text) && line.text.includes("|")) tableSeparators.add(line.n);
      continue;
    }
    if (!signingOff && sawContent && isSignOff(lines, i)) {
      signingOff = true;
      open({ key: "signOff", heading: "Sign-off", headingLines: [], level: current.level, lines: [] });
    }
    if (signingOff) {
      const field = parseFieldLine(line.text);
      if (field?.name && FOOTER_FIELDS.has(field.name) && field.value) footer.push({ field, line: line.n });
      else current.lines.push(line);
      continue;
    }
    const candidate = headingCandidate(lines, i);
    const consumed = candidate?.style === "setext" ? 1 : 0;

    if (!sawContent) {
      sawContent = true;
      const found = detectTitle(line, candidate);
      if (found) {
        title.text = found.text;
        title.implicit = found.implicit;
        title.lines.push(line.n);
        i += consumed;
        continue;
      }
    }

    if (candidate) {
      const resolved = resolveHeading(candidate.text);
      if (resolved && (candidate.style !== "plain" || !/:\s*\S/.test(line.text))) {
        open({
          key: resolved.key,
          heading: cleanHeading(candidate.text),
          headingLines: [line.n],
          level: candidate.level,
          lines: [],
          category: resolved.category,
          scope: resolved.scope,
          paren: resolved.paren,
        });
        i += consumed;
        continue;
      }
      if (current.key === "timeline" && isDayMarker(candidate.text, line.n)) {
        current.lines.push(line);
        i += consumed;
        continue;
      }
      const strong = candidate.style === "atx" || candidate.style === "setext";
      const deeper = BODY_KEYS.has(current.key) && current.key !== "extra" ? candidate.level > current.level : false;
      const extraDeeper = current.key === "extra" && candidate.level > current.level && candidate.style === "atx";
      if (strong && !deeper && !extraDeeper) {
        open({ key: "extra", heading: cleanHeading(candidate.text), headingLines: [line.n], level: candidate.level, lines: [] });
        i += consumed;
        continue;
      }
      if (
        candidate.style === "plain" &&
        !BODY_KEYS.has(current.key) &&
        current.key !== "timeline" &&
        isLooseHeading(lines, i, () => current.lines.every((l) => !l.text))
      ) {
        open({ key: "extra", heading: cleanHeading(candidate.text), headingLines: [line.n], level: current.level + 1, lines: [] });
        continue;
      }
    }

    const field = parseFieldLine(line.text);
    if (field?.name && FOOTER_FIELDS.has(field.name) && field.value) {
      footer.push({ field, line: line.n });
      continue;
    }
    current.lines.push(line);
  }
  return { title, blocks, footer, tableSeparators };
}

function detectTitle(line: Line, candidate: ReturnType<typeof headingCandidate>): { text: string | null; implicit: boolean } | null {
  const raw = candidate && (candidate.style === "atx" || candidate.style === "setext" || candidate.style === "bold") ? cleanHeading(candidate.text) : line.text;
  const prefixed = TITLE_PREFIX.exec(raw);
  if (prefixed) return { text: prefixed[1]?.trim() || null, implicit: false };
  if (candidate && candidate.style !== "plain" && (candidate.level === 1 || candidate.style !== "atx") && !resolveHeading(candidate.text)) {
    return { text: raw, implicit: false };
  }
  if (candidate?.style === "atx" || resolveHeading(line.text)) return null;
  if (LIST_MARKER.test(line.raw) || parseFieldLine(line.text) || line.text.length > 150 || /[.!?]$/.test(line.text)) return null;
  return { text: line.text, implicit: true };
}

// Lists and paragraphs

type Item = { text: string; lines: number[]; marker: "bullet" | "number" | "none"; first: Line };

/**
 * Items of a list section: marked items ("-", "*", "1."), with indented or directly following lines as their
 * continuation; unmarked paragraphs count as one item each, so nothing written in a list section is lost.
 */
export function splitItems(lines: Line[]): Item[] {
  const items: Item[] = [];
  let current: (Item & { markerIndent: number; contentIndent: number }) | null = null;
  let previousBlank = true;
  for (const line of lines) {
    if (!line.text) {
      previousBlank = true;
      continue;
    }
    const marked = LIST_MARKER.exec(line.raw);
    if (marked && (!current || line.indent <= current.markerIndent)) {
      current = {
        text: marked[3].trim(),
        lines: [line.n],
        marker: /\d/.test(marked[2]) ? "number" : "bullet",
        first: line,
        markerIndent: line.indent,
        contentIndent: line.raw.length - marked[3].length,
      };
      items.push(current);
    } else if (current && (!previousBlank || line.indent > current.markerIndent)) {
      const strip = Math.min(line.indent, current.contentIndent);
      current.text += (previousBlank ? "\n\n" : "\n") + line.raw.slice(strip);
      current.lines.push(line.n);
    } else {
      current = { text: line.text, lines: [line.n], marker: "none", first: line, markerIndent: line.indent, contentIndent: line.indent };
      items.push(current);
    }
    previousBlank = false;
  }
  return items;
}

/** A Markdown body as written: surrounding blank lines dropped, the common indentation removed. */
export function bodyText(lines: Line[]): string | null {
  const content = lines.filter((l) => l.text);
  if (!content.length) return null;
  const first = lines.indexOf(content[0]);
  const last = lines.lastIndexOf(content[content.length - 1]);
  const slice = lines.slice(first, last + 1);
  const indent = Math.min(...content.map((l) => l.indent));
  return slice.map((l) => l.raw.slice(Math.min(indent, l.indent))).join("\n");
}
