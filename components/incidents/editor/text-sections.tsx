"use client";

// The written parts of a report: Markdown sections, ordered lists, lessons, follow-up, extra sections, sign-off names.
import type { ExtraSection, Lesson, ReportDocument } from "@/lib/incidents/schema";
import type { TemplateSection } from "@/lib/templates/default-template";
import { atHourDaysLater } from "@/lib/time/wall-input";
import { EditorSection } from "@/components/incidents/editor/editor-section";
import { MarkdownField, SelectField, TextAreaField, TextField, DateTimeField } from "@/components/incidents/editor/fields";
import { ListEditor, TextListEditor } from "@/components/incidents/editor/list-editor";
import { lessonCategoryOptions } from "@/components/incidents/editor/options";
import type { EditDocument } from "@/components/incidents/editor/header-section";

type Props = { doc: ReportDocument; edit: EditDocument };
type MarkdownKey = "summary" | "rootCause" | "trigger" | "detection" | "supportingInfo";

export function MarkdownSection({ doc, edit, field, title, id }: Props & { field: MarkdownKey; title: string; id: string }) {
  return (
    <EditorSection id={id} title={title} helpKey={field}>
      <MarkdownField
        label={title}
        hideLabel={false}
        path={field}
        value={doc[field]}
        onChange={(value) => edit((d) => ({ ...d, [field]: value }))}
        hint="Markdown: **bold**, lists, `code`, tables, links."
      />
    </EditorSection>
  );
}

export function RootCauseSection({ doc, edit }: Props) {
  return (
    <EditorSection id="root-cause" title="Root cause" helpKey="rootCause">
      <MarkdownField
        label="Root cause"
        path="rootCause"
        rows={6}
        value={doc.rootCause}
        onChange={(rootCause) => edit((d) => ({ ...d, rootCause }))}
        hint="Markdown: **bold**, lists, `code`, tables, links."
      />
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Contributing factors</h3>
        <TextListEditor
          items={doc.contributingFactors}
          onChange={(contributingFactors) => edit((d) => ({ ...d, contributingFactors }))}
          itemLabel="Contributing factor"
          path="contributingFactors"
          addLabel="Add contributing factor"
        />
      </div>
    </EditorSection>
  );
}

export function StepsSections({ doc, edit }: Props) {
  return (
    <>
      <EditorSection id="resolution" title="Resolution steps" helpKey="resolution">
        <TextListEditor
          items={doc.resolutionSteps}
          onChange={(resolutionSteps) => edit((d) => ({ ...d, resolutionSteps }))}
          itemLabel="Resolution step"
          path="resolutionSteps"
          addLabel="Add resolution step"
        />
      </EditorSection>
      <EditorSection id="preventive-measures" title="Preventive measures" helpKey="preventiveMeasures">
        <TextListEditor
          items={doc.preventiveMeasures}
          onChange={(preventiveMeasures) => edit((d) => ({ ...d, preventiveMeasures }))}
          itemLabel="Preventive measure"
          path="preventiveMeasures"
          addLabel="Add preventive measure"
        />
      </EditorSection>
    </>
  );
}

export function LessonsSection({ doc, edit }: Props) {
  return (
    <EditorSection id="lessons" title="Lessons learned" helpKey="lessonsLearned">
      <ListEditor<Lesson>
        items={doc.lessonsLearned}
        onChange={(lessonsLearned) => edit((d) => ({ ...d, lessonsLearned }))}
        itemLabel="Lesson"
        path="lessonsLearned"
        addLabel="Add lesson"
        reorderable
        emptyText="No lessons yet: what went well, what went wrong, where we got lucky."
        newItem={() => ({ category: "GENERAL", text: "" })}
        renderItem={(lesson, _index, row) => (
          <div className="grid gap-2 sm:grid-cols-[12rem_minmax(0,1fr)]">
            <SelectField
              label={`${row.label} category`}
              path={`${row.path}.category`}
              value={lesson.category}
              options={lessonCategoryOptions}
              onChange={(category) => row.update({ category })}
            />
            <TextAreaField
              label={`${row.label} text`}
              path={`${row.path}.text`}
              nullable={false}
              rows={2}
              value={lesson.text}
              onChange={(text) => row.update({ text: text ?? "" })}
            />
          </div>
        )}
      />
    </EditorSection>
  );
}

