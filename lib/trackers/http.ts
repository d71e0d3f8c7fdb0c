// Calling a tracker's REST API: a time limit, JSON in and out, and one error for "the tracker refused or could not be
// reached" that the API answers as 502 (the request was fine; the service behind it was not) with the tracker's own
// words, so that a user can tell a wrong token from a wrong project. Tokens never appear in a message.
import "server-only";
import { DomainError } from "@/lib/errors";

const TIMEOUT_MS = 10_000;
const MAX_DETAIL = 300;

export class TrackerError extends DomainError {
  override readonly status = 502;
  override readonly code = "tracker_error";
}

export type TrackerCall = { tracker: "GitHub" | "Jira"; what: string; method: string; url: string; headers: Record<string, string>; body?: unknown };

/** The JSON answer (null for an empty one, 204); a TrackerError naming the tracker, the attempt and its answer otherwise. */
export async function callTracker(call: TrackerCall): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: { Accept: "application/json", ...call.headers, ...(call.body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : causeOf(error);
    throw new TrackerError(`${call.tracker} could not be reached to ${call.what} (${reason}). Nothing was changed; try again later.`);
  }
  const text = await response.text();
  if (!response.ok) {
    const detail = refusalDetail(text);
    throw new TrackerError(
      `${call.tracker} refused to ${call.what}: ${response.status} ${response.statusText}${detail ? ` — ${detail}` : ""}.${hintFor(response.status)}`,
    );
  }
  if (!text.trim()) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TrackerError(`${call.tracker} answered ${call.what} with something that is not JSON.`);
  }
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function hintFor(status: number): string {
  if (status === 401) return " Check the integration's API token at Admin > Integrations.";
  if (status === 403 || status === 404) return " Check that the integration's token may create and edit issues there (Admin > Integrations).";
  return "";
}

/** GitHub answers `{ message, errors? }`, Jira `{ errorMessages: [], errors: { field: message } }`. */
function refusalDetail(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return "";
  }
  if (!parsed || typeof parsed !== "object") return "";
  const body = parsed as { message?: unknown; errorMessages?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof body.message === "string") parts.push(body.message);
  if (Array.isArray(body.errorMessages)) parts.push(...body.errorMessages.filter((item): item is string => typeof item === "string"));
  if (body.errors && typeof body.errors === "object" && !Array.isArray(body.errors)) {
    for (const [field, message] of Object.entries(body.errors)) if (typeof message === "string") parts.push(`${field}: ${message}`);
  }
  if (Array.isArray(body.errors)) {
    for (const item of body.errors) {
      const entry = item as { message?: unknown; field?: unknown; code?: unknown };
      if (typeof entry?.message === "string") parts.push(entry.message);
      else if (typeof entry?.field === "string") parts.push(`${entry.field}: ${String(entry.code ?? "invalid")}`);
    }
  }
  const joined = parts.join("; ").replace(/\s+/g, " ").trim();
  return joined.length > MAX_DETAIL ? `${joined.slice(0, MAX_DETAIL)}…` : joined;
}
