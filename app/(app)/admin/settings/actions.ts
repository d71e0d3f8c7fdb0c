"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { updateSettings } from "@/lib/settings/mutations";

/** Checkboxes: an unchecked one sends nothing, so each is said explicitly. */
const CHECKBOXES = ["reviews.allowSelfApproval", "reminders.windowWeekdaysOnly"] as const;

/** Returns the new version stamp, which the form sends with its next save. */
export async function updateSettingsAction(_prev: ActionPrevState<{ stamp: string }>, formData: FormData): Promise<ActionState<{ stamp: string }>> {
  const input = formDataToObject(formData);
  for (const key of CHECKBOXES) input[key] = formData.get(key) === "on" ? "true" : "false";
  const values = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, typeof value === "string" ? value : ""]));
  const state = await toActionState(async () => updateSettings(input, await actorFromSession()), {
    includeData: true,
    message: ({ changes }) => (Object.keys(changes).length ? "Settings saved." : "Nothing to save: no setting changed."),
    values,
  });
  if (!state.ok) return state;
  return { ok: true, message: state.message, data: { stamp: state.data!.stamp } };
}
