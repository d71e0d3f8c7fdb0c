"use server";

import { redirect } from "next/navigation";
import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { createFirstAdmin } from "@/lib/users/mutations";

export async function createFirstAdminAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const input = formDataToObject(formData);
  const state = await toActionState(() => createFirstAdmin(input), {
    values: { name: String(input.name ?? ""), email: String(input.email ?? "") },
  });
  if (state.ok) redirect("/login?setup=done");
  return state;
}
