"use server";

import { redirect } from "next/navigation";
import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { createActionItem, updateActionItem } from "@/lib/action-items/mutations";
import type { ActionItemRow } from "@/lib/action-items/schema";
import { DEFAULT_VIEW, actionItemViewHref, type UpdateActionItemInput } from "@/lib/action-items/schema";

/** One inline change from the table; the updated row, or why it was refused. */
export async function updateActionItemAction(input: UpdateActionItemInput): Promise<ActionState<ActionItemRow>> {
  return toActionState(async () => (await updateActionItem(input, await actorFromSession())).item, { includeData: true });
}

export async function createActionItemAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const input = formDataToObject(formData);
  const values = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, String(value)]));
  const state = await toActionState(async () => createActionItem(input, await actorFromSession()), { includeData: true, values });
  if (!state.ok) return state;
  const { publicId } = state.data as { publicId: string };
  redirect(actionItemViewHref({ ...DEFAULT_VIEW, incident: publicId, sort: "createdAt", order: "desc" }));
}
