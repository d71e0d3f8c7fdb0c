"use client";

// A <details> whose content is first rendered when it is first opened. Place a lazily loaded form inside (React
// `lazy`), and its code is fetched on that first open instead of with the page: the report page's editing widgets
// stay out of its first load (issue 14). Once opened, the content stays mounted, so what was typed survives closing.
import { Suspense, useState, type ReactNode } from "react";

const BOXED = {
  details: "rounded-md ring-1 ring-inset ring-slate-200",
  summary: "px-4 py-2 text-sm font-semibold text-indigo-700",
  body: "border-t border-slate-100 p-4",
};
const PLAIN = { details: "text-sm", summary: "text-slate-700", body: "mt-2" };

export function Disclosure({
  summary,
  children,
  testId,
  className = "",
  plain = false,
}: {
  summary: string;
  children: ReactNode;
  testId?: string;
  className?: string;
  /** a quiet line of text instead of a boxed section */
  plain?: boolean;
}) {
  const style = plain ? PLAIN : BOXED;
  // Opened before the page was hydrated (a quick click on a slow connection), the element is already open when React
  // attaches to it, with no toggle React saw: the ref reads that once. Any toggle React sees means it has been open.
  const [opened, setOpened] = useState(false);
  return (
    <details
      ref={(node) => {
        if (node?.open) setOpened(true);
      }}
      className={`no-print ${style.details} ${className}`}
      data-testid={testId}
      onToggle={() => setOpened(true)}
    >
      <summary className={`cursor-pointer select-none ${style.summary}`}>{summary}</summary>
      <div className={style.body}>{opened ? <Suspense fallback={<p className="text-sm text-slate-500">Loading…</p>}>{children}</Suspense> : null}</div>
    </details>
  );
}
