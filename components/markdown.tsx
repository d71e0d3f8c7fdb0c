// Markdown written by people (summary, root cause, ...) shown as HTML, safely. Raw HTML in the text is shown as the
// text it is (someone describing an XSS bug must be able to quote the payload); what Markdown itself produces passes
// a strict allow-list: no scripts, no event handlers, no styles, links only to http(s) and mailto, images shown as
// links (nothing loads from elsewhere when a report is opened). Render it from Server Components: there the renderer
// runs on the server and none of its code reaches the browser (the read view). A Client Component that must show
// Markdown (the editor's preview) takes MarkdownPreview from components/markdown-preview.tsx, which loads this on demand.
import type { ComponentProps, ReactElement } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import remarkGfm from "remark-gfm";

const SAFE_PROTOCOL = /^(https?|mailto)$/i;

/** Only http(s), mailto and relative URLs survive; anything else (javascript:, data:, vbscript:) becomes "". */
export function safeUrl(url: string): string {
  // Browsers ignore whitespace and control characters inside a scheme ("java\tscript:"); so do we, then judge.
  const value = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const colon = value.indexOf(":");
  if (colon === -1) return url;
  const boundary = value.search(/[/?#]/);
  if (boundary !== -1 && boundary < colon) return url; // the colon is in the path or query: relative
  return SAFE_PROTOCOL.test(value.slice(0, colon)) ? url : "";
}

export const markdownSanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // forms, media, frames and the like are not in the allow-list; details/summary only toggle and are left out too
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => !["details", "summary", "picture", "source"].includes(tag)),
  protocols: { href: ["http", "https", "mailto"], src: ["http", "https"], cite: ["http", "https"] },
  strip: ["script", "style"],
};

type MdastNode = { type: string; value?: string; children?: MdastNode[] };

/** Raw HTML in the Markdown source becomes literal text (before anything turns it into elements). */
function remarkHtmlAsText() {
  const visit = (node: MdastNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(visit);
  };
  return (tree: MdastNode) => visit(tree);
}

function Link({ node: _node, href, children, ...props }: ComponentProps<"a"> & { node?: unknown }) {
  return (
    <a {...props} href={href || undefined} rel="noopener noreferrer nofollow" className="text-indigo-700 underline hover:text-indigo-900">
      {children}
    </a>
  );
}

function ImageAsLink({ src, alt }: ComponentProps<"img"> & { node?: unknown }) {
  const url = typeof src === "string" ? src : "";
  if (!url) return <span>{alt}</span>;
  return (
    <a href={url} rel="noopener noreferrer nofollow" className="text-indigo-700 underline">
      {alt ? `Image: ${alt}` : url}
    </a>
  );
}

const components: Components = { a: Link, img: ImageAsLink };

/**
 * What Markdown renders to, by source text, kept on the server: the same text always renders the same (the sanitizing
 * and the URL rule depend on nothing else), and parsing it is a large part of a report page's rendering (~0.4 ms for
 * a short paragraph, and a report shows ~20 of them on every view). A text that is edited is a new key, so nothing
 * stale is ever shown. Bounded by entries and by the characters they hold, least recently used dropped first: a
 * rendering takes ~32 bytes of memory per character of its text, so the bound is ~32 MB. Not in the browser, where
 * the editor's preview renders each edit once and keeping them would only hold memory.
 */
const rendered = new Map<string, ReactElement>();
const MAX_ENTRIES = 2_000;
const MAX_CHARACTERS = 1_000_000;
let characters = 0;

function parse(source: string): ReactElement {
  // Markdown (react-markdown's synchronous component) is a plain function of its props: no hooks, no state.
  return ReactMarkdown({
    children: source,
    remarkPlugins: [remarkGfm, remarkHtmlAsText],
    rehypePlugins: [[rehypeSanitize, markdownSanitizeSchema]],
    urlTransform: safeUrl,
    components,
  });
}

function render(source: string): ReactElement {
  if (typeof window !== "undefined") return parse(source);
  const cached = rendered.get(source);
  if (cached) {
    rendered.delete(source);
    rendered.set(source, cached);
    return cached;
  }
  const element = parse(source);
  rendered.set(source, element);
  characters += source.length;
  for (const [oldest] of rendered) {
    if (rendered.size <= MAX_ENTRIES && characters <= MAX_CHARACTERS) break;
    rendered.delete(oldest);
    characters -= oldest.length;
  }
  return element;
}

// The prose styles (list markers and heading sizes that Tailwind's reset strips) are the `markdown` class of
// app/globals.css: as utilities on every block they were a quarter of a report page's HTML.
export function Markdown({ children, className = "" }: { children: string | null | undefined; className?: string }) {
  if (!children) return null;
  return <div className={className ? `markdown ${className}` : "markdown"}>{render(children)}</div>;
}
