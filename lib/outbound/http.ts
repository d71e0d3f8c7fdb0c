// One outgoing HTTP call to an integration: POST JSON with a timeout, 2xx or an error that says what the other side
// answered. The delivery pass (lib/outbound/deliver.ts) turns the error into the delivery's lastError and its retry.
//
// The URL of a chat webhook IS its secret (whoever has it can post to the channel), so no error message carries it:
// Node's own messages sometimes quote the URL they could not use.
import "server-only";

/** Time allowed for the whole exchange (connect, send, answer). */
export const OUTBOUND_TIMEOUT_MS = 10_000;
/** How much of an answer's body an error keeps (Slack answers a bad payload with a short reason: "invalid_blocks"). */
export const ERROR_BODY_CHARS = 300;
/** A Retry-After further away than this is not waited for: the backoff takes over. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export class OutboundHttpError extends Error {
  /** the HTTP status, or null when no answer came (refused, timed out) */
  readonly status: number | null;
  /** the answer's Retry-After (429, 503), in milliseconds from when it came; null when none was given */
  readonly retryAfterMs: number | null;

  constructor(message: string, { status = null, retryAfterMs = null }: { status?: number | null; retryAfterMs?: number | null } = {}) {
    super(message);
    this.name = "OutboundHttpError";
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Retry-After as seconds ("120") or an HTTP date; null when absent, unreadable or in the past. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1_000 : Date.parse(trimmed) - now.getTime();
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

/** `text` with every occurrence of `url` (and of its path, which is the secret part of a webhook URL) blanked out. */
export function redactUrl(text: string, url: string): string {
  let redacted = text.split(url).join("<webhook URL>");
  try {
    const { pathname, search } = new URL(url);
    const secretPart = `${pathname}${search}`;
    if (secretPart.length > 1) redacted = redacted.split(secretPart).join("/<redacted>");
  } catch {
    // not a URL: nothing more to hide
  }
  return redacted;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${OUTBOUND_TIMEOUT_MS / 1_000} s`;
  }
  if (!(error instanceof Error)) return String(error);
  // fetch() says "fetch failed" and puts the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = (cause as { code?: unknown } | null)?.code;
  return [error.message, cause ? `${typeof code === "string" ? `${code}: ` : ""}${cause.message}` : null].filter(Boolean).join(": ");
}

/**
 * POSTs `body` as JSON to `url`. Resolves with the answer when its status is 2xx; otherwise throws OutboundHttpError
 * with the status and the start of the answer. Redirects are not followed (a webhook that moved answers 3xx, which
 * is an error the admin should see). The whole exchange, answer included, must end within `timeoutMs`.
 */
export async function postJson(
  url: string,
  body: unknown,
  { headers = {}, timeoutMs = OUTBOUND_TIMEOUT_MS, now = () => new Date() }: { headers?: Record<string, string>; timeoutMs?: number; now?: () => Date } = {},
): Promise<{ status: number; text: string }> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Hindsight", ...headers },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new OutboundHttpError(redactUrl(describeNetworkError(error), url));
  }
  if (response.status >= 200 && response.status < 300) return { status: response.status, text };
  const answer = redactUrl(text.slice(0, ERROR_BODY_CHARS), url);
  throw new OutboundHttpError(`HTTP ${response.status}${answer.trim() ? `: ${answer}` : ""}`, {
    status: response.status,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), now()),
  });
}
