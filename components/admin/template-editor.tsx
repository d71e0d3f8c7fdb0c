"use client";

import { startTransition, useActionState, useId, useRef, useState, type FormEvent } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import { REPORT_SECTION_KEYS, REPORT_SECTION_LABELS, isReportSectionKey, type TemplateSection } from "@/lib/templates/schema";
import { Field, FormMessage, Input, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";

type FormAction<T = unknown> = (prev: ActionPrevState<T>, formData: FormData) => Promise<ActionState<T>>;

export type EditableTemplate = {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  sections: TemplateSection[];
  /** ISO version stamp */
  updatedAt: string;
};

/** How a section's help text appears above its field while writing a report; the preview uses the same markup. */
export function SectionHelp({ title, help, id }: { title: string; help: string; id?: string }) {
  return (
    <div>
      <h3 className="text-base font-semibold text-slate-900" id={id}>
        {title || "Untitled section"}
      </h3>
      {help ? <p className="mt-0.5 text-sm text-slate-500">{help}</p> : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The list page: create, make default, delete

export function CreateTemplateForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-2" noValidate data-testid="create-template-form">
      <div className="sm:col-span-2">
        <FormMessage message={failure?.message} />
      </div>
      <Field label="Name" name="name" error={failure?.fieldErrors.name}>
        <Input name="name" required maxLength={120} defaultValue={failure?.values?.name} error={failure?.fieldErrors.name} />
      </Field>
      <Field label="Description" name="description" error={failure?.fieldErrors.description} hint="Optional: when to use this template.">
        <Input name="description" maxLength={500} defaultValue={failure?.values?.description} error={failure?.fieldErrors.description} />
      </Field>
      <div className="sm:col-span-2 flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create template"}
        </Button>
        <p className="text-xs text-slate-500">It starts as a copy of the default template&apos;s sections; edit them next.</p>
      </div>
    </form>
  );
}

export function SetDefaultTemplateButton({ id, name, action }: { id: string; name: string; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" className="px-2 py-1" disabled={pending} aria-label={`Make “${name}” the default`}>
        Make default
      </Button>
      {state && !state.ok ? (
        <span className="text-xs text-red-700" data-testid="row-error">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}

export function DeleteTemplateButton({ id, name, incidentCount, action }: { id: string; name: string; incidentCount: number; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const used = incidentCount ? ` ${incidentCount} report(s) started from it keep their content.` : "";
    if (!window.confirm(`Delete the template “${name}”?${used}`)) event.preventDefault();
  };
  return (
    <form action={formAction} onSubmit={onSubmit} className="inline-flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="ghost" className="px-2 py-1 text-red-700" disabled={pending} aria-label={`Delete “${name}”`}>
        Delete
      </Button>
      {state && !state.ok ? (
        <span className="text-xs text-red-700" data-testid="row-error">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The editor

type DraftSection = TemplateSection & { uid: string };

/** "Customer communication" -> "customerCommunication": unique among `taken`, and never a built-in section's key. */
function customKey(title: string, taken: Set<string>): string {
  const words = title
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9 ]+/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let base = words.map((word, index) => (index === 0 ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase())).join("");
  if (!/^[A-Za-z]/.test(base)) base = `custom${base}`;
  let key = base;
  const used = (candidate: string) => taken.has(candidate.toLowerCase()) || isReportSectionKey(candidate);
  for (let n = 2; used(key); n++) key = `${base}${n}`;
  return key;
}

const CUSTOM = "__custom";

/**
 * Edits a template: name, description, and the ordered sections (add, remove, move, retitle, help text), with a
 * preview of how the help text appears while writing. The whole template is saved at once with the version stamp it
 * was loaded with; a save over someone else's newer save is refused, and what was typed stays in the form.
 */
export function TemplateEditor({ template, action }: { template: EditableTemplate; action: FormAction<{ updatedAt: string }> }) {
  const [name, setName] = useState(template.name);
  const [description, setDescription] = useState(template.description ?? "");
  // uids key the rows and their input ids; counted from the loaded sections so server and client render the same ids
  const [sections, setSections] = useState<DraftSection[]>(() => template.sections.map((section, index) => ({ ...section, uid: `s${index}` })));
  const nextUid = useRef(template.sections.length);
  const [toAdd, setToAdd] = useState<string>(CUSTOM);
  const stamp = useRef(template.updatedAt);
  const baseId = useId();

  // The stamp travels in a ref, not in state: a save updates it without re-rendering, and the next save sends it.
  const [state, formAction, pending] = useActionState<ActionState<{ updatedAt: string }> | null, FormData>(async (prev, formData) => {
    formData.set("expectedUpdatedAt", stamp.current);
    const result = await action(prev, formData);
    if (result.ok && result.data) stamp.current = result.data.updatedAt;
    return result;
  }, null);
  const failure = state && !state.ok ? state : null;
  const fieldError = (path: string) => failure?.fieldErrors[path];

  const usedKeys = new Set(sections.map((section) => section.key.toLowerCase()));
  const addable = REPORT_SECTION_KEYS.filter((key) => !usedKeys.has(key.toLowerCase()));

  const update = (uid: string, patch: Partial<TemplateSection>) =>
    setSections((current) => current.map((section) => (section.uid === uid ? { ...section, ...patch } : section)));
  // A custom section's key follows its title until someone edits the key itself.
  const retitle = (uid: string, title: string) =>
    setSections((current) =>
      current.map((section) => {
        if (section.uid !== uid) return section;
        if (isReportSectionKey(section.key)) return { ...section, title };
        const others = new Set(current.filter((other) => other.uid !== uid).map((other) => other.key.toLowerCase()));
        const keyFollowsTitle = section.key === customKey(section.title, others);
        return { ...section, title, key: keyFollowsTitle && title.trim() ? customKey(title, others) : section.key };
      }),
    );
  const move = (index: number, by: -1 | 1) =>
    setSections((current) => {
      const next = [...current];
      const [moved] = next.splice(index, 1);
      next.splice(index + by, 0, moved!);
      return next;
    });
  const remove = (uid: string) => setSections((current) => current.filter((section) => section.uid !== uid));
  const add = () => {
    const section =
      toAdd !== CUSTOM && isReportSectionKey(toAdd)
        ? { key: toAdd, title: REPORT_SECTION_LABELS[toAdd], help: "" }
        : { key: customKey("Custom section", usedKeys), title: "Custom section", help: "" };
    setSections((current) => [...current, { ...section, uid: `s${nextUid.current++}` }]);
    setToAdd(CUSTOM);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault(); // the form is sent by hand: React's automatic reset after an action would drop the edits
    const formData = new FormData();
    formData.set("id", template.id);
    formData.set("name", name);
    formData.set("description", description);
    formData.set("sections", JSON.stringify(sections.map(({ key, title, help }) => ({ key, title, help }))));
    startTransition(() => formAction(formData));
  };

  return (
    <form onSubmit={submit} noValidate className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-testid="template-editor">
      <div className="space-y-6">
        <section className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 space-y-4" aria-labelledby={`${baseId}-details`}>
          <div className="flex items-center gap-3">
            <h2 id={`${baseId}-details`} className="text-lg font-semibold">
              Template
            </h2>
            {template.isDefault ? <Badge tone="indigo">Default for new reports</Badge> : null}
          </div>
          <Field label="Name" name="template-name" error={fieldError("name")}>
            <input
              id="template-name"
              className={inputClass}
              value={name}
              maxLength={120}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={fieldError("name") ? true : undefined}
            />
          </Field>
          <Field label="Description" name="template-description" error={fieldError("description")} hint="Optional: when to use this template.">
            <input
              id="template-description"
              className={inputClass}
              value={description}
              maxLength={500}
              onChange={(event) => setDescription(event.target.value)}
            />
          </Field>
        </section>

        <section className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" aria-labelledby={`${baseId}-sections`}>
          <h2 id={`${baseId}-sections`} className="text-lg font-semibold">
            Sections
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            In the order a report shows them, each with one or two sentences of help shown above it while writing. Built-in sections fill the report&apos;s
            structured parts; custom sections become extra free-text sections.
          </p>
          {fieldError("sections") ? (
            <p className="mt-2 text-sm text-red-700" data-testid="sections-error">
              {fieldError("sections")}
            </p>
          ) : null}

          <ol className="mt-4 space-y-4">
            {sections.map((section, index) => {
              const id = `${baseId}-${section.uid}`;
              const known = isReportSectionKey(section.key);
              const titleError = fieldError(`sections.${index}.title`);
              const keyError = fieldError(`sections.${index}.key`);
              const helpError = fieldError(`sections.${index}.help`);
              return (
                <li
                  key={section.uid}
                  className="rounded-md p-4 ring-1 ring-slate-200"
                  data-testid={`template-section-${section.key}`}
                  aria-label={`Section ${index + 1}: ${section.title || "untitled"}`}
                >
                  <div className="mb-3 flex flex-wrap items-center gap-2">
                    <span className="text-sm font-semibold text-slate-500">{index + 1}.</span>
                    {known ? <Badge tone="gray">Built-in: {section.key}</Badge> : <Badge tone="blue">Custom</Badge>}
                    <div className="ml-auto flex gap-1">
                      <Button
                        type="button"
                        variant="ghost"
                        className="px-2 py-1"
                        disabled={index === 0}
                        onClick={() => move(index, -1)}
                        aria-label={`Move “${section.title}” up`}
                      >
                        ↑ Up
                      </Button>
                      <Button
                        type="button"
                        variant="ghost"
                        className="px-2 py-1"
                        disabled={index === sections.length - 1}
                        onClick={() => move(index, 1)}
                        aria-label={`Move “${section.title}” down`}
                      >
                        ↓ Down
                      </Button>
                      <Button
                        type="button"
                        variant="ghost"
                        className="px-2 py-1 text-red-700"
                        onClick={() => remove(section.uid)}
                        aria-label={`Remove “${section.title}”`}
                      >
                        Remove
                      </Button>
                    </div>
                  </div>
                  <div className="grid gap-3 sm:grid-cols-2">
                    <Field label="Title" name={`${id}-title`} error={titleError}>
                      <input
                        id={`${id}-title`}
                        className={inputClass}
                        value={section.title}
                        maxLength={120}
                        onChange={(event) => retitle(section.uid, event.target.value)}
                        aria-invalid={titleError ? true : undefined}
                      />
                    </Field>
                    {known ? null : (
                      <Field label="Key" name={`${id}-key`} error={keyError} hint="Letters and digits; names the section in exports and the API.">
                        <input
                          id={`${id}-key`}
                          className={inputClass}
                          value={section.key}
                          maxLength={60}
                          onChange={(event) => update(section.uid, { key: event.target.value })}
                          aria-invalid={keyError ? true : undefined}
                        />
                      </Field>
                    )}
                    <div className="sm:col-span-2">
                      <Field label="Help text" name={`${id}-help`} error={helpError}>
                        <textarea
                          id={`${id}-help`}
                          className={inputClass}
                          rows={2}
                          value={section.help}
                          maxLength={1000}
                          onChange={(event) => update(section.uid, { help: event.target.value })}
                          aria-invalid={helpError ? true : undefined}
                        />
                      </Field>
                    </div>
                  </div>
                </li>
              );
            })}
          </ol>

          <div className="mt-4 flex flex-wrap items-end gap-2">
            <div className="space-y-1">
              <label htmlFor={`${baseId}-add`} className="block text-sm font-medium text-slate-700">
                Add a section
              </label>
              <select id={`${baseId}-add`} className={inputClass} value={toAdd} onChange={(event) => setToAdd(event.target.value)}>
                <option value={CUSTOM}>Custom section</option>
                {addable.map((key) => (
                  <option key={key} value={key}>
                    {REPORT_SECTION_LABELS[key]}
                  </option>
                ))}
              </select>
            </div>
            <Button type="button" variant="secondary" onClick={add}>
              Add section
            </Button>
          </div>
        </section>

        {/* stays in view while scrolling a long template, with the outcome of the last save beside the button */}
        <div className="sticky bottom-0 z-10 -mx-1 flex flex-wrap items-center gap-3 bg-slate-50/95 px-1 py-3" aria-live="polite">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save template"}
          </Button>
          <FormMessage message={failure?.message} />
          {state?.ok ? <FormMessage tone="success" message={state.message} /> : null}
        </div>
      </div>

      <aside className="lg:sticky lg:top-4 lg:self-start" aria-labelledby={`${baseId}-preview`}>
        <div className="rounded-lg bg-slate-50 p-6 ring-1 ring-slate-200">
          <h2 id={`${baseId}-preview`} className="text-sm font-semibold uppercase tracking-wide text-slate-500">
            Preview: writing a report
          </h2>
          <div className="mt-4 space-y-5" data-testid="template-preview">
            {sections.map((section) => (
              <div key={section.uid} className="space-y-2">
                <SectionHelp title={section.title} help={section.help} />
                <div className="h-10 rounded-md bg-white ring-1 ring-inset ring-slate-200" aria-hidden="true" />
              </div>
            ))}
            {sections.length === 0 ? <p className="text-sm text-slate-500">No sections yet.</p> : null}
          </div>
        </div>
      </aside>
    </form>
  );
}
