"use client";

import type { TimelineEntry } from "@/lib/incidents/schema";
import { EditorSection } from "@/components/incidents/editor/editor-section";
import { SelectField, TextAreaField, DateTimeField } from "@/components/incidents/editor/fields";
import { ListEditor } from "@/components/incidents/editor/list-editor";
import { byTime, sortTimeline, withTimeline } from "@/components/incidents/editor/document-ops";
import { kindOptions, milestoneOptions } from "@/components/incidents/editor/options";
import { LiveDurations, type EditDocument } from "@/components/incidents/editor/header-section";
import type { ReportDocument } from "@/lib/incidents/schema";

function nextEntry(timeline: TimelineEntry[], startedAt: string | null): TimelineEntry {
  // a minute after the last entry keeps a new entry at the end of a list kept in time order
  const last = [...timeline].sort(byTime).at(-1);
  const base = last ? Date.parse(last.occurredAt) + 60_000 : startedAt ? Date.parse(startedAt) : Date.now();
  const time = Number.isNaN(base) ? Date.now() : base;
  return { occurredAt: new Date(Math.floor(time / 1000) * 1000).toISOString(), text: "", kind: "OBSERVATION", milestone: null };
}

export function TimelineSection({ doc, edit }: { doc: ReportDocument; edit: EditDocument }) {
  const setTimeline = (timeline: TimelineEntry[]) => edit((d) => withTimeline(d, timeline));
  return (
    <EditorSection id="timeline" title="Timeline" helpKey="timeline">
      <p className="text-xs text-slate-600">Times are in the report&apos;s time zone (see Incident above). The list keeps itself in time order.</p>
      <ListEditor<TimelineEntry>
        items={doc.timeline}
        onChange={setTimeline}
        itemLabel="Timeline entry"
        path="timeline"
        addLabel="Add timeline entry"
        emptyText="No events yet."
        newItem={() => nextEntry(doc.timeline, doc.startedAt)}
        renderItem={(entry, _index, row) => (
          <div className="grid gap-2 md:grid-cols-[auto_minmax(0,1fr)]">
            <div className="space-y-2">
              <DateTimeField
                label={`${row.label} time`}
                path={`${row.path}.occurredAt`}
                nullable={false}
                value={entry.occurredAt}
                onChange={(value) => row.update({ occurredAt: value ?? "" })}
                // Sorted when the user leaves the field, not while typing: a row must not jump away mid-edit.
                onBlur={() => edit((d) => sortTimeline(d))}
              />
              <div className="grid grid-cols-2 gap-2">
                <SelectField
                  label={`${row.label} kind`}
                  path={`${row.path}.kind`}
                  value={entry.kind}
                  options={kindOptions}
                  onChange={(kind) => row.update({ kind })}
                />
                <SelectField
                  label={`${row.label} milestone`}
                  path={`${row.path}.milestone`}
                  value={entry.milestone ?? ""}
                  options={milestoneOptions}
                  onChange={(milestone) => row.update({ milestone: milestone || null })}
                />
              </div>
            </div>
            <TextAreaField
              label={`${row.label} text`}
              path={`${row.path}.text`}
              nullable={false}
              rows={3}
              value={entry.text}
              onChange={(text) => row.update({ text: text ?? "" })}
            />
          </div>
        )}
      />
      <LiveDurations doc={doc} compact />
    </EditorSection>
  );
}
