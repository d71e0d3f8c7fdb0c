"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { TemplateSection } from "@/lib/templates/default-template";
import { SectionComments, useSectionComments } from "@/components/incidents/editor/review-comments";

/** The report template's sections by key, for the help text shown beside the matching fields. */
export const TemplateHelpContext = createContext<Record<string, TemplateSection>>({});

/** A card of the editor; the open review comments about it and the template's help for `helpKey` sit beside it. */
export function EditorSection({ id, title, helpKey, children }: { id: string; title: string; helpKey?: string; children: ReactNode }) {
  const sections = useContext(TemplateHelpContext);
  const section = helpKey ? sections[helpKey] : undefined;
  const help = section?.help ? section : undefined;
  const comments = useSectionComments(id);
  const beside = Boolean(help) || comments.length > 0;
  return (
    // No aria-labelledby: a region named "Summary" around a field labelled "Summary" makes the label ambiguous.
    <section id={id} className="scroll-mt-24 rounded-lg bg-white p-4 shadow ring-1 ring-slate-200 sm:p-5">
      <div className={beside ? "grid gap-4 lg:grid-cols-[minmax(0,1fr)_17rem]" : ""}>
        <div className="min-w-0 space-y-4">
          <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          {children}
        </div>
        {beside ? (
          <div className="min-w-0 space-y-3">
            <SectionComments sectionId={id} comments={comments} />
            {help ? (
              <aside
                className="h-fit rounded-md bg-indigo-50 p-3 text-xs leading-5 text-indigo-900 ring-1 ring-inset ring-indigo-100"
                data-testid={`help-${helpKey}`}
              >
                <p className="mb-1 font-semibold">{help.title}</p>
                <p>{help.help}</p>
              </aside>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
