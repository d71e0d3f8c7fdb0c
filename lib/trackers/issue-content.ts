// What an issue created from an action item says, written once and rendered as GitHub Markdown or as Jira's Atlassian
// Document Format. A tracker is read by people who may not open the report, so an item of a PRIVATE report publishes
// only what the user asked to publish — the item's title — with its due date and priority: no description (it is
// written inside the private report), no owner (who took part is part of the report), no report title or id (not
// even in a link). Those readers get a link to Hindsight's action items, where people who may see the report find it.
import type { Priority } from "@/lib/incidents/enums";

/** Jira refuses a summary over 255 characters; GitHub titles are kept to the same. */
const MAX_TITLE = 255;

export type IssueSource = {
  title: string;
  description: string | null;
  /** calendar day, YYYY-MM-DD */
  dueDate: string | null;
  priority: Priority;
  /** the owner's name (a user's, or the name a report gave) */
  ownerName: string | null;
  report: { private: boolean; publicId: string; title: string };
  /** absolute: https://hindsight.example.com (no trailing slash) */
  baseUrl: string;
};

/** `markdown`: the user's own text (a description), kept as the Markdown it may be; everything else is shown as written. */
type Inline = { text: string; href?: string; strong?: boolean; markdown?: boolean } | { lineBreak: true };
type Paragraph = Inline[];

export type IssueContent = { title: string; paragraphs: Paragraph[] };

const PRIORITY_WORDS: Record<Priority, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };

export function issueContent(source: IssueSource): IssueContent {
  const paragraphs: Paragraph[] = [];
  if (!source.report.private && source.description?.trim()) paragraphs.push(...textParagraphs(source.description));

  const facts: Paragraph = [];
  const fact = (label: string, value: string) => {
    if (facts.length) facts.push({ text: " · " });
    facts.push({ text: `${label}: `, strong: true }, { text: value });
  };
  fact("Priority", PRIORITY_WORDS[source.priority]);
  if (source.dueDate) fact("Due", source.dueDate);
  if (!source.report.private && source.ownerName) fact("Owner", source.ownerName);
  paragraphs.push(facts);

  const sync = " Closing this issue marks the action item done in Hindsight; reopening it reopens the item.";
  if (source.report.private) {
    paragraphs.push([
      { text: "An action item of a private postmortem in " },
      { text: "Hindsight", href: `${source.baseUrl}/action-items` },
      { text: ". The report is shared only with its participants there." + sync },
    ]);
  } else {
    const reportUrl = `${source.baseUrl}/incidents/${encodeURIComponent(source.report.publicId)}`;
    paragraphs.push([
      { text: "An action item of the postmortem " },
      { text: `${source.report.publicId}: ${source.report.title}`, href: reportUrl },
      { text: " in Hindsight." + sync },
    ]);
  }
  return { title: clip(source.title.trim(), MAX_TITLE), paragraphs };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Blank lines separate paragraphs; single newlines are kept as line breaks. */
function textParagraphs(text: string): Paragraph[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) =>
      block
        .split("\n")
        .flatMap((line, index): Inline[] => (index === 0 ? [{ text: line, markdown: true }] : [{ lineBreak: true }, { text: line, markdown: true }])),
    );
}

// ---------------------------------------------------------------------------------------------------------------
// GitHub: Markdown

/** Markdown that shows `text` as written: no links, emphasis, headings or mentions made by accident. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|~#])/g, "\\$1").replace(/@(?=\w)/g, "@\u200b");
}

export function toMarkdown(content: IssueContent): string {
  return content.paragraphs
    .map((paragraph) =>
      paragraph
        .map((inline) => {
          if ("lineBreak" in inline) return "  \n";
          const text = inline.markdown ? inline.text : escapeMarkdown(inline.text);
          if (inline.href) return `[${text}](${inline.href.replace(/[()\s]/g, encodeURIComponent)})`;
          return inline.strong ? `**${text.trimEnd()}**${text.endsWith(" ") ? " " : ""}` : text;
        })
        .join(""),
    )
    .join("\n\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Jira: Atlassian Document Format (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/)

type AdfMark = { type: "strong" } | { type: "link"; attrs: { href: string } };
type AdfInline = { type: "text"; text: string; marks?: AdfMark[] } | { type: "hardBreak" };
export type AdfDocument = { type: "doc"; version: 1; content: { type: "paragraph"; content: AdfInline[] }[] };

export function toAdf(content: IssueContent): AdfDocument {
  return {
    type: "doc",
    version: 1,
    content: content.paragraphs.map((paragraph) => ({
      type: "paragraph" as const,
      content: paragraph.flatMap((inline): AdfInline[] => {
        if ("lineBreak" in inline) return [{ type: "hardBreak" }];
        // ADF refuses empty text nodes
        if (!inline.text) return [];
        const marks: AdfMark[] = [];
        if (inline.strong) marks.push({ type: "strong" });
        if (inline.href) marks.push({ type: "link", attrs: { href: inline.href } });
        return [marks.length ? { type: "text", text: inline.text, marks } : { type: "text", text: inline.text }];
      }),
    })),
  };
}
