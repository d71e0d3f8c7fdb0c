// Sending the review workflow's emails once the change is committed (lib/mail's sendMail: SMTP when configured, else
// the outbox table admins read). An action builds its messages in its transaction and returns them as `mail`;
// `withMail` wraps it so every caller — form, API — sends them after the commit, never for a rolled-back change.
//
// A mail server that fails does not undo the decision already recorded: the failure is logged, and the report waits
// in the reviewer's queue (and its reminders) either way.
import type { z } from "zod";
import type { Action } from "@/lib/actions/define-action";
import { absoluteUrl, appBaseUrl } from "@/lib/mail/links";
import type { MailMessage } from "@/lib/mail/schema";
import { sendMail } from "@/lib/mail/send";

export { appBaseUrl };

export function reportUrl(baseUrl: string, publicId: string): string {
  return absoluteUrl(baseUrl, `/incidents/${encodeURIComponent(publicId)}`);
}

export async function sendReviewMail(messages: readonly MailMessage[]): Promise<void> {
  for (const message of messages) {
    try {
      await sendMail(message, { source: "reviews" });
    } catch (error) {
      console.error(`Review mail "${message.subject}" to ${message.to} was not sent:`, error);
    }
  }
}

/** The action, then its `mail` sent; the same name, permission and input schema as the action itself. */
export function withMail<S extends z.ZodType, R extends { mail: MailMessage[] }>(action: Action<S, R>): Action<S, R> {
  const wrapped = async (rawInput: unknown, actor: Parameters<Action<S, R>>[1]): Promise<R> => {
    const result = await action(rawInput, actor);
    await sendReviewMail(result.mail);
    return result;
  };
  return Object.assign(wrapped, { actionName: action.actionName, permission: action.permission, inputSchema: action.inputSchema });
}
