// Server Actions used with React `useActionState` return one of these instead of throwing: a thrown DomainError
// becomes a message plus per-field messages the form shows beside its inputs. Anything unexpected is logged and
// shown as a generic message, never a stack trace. Next's own control flow (redirect, notFound) passes through.
import { unstable_rethrow } from "next/navigation";
import { DomainError, InvalidInputError, toErrorResponse } from "@/lib/errors";

/**
 * `values`: what the user typed (never secrets), to refill fields React 19 resets after a form action.
 * `code`: the error's code as the API would name it (`unauthenticated`, `forbidden`, `not_found`, `invalid_input`...),
 * so a caller can tell a refusal from a form error without reading the message.
 */
export type ActionFailure = { ok: false; message: string; fieldErrors: Record<string, string>; values?: Record<string, string>; code?: string };
export type ActionState<T = undefined> = { ok: true; message?: string; data?: T } | ActionFailure;

/** Use as `useActionState(action, null)`; the action's `prevState` parameter is `ActionState<T> | null`. */
export type ActionPrevState<T = undefined> = ActionState<T> | null;

/**
 * Runs `work` and turns its outcome into form state.
 *   return toActionState(() => createUser(formDataToObject(formData), actor), { message: "User created." });
 */
export async function toActionState<T>(
  work: () => Promise<T>,
  options: { message?: string | ((result: T) => string); includeData?: boolean; values?: Record<string, string> } = {},
): Promise<ActionState<T>> {
  try {
    const result = await work();
    const message = typeof options.message === "function" ? options.message(result) : options.message;
    return { ok: true, message, ...(options.includeData ? { data: result } : {}) };
  } catch (error) {
    unstable_rethrow(error);
    const state = errorToActionState(error);
    return options.values ? { ...state, values: options.values } : state;
  }
}

export function errorToActionState(error: unknown): ActionFailure {
  if (error instanceof InvalidInputError) {
    const fieldErrors: Record<string, string> = {};
    // first message per field: a form shows one line under each input
    for (const issue of error.issues) fieldErrors[issue.path] ??= issue.message;
    const message = fieldErrors["(root)"] ?? (error.issues.length ? "Check the highlighted fields." : error.message);
    return { ok: false, message, fieldErrors, code: error.code };
  }
  if (error instanceof DomainError) return { ok: false, message: error.message, fieldErrors: {}, code: error.code };
  const { body } = toErrorResponse(error);
  return { ok: false, message: body.error.message, fieldErrors: {}, code: body.error.code };
}

/**
 * FormData to a plain object for zod: one value per name, or an array when a name repeats (multi-selects,
 * checkbox groups). File inputs stay File objects. Next's hidden `$ACTION_*` fields are dropped.
 */
export function formDataToObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const result: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key);
    result[key] = values.length === 1 ? values[0]! : values;
  }
  return result;
}
