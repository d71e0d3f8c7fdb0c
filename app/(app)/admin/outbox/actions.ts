"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { retryFailedDelivery } from "@/lib/reminders/deliver";
import { retryFailedHookDelivery } from "@/lib/outbound/deliver";

export async function retryDeliveryAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const { id } = formDataToObject(formData);
  return toActionState(async () => retryFailedDelivery(id, await actorFromSession()), {
    message: (outcome) =>
      !outcome
        ? "Put back in line: it goes out with the next pass."
        : outcome.status === "sent"
          ? `Sent to ${outcome.to}.`
          : outcome.status === "dropped"
            ? `Not sent: ${outcome.error ?? "no longer due"}.`
            : `Still failing (${outcome.error ?? "unknown error"}): it will be tried again.`,
  });
}

export async function retryHookDeliveryAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const { id } = formDataToObject(formData);
  return toActionState(async () => retryFailedHookDelivery(id, await actorFromSession()), {
    message: (outcome) =>
      !outcome
        ? "Put back in line: it goes out with the next pass."
        : outcome.status === "sent"
          ? "Sent."
          : outcome.status === "dropped"
            ? `Not sent: ${outcome.error ?? "no longer to be sent"}.`
            : outcome.status === "failed"
              ? `Failed again (${outcome.error ?? "unknown error"}).`
              : `Still failing (${outcome.error ?? "unknown error"}): it will be tried again.`,
  });
}
