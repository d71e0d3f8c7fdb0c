"use client";

// Starting a report: a template and the header. The action creates it and opens the editor.
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import { INCIDENT_STATUSES, type IncidentStatus } from "@/lib/incidents/enums";
import type { TemplateSection } from "@/lib/templates/default-template";
import { Button } from "@/components/ui/button";
import { CheckboxField, DateTimeField, FieldErrorsContext, SelectField, TextField } from "@/components/incidents/editor/fields";
import { FormMessage } from "@/components/ui/field";
import { severityOptions, statusOptions } from "@/components/incidents/editor/options";
import { editorPath } from "@/components/incidents/editor/document-ops";

/** `id` null: the built-in default template, used while none is stored (a report started from it records none). */
type TemplateOption = { id: string | null; name: string; sections: TemplateSection[]; isDefault: boolean };

export function NewReportForm({
  templates,
  severityScale,
  action,
}: {
  templates: TemplateOption[];
  severityScale: string[];
  action: (prev: ActionPrevState, input: unknown) => Promise<ActionState>;
}) {
  const [state, dispatch, pending] = useActionState(action, null);
  const [templateId, setTemplateId] = useState(() => (templates.find((template) => template.isDefault) ?? templates[0])?.id ?? "");
  const template = templates.find((candidate) => (candidate.id ?? "") === templateId);
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState(severityScale[Math.min(1, severityScale.length - 1)] ?? "");
  const [status, setStatus] = useState<IncidentStatus>(INCIDENT_STATUSES[0]);
  const [startedAt, setStartedAt] = useState<string | null>(null);
  const [isPrivate, setPrivate] = useState(false);

  const errors = state && !state.ok ? Object.fromEntries(Object.entries(state.fieldErrors).map(([path, message]) => [editorPath(path), message])) : {};

  // a refused form takes the user to the first field it names
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state && !state.ok) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = {
      templateId: templateId || null,
      document: { title, severity, status, startedAt, private: isPrivate },
    };
    startTransition(() => dispatch(input));
  };

  return (
    <FieldErrorsContext.Provider value={errors}>
      <form ref={formRef} onSubmit={submit} noValidate className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]" data-testid="new-report-form">
        <div className="space-y-4 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200">
          <FormMessage message={state && !state.ok ? state.message : null} />
          <SelectField
            label="Template"
            value={templateId}
            options={templates.map((option) => ({ value: option.id ?? "", label: option.isDefault ? `${option.name} (default)` : option.name }))}
            onChange={setTemplateId}
          />
          <TextField
            label="Title"
            path="title"
            value={title}
            onChange={(value) => setTitle(value ?? "")}
            placeholder="Production database connection pool exhaustion"
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField label="Severity" path="severity" value={severity} options={severityOptions(severityScale, severity)} onChange={setSeverity} />
            <SelectField label="Status" path="status" value={status} options={statusOptions} onChange={setStatus} />
          </div>
          {/* a new report's times are in UTC (its zone can be changed in the editor), so the label names it */}
          <DateTimeField
            label="Start (UTC)"
            path="startedAt"
            value={startedAt}
            onChange={setStartedAt}
            hint="When the incident began, written YYYY-MM-DD HH:MM (24-hour). You can fill it in later."
          />
          <CheckboxField label="Private: only participants, managers and admins see it" path="private" checked={isPrivate} onChange={setPrivate} />
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create report"}
          </Button>
        </div>
        {template ? (
          <aside className="h-fit space-y-3 rounded-lg bg-indigo-50 p-5 text-sm ring-1 ring-indigo-100" aria-label="Template sections">
            <h2 className="font-semibold text-indigo-950">{template.name}</h2>
            <ol className="space-y-2">
              {template.sections.map((section) => (
                <li key={section.key}>
                  <p className="font-medium text-indigo-950">{section.title}</p>
                  <p className="text-xs text-indigo-900">{section.help}</p>
                </li>
              ))}
            </ol>
          </aside>
        ) : null}
      </form>
    </FieldErrorsContext.Provider>
  );
}
