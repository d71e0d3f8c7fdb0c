"use client";

// "Add action item": a new item in an incident the user picks, outside the report editor.
import { useActionState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { IncidentOption, PersonOption } from "@/lib/action-items/schema";
import { PRIORITIES } from "@/lib/action-items/schema";
import { Field, FormMessage, Input, Select, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { PRIORITY_LABELS } from "@/components/action-items/labels";

type FormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

export function NewActionItemForm({
  action,
  incidents,
  people,
  incident,
  meId,
}: {
  action: FormAction;
  incidents: IncidentOption[];
  people: PersonOption[];
  /** public id to preselect */
  incident?: string;
  meId: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const value = (name: string, fallback = "") => failed?.values?.[name] ?? fallback;
  return (
    <form
      action={formAction}
      className="max-w-2xl space-y-4 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200"
      noValidate
      data-testid="new-action-item-form"
    >
      <FormMessage message={failed?.message} />
      <Field label="Incident" name="incident" error={errors.incident} hint="Only incidents you may see are listed.">
        <Select name="incident" defaultValue={value("incident", incident ?? "")} error={errors.incident} required>
          <option value="">Pick an incident…</option>
          {incidents.map((option) => (
            <option key={option.id} value={option.publicId}>
              {option.publicId} · {option.title}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Title" name="title" error={errors.title}>
        <Input name="title" defaultValue={value("title")} error={errors.title} required maxLength={500} />
      </Field>
      <Field label="Description" name="description" error={errors.description}>
        <textarea id="description" name="description" rows={3} defaultValue={value("description")} className={inputClass} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Owner" name="ownerId" error={errors.ownerId}>
          <Select name="ownerId" defaultValue={value("ownerId", meId)} error={errors.ownerId}>
            <option value="">Unassigned</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Due date" name="dueDate" error={errors.dueDate}>
          <Input name="dueDate" type="date" defaultValue={value("dueDate")} error={errors.dueDate} />
        </Field>
        <Field label="Priority" name="priority" error={errors.priority}>
          <Select name="priority" defaultValue={value("priority", "MEDIUM")} error={errors.priority}>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {PRIORITY_LABELS[priority]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="Tracker link" name="trackerUrl" error={errors.trackerUrl} hint="Jira, GitHub, Linear… an http(s) link.">
        <Input name="trackerUrl" type="url" defaultValue={value("trackerUrl")} error={errors.trackerUrl} placeholder="https://jira.example.com/browse/OPS-12" />
      </Field>
      <Button type="submit" disabled={pending}>
        Add action item
      </Button>
    </form>
  );
}
