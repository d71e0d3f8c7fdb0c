// The review workflow's emails: an action records its notifications in its own transaction (recordNotifications in
// lib/reminders/notifications.ts) and returns their ids as `notifications`; `withNotifications` wraps the action so
// that every caller (form, API) has them sent once the change is committed. A mail server that is down does not
// undo the decision, and does not lose the mail either: the reminder pass retries it.
import type { z } from "zod";
import type { Action } from "@/lib/actions/define-action";
import { systemActor } from "@/lib/auth/actor";
import { absoluteUrl, appBaseUrl } from "@/lib/mail/links";
import { sendNotificationsNow } from "@/lib/reminders/notifications";

export { appBaseUrl };

export function reportUrl(baseUrl: string, publicId: string): string {
  return absoluteUrl(baseUrl, `/incidents/${encodeURIComponent(publicId)}`);
}

/** The action, then its notifications sent; the same name, permission and input schema as the action itself. */
export function withNotifications<S extends z.ZodType, R extends { notifications: string[] }>(action: Action<S, R>): Action<S, R> {
  const wrapped = async (rawInput: unknown, actor: Parameters<Action<S, R>>[1]): Promise<R> => {
    const result = await action(rawInput, actor);
    // Sent as the system: the person who acted may not run the reminder machinery themselves.
    await sendNotificationsNow(result.notifications, systemActor("reviews"));
    return result;
  };
  return Object.assign(wrapped, { actionName: action.actionName, permission: action.permission, inputSchema: action.inputSchema });
}
