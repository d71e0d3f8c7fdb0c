// Route handlers: wrap them so every thrown error becomes `{ error: { code, message, issues? } }` with the right
// status (lib/errors.ts decides), and nothing else, in particular never a stack trace.
import { unstable_rethrow } from "next/navigation";
import { InvalidInputError, toErrorResponse } from "@/lib/errors";
import { mediaType, UnsupportedMediaTypeError } from "@/lib/api/http";

export function apiHandler<C = unknown>(handler: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await handler(request, context);
    } catch (error) {
      unstable_rethrow(error);
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  const { status, body } = toErrorResponse(error);
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (status === 401) headers.set("WWW-Authenticate", 'Bearer realm="hindsight"');
  return Response.json(body, { status, headers });
}

/**
 * The request body as JSON; a malformed body is the client's error (422), not ours. Only `application/json` is read:
 * a body sent as text/plain or a form is what a forged cross-site request looks like (browsers send those types
 * without asking), so it is refused with 415 before it is parsed.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  // No body at all (`POST .../reopen`) has no type to check.
  if (!text.trim()) return {};
  const type = mediaType(request);
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new UnsupportedMediaTypeError(`Send the body as application/json${type ? `, not ${type}` : " (the Content-Type header is missing)"}.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidInputError("The request body is not valid JSON.", [{ path: "(body)", message: "Not valid JSON" }]);
  }
}

/** The body as a JSON object (readJsonBody), or a 422 showing what to send, e.g. `{"version": 3, "status": "DONE"}`. */
export async function readJsonObject(request: Request, example: string): Promise<Record<string, unknown>> {
  const body = await readJsonBody(request);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new InvalidInputError(`Send a JSON object such as ${example}.`, [{ path: "(body)", message: "must be a JSON object" }]);
  }
  return body as Record<string, unknown>;
}
