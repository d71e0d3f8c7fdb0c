"use server";

import { toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { regenerateCalendarToken } from "@/lib/calendar/mutations";

export async function regenerateCalendarTokenAction(_prev: ActionPrevState<unknown>, _formData: FormData): Promise<ActionState<unknown>> {
  return toActionState(
    async () => {
      await regenerateCalendarToken({}, await actorFromSession());
    },
    { message: "Your calendar URL is ready. Any earlier URL no longer works." },
  );
}
