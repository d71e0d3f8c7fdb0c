"use client";

import { useActionState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import { Field, FormMessage, Input, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

const roles = [
  { value: "VIEWER", label: "Viewer: reads reports" },
  { value: "SRE", label: "SRE: writes reports" },
  { value: "MANAGER", label: "Manager: reviews and signs off" },
  { value: "ADMIN", label: "Admin: users and settings" },
];

type CreateState = ActionState<{ generatedPassword: string | null }>;

export function CreateUserForm({
  action,
}: {
  action: (prev: ActionPrevState<{ generatedPassword: string | null }>, formData: FormData) => Promise<CreateState>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-2" noValidate data-testid="create-user-form">
      <div className="sm:col-span-2">
        <FormMessage message={failure?.message} />
        {state?.ok ? (
          <FormMessage
            tone="success"
            message={`${state.message ?? ""}${state.data?.generatedPassword ? ` Their password (shown once): ${state.data.generatedPassword}` : ""}`}
          />
        ) : null}
      </div>
      <Field label="Email" name="email" error={failure?.fieldErrors.email}>
        <Input name="email" type="email" required defaultValue={failure?.values?.email} error={failure?.fieldErrors.email} />
      </Field>
      <Field label="Name" name="name" error={failure?.fieldErrors.name}>
        <Input name="name" defaultValue={failure?.values?.name} error={failure?.fieldErrors.name} />
      </Field>
      <Field label="Role" name="role" error={failure?.fieldErrors.role}>
        <Select name="role" defaultValue={failure?.values?.role || "SRE"} error={failure?.fieldErrors.role}>
          {roles.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Password" name="password" error={failure?.fieldErrors.password} hint="Leave empty to generate one (12+ characters).">
        <Input name="password" type="password" autoComplete="new-password" error={failure?.fieldErrors.password} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
      </div>
    </form>
  );
}

export function RoleForm({
  userId,
  role,
  action,
}: {
  userId: string;
  role: string;
  action: (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <select name="role" defaultValue={role} aria-label="Role" className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300">
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.value.charAt(0) + r.value.slice(1).toLowerCase()}
          </option>
        ))}
      </select>
      <Button type="submit" variant="secondary" className="px-2 py-1" disabled={pending}>
        Save
      </Button>
      {state && !state.ok ? (
        <span className="text-xs text-red-700" data-testid="row-error">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}

export function ActiveForm({
  userId,
  active,
  action,
}: {
  userId: string;
  active: boolean;
  action: (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <Button type="submit" variant={active ? "secondary" : "primary"} className="px-2 py-1" disabled={pending}>
        {active ? "Deactivate" : "Reactivate"}
      </Button>
      {state && !state.ok ? (
        <span className="text-xs text-red-700" data-testid="row-error">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
