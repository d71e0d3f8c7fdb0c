// An HTML page or a Word document → Markdown: the CPU-heavy part of a conversion, run on a worker thread
// (convert-worker.ts), so no server-only import here. A 5 MB page takes turndown several seconds.
import { InvalidInputError } from "@/lib/errors";
import { decodeReportText } from "@/lib/incidents/report-formats/detect";
import { docxToHtml } from "@/lib/incidents/report-formats/docx";
import { htmlToMarkdown, type HtmlConversion } from "@/lib/incidents/report-formats/html-to-markdown";

export type MarkupFile = { kind: "html" | "docx"; bytes: Uint8Array; fileName: string | null; charset: string | null };

/**
 * How deeply elements may nest. Real pages stay far below (Confluence's export ~25 levels, Google Docs ~10); parsing
 * and walking a page costs time in proportion to its depth, and a page nested thousands deep exhausts the stack.
 */
export const MAX_NESTING = 200;

export async function convertMarkup(file: MarkupFile): Promise<HtmlConversion> {
  const name = file.fileName ? `"${file.fileName}"` : "The file";
  const { html, title } =
    file.kind === "docx" ? await docxToHtml(file.bytes, name) : { html: decodeReportText(file.bytes, "html", file.charset, name), title: null };
  const depth = nestingDepth(html);
  if (depth > MAX_NESTING) {
    throw new InvalidInputError(`${name} nests elements ${depth.toLocaleString("en-US")} levels deep; a report page needs far fewer than ${MAX_NESTING}.`, [
      { path: "file", message: "is nested too deeply" },
    ]);
  }
  return htmlToMarkdown(html, { title });
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen", "command"]);
// Elements whose end tag HTML lets writers leave out: the parser closes them, so they do not nest.
const END_IMPLIED = new Set(["p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp"]);

/** The deepest nesting of elements, from the tags as written (without parsing): scripts, styles and comments left out. */
export function nestingDepth(html: string): number {
  const tags = html.replace(/<!--[\s\S]*?-->/g, "").replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "");
  let depth = 0;
  let deepest = 0;
  for (const tag of tags.matchAll(/<(\/?)([a-zA-Z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    const name = tag[2]!.toLowerCase();
    if (VOID.has(name) || END_IMPLIED.has(name) || tag[3]) continue;
    if (tag[1]) depth = Math.max(0, depth - 1);
    else deepest = Math.max(deepest, ++depth);
  }
  return deepest;
}
