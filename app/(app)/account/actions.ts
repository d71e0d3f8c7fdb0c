"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { redirect } from "next/navigation";
import { LOGIN_PATH } from "@/lib/auth/auth.config";
import { PASSWORD_PROVIDER_ID, signIn, signOut } from "@/lib/auth/auth";
import { changeOwnPassword, endOwnSessions, updateOwnProfile } from "@/lib/users/mutations";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";

export async function updateProfileAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const input = formDataToObject(formData);
  // an unchecked checkbox sends nothing: say "false" explicitly
  input.receiveDigests = formData.get("receiveDigests") === "on" ? "true" : "false";
  input.receiveReminders = formData.get("receiveReminders") === "on" ? "true" : "false";
  return toActionState(async () => updateOwnProfile(input, await actorFromSession()), { message: "Profile saved." });
}

export async function changePasswordAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const actor = await actorFromSession();
  const input = formDataToObject(formData);
  const state = await toActionState(async () => changeOwnPassword(input, actor), { message: "Password changed." });
  if (!state.ok || !actor) return state;
  // The change ended every session, this browser's too: sign it in again with the password just set. This request
  // still carries the old cookie, so the page is loaded afresh (with the new one) rather than re-rendered here.
  await signIn(PASSWORD_PROVIDER_ID, { email: actor.user.email, password: String(input.newPassword), redirect: false });
  redirect("/account?password=changed");
}

/** "Sign out everywhere": ends every session of the user, this one too, and goes to the login page. */
export async function endAllSessionsAction(_prev: ActionPrevState<unknown>, _formData: FormData): Promise<ActionState<unknown>> {
  const state = await toActionState(async () => endOwnSessions({}, await actorFromSession()), { message: "Signed out everywhere." });
  if (!state.ok) return state;
  await signOut({ redirectTo: `${LOGIN_PATH}?error=signed-out-everywhere` }); // clears this browser's cookie too
  return state;
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
