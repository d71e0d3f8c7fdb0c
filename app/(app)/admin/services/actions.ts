"use server";

import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { createService, deleteService, updateService } from "@/lib/services/mutations";

const typed = (input: Record<string, unknown>) => ({
  name: String(input.name ?? ""),
  team: String(input.team ?? ""),
  description: String(input.description ?? ""),
});

export async function createServiceAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const input = formDataToObject(formData);
  return toActionState(async () => createService(input, await actorFromSession()), {
    message: (service) => `Added “${service.name}”.`,
    values: typed(input),
  });
}

export async function updateServiceAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const input = formDataToObject(formData);
  return toActionState(async () => updateService(input, await actorFromSession()), {
    message: ({ changes }) => (Object.keys(changes).length ? "Saved." : "No changes."),
    values: typed(input),
  });
}

export async function deleteServiceAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  return toActionState(async () => deleteService(formDataToObject(formData), await actorFromSession()), {
    message: (service) => `Deleted “${service.name}”.`,
  });
}
