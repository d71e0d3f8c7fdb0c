"use client";

// Markdown in a Client Component (the editor's preview), loaded when it is first shown: the renderer (react-markdown,
// remark-gfm, rehype-sanitize, ~30 kB gzip) stays out of the page's first load. Read views render <Markdown> from
// components/markdown.tsx in a Server Component instead, and send no Markdown code to the browser at all.
import dynamic from "next/dynamic";

export const MarkdownPreview = dynamic(() => import("@/components/markdown").then((module) => module.Markdown), {
  loading: () => <p className="text-sm text-slate-500">Loading the preview…</p>,
});
