"use client";

import { useActionState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

export function SetupForm({ action }: { action: (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage message={failure?.message} />
      <Field label="Your name" name="name" error={failure?.fieldErrors.name}>
        <Input name="name" autoComplete="name" required defaultValue={failure?.values?.name ?? ""} error={failure?.fieldErrors.name} />
      </Field>
      <Field label="Email" name="email" error={failure?.fieldErrors.email}>
        <Input name="email" type="email" autoComplete="username" required defaultValue={failure?.values?.email ?? ""} error={failure?.fieldErrors.email} />
      </Field>
      <Field label="Password" name="password" error={failure?.fieldErrors.password} hint="At least 12 characters.">
        <Input name="password" type="password" autoComplete="new-password" required error={failure?.fieldErrors.password} />
      </Field>
      <input type="hidden" name="timeZone" value={typeof Intl !== "undefined" ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC"} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating…" : "Create admin account"}
      </Button>
    </form>
  );
}
