"use client";

import { useActionState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import { Field, FormMessage, Input } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

type FormAction<T = unknown> = (prev: ActionPrevState<T>, formData: FormData) => Promise<ActionState<T>>;

function StateMessages({ state }: { state: ActionState<unknown> | null }) {
  if (!state) return null;
  return state.ok ? <FormMessage tone="success" message={state.message} /> : <FormMessage message={state.message} />;
}

export function ProfileForm({
  action,
  name,
  timeZone,
  receiveDigests,
  receiveReminders,
  timeZones,
}: {
  action: FormAction;
  name: string;
  timeZone: string;
  receiveDigests: boolean;
  receiveReminders: boolean;
  timeZones: string[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <StateMessages state={state} />
      <Field label="Name" name="name" error={errors.name}>
        <Input name="name" defaultValue={name} error={errors.name} />
      </Field>
      <Field label="Time zone" name="timeZone" error={errors.timeZone} hint="Times in the app and in reminder emails use it.">
        <Input name="timeZone" defaultValue={timeZone} list="time-zones" error={errors.timeZone} />
      </Field>
      <datalist id="time-zones">
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="receiveReminders" defaultChecked={receiveReminders} className="h-4 w-4 rounded border-slate-300" />
        Email me reminders (due dates, follow-ups, reviews waiting, postmortems owed)
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="receiveDigests" defaultChecked={receiveDigests} className="h-4 w-4 rounded border-slate-300" />
        Send me digest emails
      </label>
      <Button type="submit" disabled={pending}>
        Save profile
      </Button>
    </form>
  );
}

export function PasswordForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <StateMessages state={state} />
      <Field label="Current password" name="currentPassword" error={errors.currentPassword}>
        <Input name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} />
      </Field>
      <Field label="New password" name="newPassword" error={errors.newPassword} hint="At least 12 characters.">
        <Input name="newPassword" type="password" autoComplete="new-password" error={errors.newPassword} />
      </Field>
      <Field label="Repeat new password" name="confirmPassword" error={errors.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" error={errors.confirmPassword} />
      </Field>
      <Button type="submit" disabled={pending}>
        Change password
      </Button>
    </form>
  );
}

/** "Sign out everywhere": for a lost laptop or a shared computer left signed in. */
export function EndSessionsForm({ action }: { action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="space-y-3" noValidate>
      <StateMessages state={state} />
      <p className="text-sm text-slate-600">
        Signed in on a computer you no longer use? This ends every session of your account, this one included. API tokens are not affected.
      </p>
      <Button type="submit" variant="secondary" disabled={pending}>
        Sign out everywhere
      </Button>
    </form>
  );
}

export function CreateTokenForm({ action }: { action: FormAction<{ plaintext: string }> }) {
  const [state, formAction, pending] = useActionState(action, null);
  const errors = state && !state.ok ? state.fieldErrors : {};
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <StateMessages state={state} />
      {state?.ok && state.data ? (
        <code className="block break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-sm text-emerald-300" data-testid="new-token">
          {state.data.plaintext}
        </code>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" name="name" error={errors.name} hint="What uses it, e.g. “CI import job”.">
          <Input name="name" defaultValue={state && !state.ok ? state.values?.name : ""} error={errors.name} />
        </Field>
        <Field label="Expires after (days)" name="expiresInDays" error={errors.expiresInDays} hint="Empty: never expires.">
          <Input name="expiresInDays" inputMode="numeric" error={errors.expiresInDays} />
        </Field>
      </div>
      <Button type="submit" disabled={pending}>
        Create token
      </Button>
    </form>
  );
}

export function RevokeTokenButton({ tokenId, action }: { tokenId: string; action: FormAction }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="tokenId" value={tokenId} />
      <Button type="submit" variant="secondary" className="px-2 py-1" disabled={pending}>
        Revoke
      </Button>
      {state && !state.ok ? <span className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
