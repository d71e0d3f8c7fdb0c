// Request and response details of the incident routes: content types, bodies read with a byte limit, download
// headers and absolute URLs. Errors thrown here are DomainErrors, so apiHandler maps them like any other.
import "server-only";
import { DomainError, InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { originFromHeaders } from "@/lib/auth/request-origin";
import { controlCharacterProblem } from "@/lib/text/control-characters";
import { env } from "@/lib/env";

export class UnsupportedMediaTypeError extends DomainError {
  override readonly status = 415;
  override readonly code = "unsupported_media_type";
}

/** The media type without parameters, lower-cased: `text/plain; charset=utf-8` → `text/plain`. */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

export function requireMediaType(request: Request, allowed: readonly string[]): string {
  const type = mediaType(request);
  if (!allowed.includes(type)) {
    throw new UnsupportedMediaTypeError(`Send the body as ${allowed.join(" or ")}${type ? `, not ${type}` : " (the Content-Type header is missing)"}.`);
  }
  return type;
}

/** The `charset` parameter of Content-Type, if any. */
export function charset(request: Request): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(request.headers.get("content-type") ?? "");
  return match ? match[1]!.toLowerCase() : null;
}

/**
 * The body chunk by chunk, refused as soon as it passes `maxBytes` (by Content-Length before reading anything, else
 * while streaming): an oversized upload is never held in memory. `tooLarge` gets the announced size when there was
 * one. A body shorter than announced ends in IncompleteBodyError.
 */
export async function* bodyChunksWithLimit(
  request: Request,
  maxBytes: number,
  tooLarge: (bytes: number | null) => PayloadTooLargeError,
): AsyncGenerator<Uint8Array> {
  const announced = contentLength(request);
  if (announced !== null && announced > maxBytes) throw tooLarge(announced);
  if (!request.body) return;

  const reader = request.body.getReader();
  let received = 0;
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) throw tooLarge(announced);
      yield value;
    }
    ended = true;
  } finally {
    // refused, or the caller stopped reading: the rest is not wanted
    if (!ended) await reader.cancel().catch(() => {});
  }
  // A body shorter than announced was cut off on the way (a proxy's buffer limit, a dropped connection): storing
  // it would store a broken file.
  if (announced !== null && received < announced) {
    throw new IncompleteBodyError(
      `Only ${received.toLocaleString("en-US")} of the ${announced.toLocaleString("en-US")} bytes sent arrived: the upload was cut off. Nothing was stored.`,
    );
  }
}

/** The whole body, with the limit of bodyChunksWithLimit. */
export async function readBodyWithLimit(
  request: Request,
  maxBytes: number,
  tooLarge: (bytes: number | null) => PayloadTooLargeError,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of bodyChunksWithLimit(request, maxBytes, tooLarge)) chunks.push(chunk);
  return concatBytes(chunks);
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export class IncompleteBodyError extends DomainError {
  override readonly status = 400;
  override readonly code = "incomplete_body";
}

function contentLength(request: Request): number | null {
  const value = request.headers.get("content-length");
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/** UTF-8 (or another charset the header names) to text; bytes that are not valid text are the client's error. */
export function decodeText(body: Uint8Array, encoding: string | null): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding ?? "utf-8", { fatal: true });
  } catch {
    throw new UnsupportedMediaTypeError(`The charset ${encoding} is not supported; send UTF-8.`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new InvalidInputError(`The body is not valid ${(encoding ?? "utf-8").toUpperCase()} text.`, [{ path: "(body)", message: "is not valid text" }]);
  }
}

/** `?flag=1`, `?flag=true`, `?flag` → true. */
export function flag(url: URL, name: string): boolean {
  const value = url.searchParams.get(name);
  return value !== null && ["", "1", "true", "yes"].includes(value.toLowerCase());
}

/**
 * The origin people reach this instance at, for URLs in responses: AUTH_URL when set, else the forwarded host
 * (behind a reverse proxy), else the Host header with the request's own protocol.
 */
export function publicOrigin(request: Request): string {
  const configured = env().appUrl;
  if (configured) return configured.origin;
  if (request.headers.get("x-forwarded-host")) {
    const forwarded = originFromHeaders(request.headers);
    if (forwarded) return forwarded;
  }
  const url = new URL(request.url);
  const host = request.headers.get("host");
  return host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `${url.protocol}//${host}` : url.origin;
}

/**
 * `attachment; filename="..."; filename*=UTF-8''...` (RFC 6266): an ASCII fallback for old clients and the exact
 * name for the rest. Quotes, backslashes and control characters never reach the header.
 */
export function contentDisposition(filename: string, type: "attachment" | "inline" = "attachment"): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_") || "download";
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * A dynamic route segment as written by the client; public ids never need decoding, but a pasted URL may be encoded.
 * No id holds a control character, and PostgreSQL would refuse a NUL in the query: such a segment is a 400 naming it.
 */
export function routeParam(value: string, name = "id"): string {
  let decoded = value;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    // kept as written: it then names nothing and the route answers 404
  }
  const problem = controlCharacterProblem(decoded);
  if (problem) throw new InvalidInputError(`The ${name} in the address ${problem}.`, [{ path: name, message: problem }]);
  return decoded;
}

/**
 * The query string's parameters, each refused (422 naming it) when its name or value holds a control character: none
 * has a use for one, and a NUL reaching a database query would fail there.
 */
export function queryParams(request: Request): URLSearchParams {
  const params = new URL(request.url).searchParams;
  for (const [key, value] of params) {
    const problem = controlCharacterProblem(key) ?? controlCharacterProblem(value);
    if (problem) {
      const name = controlCharacterProblem(key) ? "(query)" : key;
      throw new InvalidInputError(`The query parameter ${JSON.stringify(key.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?"))} ${problem}.`, [
        { path: name, message: problem },
      ]);
    }
  }
  return params;
}
