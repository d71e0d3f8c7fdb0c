"use server";

import { redirect } from "next/navigation";
import { formDataToObject, toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { InvalidInputError } from "@/lib/errors";
import { annotateLines, importReport, previewImport, type ImportPreview } from "@/lib/incidents/import";

/**
 * The importer's messages name the problem and its line ("Line 85: ...") while its issues name fields the form
 * does not have (`text`, `title` ...): the whole message becomes the form's message.
 */
async function withWholeMessage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(error.message, [{ path: "(root)", message: error.message }, ...error.issues]);
    throw error;
  }
}

export async function previewImportAction(_prev: ActionPrevState<ImportPreview>, formData: FormData): Promise<ActionState<ImportPreview>> {
  const input = formDataToObject(formData);
  return toActionState(
    () =>
      withWholeMessage(async () => {
        const { document, warnings, lineMap, guesses, questions } = await previewImport(input, await actorFromSession());
        return { document, warnings, lines: annotateLines(String(input.text), lineMap), guesses, questions };
      }),
    { includeData: true },
  );
}

export async function createImportAction(_prev: ActionPrevState<unknown>, formData: FormData): Promise<ActionState<unknown>> {
  const state = await toActionState(() => withWholeMessage(async () => importReport(formDataToObject(formData), await actorFromSession())), {
    includeData: true,
  });
  if (!state.ok) return state;
  redirect(`/incidents/${encodeURIComponent(state.data!.publicId)}`);
}