export function FollowUpSection({ doc, edit }: Props) {
  const followUp = doc.followUp;
  return (
    <EditorSection id="follow-up" title="Follow-up review" helpKey="followUp">
      {followUp ? (
        <div className="grid gap-3">
          <DateTimeField
            label="Follow-up review date"
            path="followUp.scheduledAt"
            nullable={false}
            value={followUp.scheduledAt}
            onChange={(scheduledAt) => edit((d) => ({ ...d, followUp: d.followUp && { ...d.followUp, scheduledAt: scheduledAt ?? "" } }))}
          />
          <MarkdownField
            label="Follow-up note"
            path="followUp.note"
            rows={3}
            value={followUp.note}
            onChange={(note) => edit((d) => ({ ...d, followUp: d.followUp && { ...d.followUp, note } }))}
          />
          <div>
            <button type="button" className="text-sm font-medium text-red-700 hover:underline" onClick={() => edit((d) => ({ ...d, followUp: null }))}>
              Remove follow-up review
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="rounded-md px-3 py-1.5 text-sm font-semibold text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50"
          onClick={() => {
            // four weeks out, at 09:00 in the report's zone: a date to adjust rather than type
            edit((d) => ({ ...d, followUp: { scheduledAt: atHourDaysLater(Date.now(), 28, 9, d.timeZone), note: null } }));
          }}
        >
          + Schedule a follow-up review
        </button>
      )}
    </EditorSection>
  );
}

export function ExtraSectionsSection({ doc, edit, unmatchedTemplateSections }: Props & { unmatchedTemplateSections: TemplateSection[] }) {
  const missing = unmatchedTemplateSections.filter(
    (section) => !doc.extraSections.some((extra) => extra.heading.trim().toLowerCase() === section.title.trim().toLowerCase()),
  );
  return (
    <EditorSection id="extra-sections" title="Other sections">
      {missing.length ? (
        <div className="space-y-2 rounded-md bg-indigo-50 p-3 text-xs text-indigo-900 ring-1 ring-inset ring-indigo-100">
          <p className="font-semibold">The template also asks for:</p>
          <ul className="space-y-1">
            {missing.map((section) => (
              <li key={section.key} className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{section.title}</span>
                <span>{section.help}</span>
                <button
                  type="button"
                  className="font-semibold text-indigo-700 hover:underline"
                  onClick={() => edit((d) => ({ ...d, extraSections: [...d.extraSections, { heading: section.title, body: "" }] }))}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ListEditor<ExtraSection>
        items={doc.extraSections}
        onChange={(extraSections) => edit((d) => ({ ...d, extraSections }))}
        itemLabel="Section"
        path="extraSections"
        addLabel="Add section"
        reorderable
        emptyText="No other sections."
        newItem={() => ({ heading: "", body: "" })}
        renderItem={(section, _index, row) => (
          <div className="grid gap-2">
            <TextField
              label={`${row.label} heading`}
              path={`${row.path}.heading`}
              value={section.heading}
              onChange={(heading) => row.update({ heading: heading ?? "" })}
            />
            <MarkdownField
              label={`${row.label} body`}
              path={`${row.path}.body`}
              rows={4}
              value={section.body}
              onChange={(body) => row.update({ body: body ?? "" })}
            />
          </div>
        )}
      />
    </EditorSection>
  );
}

export function PeopleSection({ doc, edit }: Props) {
  return (
    <EditorSection id="people" title="Prepared and reviewed by">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Prepared by" path="preparedBy" nullable value={doc.preparedBy} onChange={(preparedBy) => edit((d) => ({ ...d, preparedBy }))} />
        <TextField label="Reviewed by" path="reviewedBy" nullable value={doc.reviewedBy} onChange={(reviewedBy) => edit((d) => ({ ...d, reviewedBy }))} />
      </div>
    </EditorSection>
  );
}
