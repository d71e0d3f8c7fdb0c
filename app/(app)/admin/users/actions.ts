"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { createUser, setUserActive, updateUserRole } from "@/lib/users/mutations";

export async function createUserAction(_prev: ActionPrevState<{ generatedPassword: string | null }>, formData: FormData) {
  const input = formDataToObject(formData);
  const actor = await actorFromSession();
  const state = await toActionState(() => createUser(input, actor), {
    includeData: true,
    message: ({ user }) => `Added ${user.email}.`,
    values: { email: String(input.email ?? ""), name: String(input.name ?? ""), role: String(input.role ?? "") },
  });
  if (!state.ok) return state;
  return { ok: true, message: state.message, data: { generatedPassword: state.data?.generatedPassword ?? null } } satisfies ActionState<{
    generatedPassword: string | null;
  }>;
}

export async function updateUserRoleAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const actor = await actorFromSession();
  return toActionState(() => updateUserRole(formDataToObject(formData), actor), { message: "Role changed." });
}

export async function setUserActiveAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const actor = await actorFromSession();
  return toActionState(() => setUserActive(formDataToObject(formData), actor), { message: "Saved." });
}
