"use client";

import type { ActionItem, ReportDocument } from "@/lib/incidents/schema";
import { EditorSection } from "@/components/incidents/editor/editor-section";
import { CheckboxField, DateField, SelectField, TextField } from "@/components/incidents/editor/fields";
import { ListEditor } from "@/components/incidents/editor/list-editor";
import { priorityOptions } from "@/components/incidents/editor/options";
import type { EditDocument } from "@/components/incidents/editor/header-section";

export type OwnerOption = { email: string; name: string };

/** The picker's value for "the name the report gave" (no email looks like it). */
const KEPT_NAME = "(name)";

function ownerOptions(people: OwnerOption[], item: ActionItem) {
  const current = item.ownerEmail;
  const options = [{ value: "", label: "No owner yet" }, ...people.map((person) => ({ value: person.email, label: `${person.name} <${person.email}>` }))];
  // an owner who is no longer in the list (deactivated) stays visible and selected
  if (current && !people.some((person) => person.email.toLowerCase() === current.toLowerCase())) options.push({ value: current, label: current });
  // an owner an imported report named who is not a user here, until a user is chosen
  if (!current && item.ownerName) options.unshift({ value: KEPT_NAME, label: `${item.ownerName} (not a user)` });
  return options;
}

function ownerValue(item: ActionItem): string {
  return item.ownerEmail ?? (item.ownerName ? KEPT_NAME : "");
}

export function ActionItemsSection({
  doc,
  edit,
  people,
  savedStatus,
}: {
  doc: ReportDocument;
  edit: EditDocument;
  people: OwnerOption[];
  savedStatus: (id: string | undefined) => ActionItem["status"] | undefined;
}) {
  return (
    <EditorSection id="action-items" title="Action items" helpKey="actionItems">
      <ListEditor<ActionItem>
        items={doc.actionItems}
        onChange={(actionItems) => edit((d) => ({ ...d, actionItems }))}
        itemLabel="Action item"
        path="actionItems"
        addLabel="Add action item"
        reorderable
        emptyText="No action items yet."
        newItem={() => ({ title: "", description: null, ownerEmail: null, ownerName: undefined, dueDate: null, priority: "MEDIUM", status: "OPEN" })}
        renderItem={(item, _index, row) => (
          <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1.5fr)_auto_auto]">
            <TextField
              label={`${row.label} title`}
              path={`${row.path}.title`}
              className="sm:col-span-2 lg:col-span-4"
              value={item.title}
              onChange={(title) => row.update({ title: title ?? "" })}
            />
            <SelectField
              label={`${row.label} owner`}
              path={`${row.path}.ownerEmail`}
              value={ownerValue(item)}
              options={ownerOptions(people, item)}
              hint={!item.ownerEmail && item.ownerName ? `${item.ownerName} is not a user here, so gets no reminders: choose a user to assign it.` : undefined}
              // choosing a user (or nobody) replaces the name
              onChange={(value) => {
                if (value !== KEPT_NAME) row.update({ ownerEmail: value || null, ownerName: undefined });
              }}
            />
            <DateField label={`${row.label} due date`} path={`${row.path}.dueDate`} value={item.dueDate} onChange={(dueDate) => row.update({ dueDate })} />
            <SelectField
              label={`${row.label} priority`}
              path={`${row.path}.priority`}
              value={item.priority}
              options={priorityOptions}
              onChange={(priority) => row.update({ priority })}
            />
            <CheckboxField
              label={`${row.label} done`}
              path={`${row.path}.status`}
              className="self-end pb-2"
              checked={item.status === "DONE"}
              onChange={(done) => {
                // Undoing "done" goes back to what was stored (in progress, won't do), else to open.
                const stored = savedStatus(item.id);
                row.update({ status: done ? "DONE" : stored && stored !== "DONE" ? stored : "OPEN" });
              }}
            />
          </div>
        )}
      />
    </EditorSection>
  );
}
