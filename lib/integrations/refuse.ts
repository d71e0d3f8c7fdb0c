// A webhook request without a valid credential (secret or signature): one warning line saying what was wrong and which
// client program sent it, never the credential, then a 401. Shared by the alert and the tracker webhooks.
import "server-only";
import { UnauthenticatedError } from "@/lib/errors";
import { clipLine } from "@/lib/alerts/text";
import { log } from "@/lib/log/logger";

/** Logs the refusal (`sender` names the sending system: Alertmanager, GitHub...) and throws the 401 with `message`. */
export function refuseWebhook(sender: string, request: Request, reason: string, message: string): never {
  const agent = clipLine(request.headers.get("user-agent") ?? "none", 100);
  log.warn({ sender, userAgent: agent }, `${sender} webhook refused (401): ${reason} (User-Agent: ${agent}). Nothing was changed.`);
  throw new UnauthenticatedError(message);
}
