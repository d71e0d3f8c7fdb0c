"use client";

import { useActionState } from "react";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string | null }) {
  const [state, formAction, pending] = useActionState(signInWithPassword, null);
  const failure = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage message={failure ? failure.message : initialError} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <Field label="Email" name="email" error={failure?.fieldErrors.email}>
        <Input name="email" type="email" autoComplete="username" required defaultValue={failure?.values?.email ?? ""} error={failure?.fieldErrors.email} />
      </Field>
      <Field label="Password" name="password" error={failure?.fieldErrors.password}>
        <Input name="password" type="password" autoComplete="current-password" required error={failure?.fieldErrors.password} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
