"use client";

import { useActionState, type FormEvent } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import { Field, FormMessage, Input, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

type FormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

export type ServiceRow = { id: string; name: string; team: string | null; description: string | null; incidentCount: number };

export function CreateServiceForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-3" noValidate data-testid="create-service-form">
      <div className="sm:col-span-3">
        <FormMessage message={failure?.message} />
        {state?.ok ? <FormMessage tone="success" message={state.message} /> : null}
      </div>
      <Field label="Name" name="name" error={failure?.fieldErrors.name} hint="Unique, ignoring case.">
        <Input name="name" required maxLength={100} defaultValue={failure?.values?.name} error={failure?.fieldErrors.name} />
      </Field>
      <Field label="Team" name="team" error={failure?.fieldErrors.team} hint="Optional: who owns it.">
        <Input name="team" maxLength={100} defaultValue={failure?.values?.team} error={failure?.fieldErrors.team} />
      </Field>
      <Field label="Description" name="description" error={failure?.fieldErrors.description} hint="Optional.">
        <Input name="description" maxLength={2000} defaultValue={failure?.values?.description} error={failure?.fieldErrors.description} />
      </Field>
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add service"}
        </Button>
      </div>
    </form>
  );
}

/** One row of the catalog: rename and describe in place. The inputs are labelled for screen readers by the row's name. */
export function EditServiceForm({ service, action }: { service: ServiceRow; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  const value = (field: "name" | "team" | "description") => failure?.values?.[field] ?? service[field] ?? "";
  const fieldId = (field: string) => `service-${service.id}-${field}`;
  const errorLine = (field: string) =>
    failure?.fieldErrors[field] ? (
      <p className="mt-1 text-xs text-red-700" data-testid={`${field}-error`}>
        {failure.fieldErrors[field]}
      </p>
    ) : null;
  return (
    <form action={formAction} className="grid gap-2 md:grid-cols-[minmax(0,2fr)_minmax(0,1.5fr)_minmax(0,3fr)_auto] md:items-start" noValidate>
      <input type="hidden" name="id" value={service.id} />
      <div>
        <label htmlFor={fieldId("name")} className="sr-only">
          Name of {service.name}
        </label>
        <input
          id={fieldId("name")}
          name="name"
          className={inputClass}
          maxLength={100}
          defaultValue={value("name")}
          aria-invalid={failure?.fieldErrors.name ? true : undefined}
        />
        {errorLine("name")}
      </div>
      <div>
        <label htmlFor={fieldId("team")} className="sr-only">
          Team of {service.name}
        </label>
        <input id={fieldId("team")} name="team" className={inputClass} maxLength={100} placeholder="Team" defaultValue={value("team")} />
        {errorLine("team")}
      </div>
      <div>
        <label htmlFor={fieldId("description")} className="sr-only">
          Description of {service.name}
        </label>
        <input
          id={fieldId("description")}
          name="description"
          className={inputClass}
          maxLength={2000}
          placeholder="Description"
          defaultValue={value("description")}
        />
        {errorLine("description")}
      </div>
      <div className="flex items-center gap-2">
        <Button type="submit" variant="secondary" className="px-2 py-1" disabled={pending} aria-label={`Save ${service.name}`}>
          Save
        </Button>
        {state?.ok ? <span className="text-xs text-emerald-700">{state.message}</span> : null}
      </div>
      {failure && Object.keys(failure.fieldErrors).length === 0 ? (
        <p className="text-xs text-red-700 md:col-span-4" data-testid="row-error">
          {failure.message}
        </p>
      ) : null}
    </form>
  );
}

export function DeleteServiceButton({ service, action }: { service: ServiceRow; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const inUse = service.incidentCount > 0;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Delete the service “${service.name}”?`)) event.preventDefault();
  };
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex items-center gap-2">
      <input type="hidden" name="id" value={service.id} />
      <Button
        type="submit"
        variant="ghost"
        className="px-2 py-1 text-red-700 disabled:text-slate-400"
        disabled={pending || inUse}
        title={inUse ? "Listed in incidents: rename it instead" : undefined}
        aria-label={`Delete ${service.name}`}
      >
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
