// Markdown written by people (summary, root cause, ...) shown as HTML, safely. Raw HTML in the text is shown as the
// text it is (someone describing an XSS bug must be able to quote the payload); what Markdown itself produces passes
// a strict allow-list: no scripts, no event handlers, no styles, links only to http(s) and mailto, images shown as
// links (nothing loads from elsewhere when a report is opened). Render it from Server Components: there the renderer
// runs on the server and none of its code reaches the browser (the read view). A Client Component that must show
// Markdown (the editor's preview) takes MarkdownPreview from components/markdown-preview.tsx, which loads this on demand.
import type { ComponentProps } from "react";
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

// Tailwind's reset strips list markers and heading sizes; give Markdown's elements their shape back.
const PROSE = [
  "markdown space-y-3 break-words text-sm leading-6 text-slate-800",
  "[&_h1]:text-xl [&_h1]:font-bold [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold [&_h4]:font-semibold",
  "[&_ul]:list-disc [&_ul]:pl-5 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:my-0.5",
  "[&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em]",
  "[&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-slate-900 [&_pre]:p-3 [&_pre]:text-slate-100 [&_pre_code]:bg-transparent [&_pre_code]:p-0",
  "[&_blockquote]:border-l-4 [&_blockquote]:border-slate-200 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600",
  "[&_table]:w-full [&_table]:text-left [&_th]:border-b [&_th]:border-slate-200 [&_th]:py-1 [&_th]:pr-3 [&_td]:border-b [&_td]:border-slate-100 [&_td]:py-1 [&_td]:pr-3",
].join(" ");

export function Markdown({ children, className = "" }: { children: string | null | undefined; className?: string }) {
  if (!children) return null;
  return (
    <div className={`${PROSE} ${className}`}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkHtmlAsText]}
        rehypePlugins={[[rehypeSanitize, markdownSanitizeSchema]]}
        urlTransform={safeUrl}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
