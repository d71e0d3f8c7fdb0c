"use server";

import { redirect } from "next/navigation";
import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { createTemplate, deleteTemplate, setDefaultTemplate, updateTemplate } from "@/lib/templates/mutations";

export async function createTemplateAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const input = formDataToObject(formData);
  const state = await toActionState(async () => createTemplate(input, await actorFromSession()), {
    includeData: true,
    values: { name: String(input.name ?? ""), description: String(input.description ?? "") },
  });
  if (!state.ok) return state;
  redirect(`/admin/templates/${state.data!.id}`);
}

/** Returns the new version stamp, which the editor sends with its next save. */
export async function updateTemplateAction(_prev: ActionPrevState<{ updatedAt: string }>, formData: FormData): Promise<ActionState<{ updatedAt: string }>> {
  const state = await toActionState(async () => updateTemplate(formDataToObject(formData), await actorFromSession()), {
    includeData: true,
    message: ({ changes }) => (Object.keys(changes).length ? "Template saved." : "Nothing to save: no changes."),
  });
  if (!state.ok) return state;
  return { ok: true, message: state.message, data: { updatedAt: state.data!.template.updatedAt.toISOString() } };
}

export async function setDefaultTemplateAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  return toActionState(async () => setDefaultTemplate(formDataToObject(formData), await actorFromSession()), {
    message: ({ template }) => `New reports now start from “${template.name}”.`,
  });
}

export async function deleteTemplateAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  return toActionState(async () => deleteTemplate(formDataToObject(formData), await actorFromSession()), {
    message: ({ template }) => `Deleted “${template.name}”.`,
  });
}
