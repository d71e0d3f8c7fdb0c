"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { changeOwnPassword, updateOwnProfile } from "@/lib/users/mutations";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";

export async function updateProfileAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const input = formDataToObject(formData);
  // an unchecked checkbox sends nothing: say "false" explicitly
  input.receiveDigests = formData.get("receiveDigests") === "on" ? "true" : "false";
  return toActionState(async () => updateOwnProfile(input, await actorFromSession()), { message: "Profile saved." });
}

export async function changePasswordAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  return toActionState(async () => changeOwnPassword(formDataToObject(formData), await actorFromSession()), { message: "Password changed." });
}

export async function createTokenAction(_prev: ActionPrevState<{ plaintext: string }>, formData: FormData): Promise<ActionState<{ plaintext: string }>> {
  const input = formDataToObject(formData);
  delete input.userId; // a token is always the signed-in user's own
  const state = await toActionState(async () => createApiToken(input, await actorFromSession()), {
    includeData: true,
    message: ({ token }) => `Token “${token.name}” created. Copy it now: it is shown only once.`,
    values: { name: String(input.name ?? "") },
  });
  if (!state.ok) return state;
  return { ok: true, message: state.message, data: { plaintext: state.data!.plaintext } };
}

export async function revokeTokenAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  return toActionState(async () => revokeApiToken(formDataToObject(formData), await actorFromSession()), { message: "Token revoked." });
}
