"use server";

// The report page's follow-up review forms. Times arrive as wall-clock values in the signed-in user's zone.
import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { recordFollowUpOutcome, scheduleFollowUp, updateFollowUp } from "@/lib/follow-ups/mutations";
import { outcomeFromForm, scheduleFromForm } from "@/lib/follow-ups/schema";

/** What the user typed, to refill the form after a refusal (React resets it). */
function typed(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export async function scheduleFollowUpAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const actor = await actorFromSession();
  const values = formDataToObject(formData);
  return toActionState(async () => scheduleFollowUp(scheduleFromForm(values, actor?.user.timeZone ?? "UTC"), actor), {
    message: "Follow-up review scheduled.",
    values: typed(values),
  });
}

export async function updateFollowUpAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const actor = await actorFromSession();
  const values = formDataToObject(formData);
  return toActionState(async () => updateFollowUp(scheduleFromForm(values, actor?.user.timeZone ?? "UTC"), actor), {
    message: "Follow-up review changed.",
    values: typed(values),
  });
}

export async function recordFollowUpOutcomeAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const actor = await actorFromSession();
  const values = formDataToObject(formData);
  return toActionState(async () => recordFollowUpOutcome(outcomeFromForm(values, actor?.user.timeZone ?? "UTC"), actor), {
    message: "Outcome recorded.",
    values: typed(values),
  });
}
