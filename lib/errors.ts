// Typed domain errors. Domain code throws these; lib/actions and lib/api map them to HTTP statuses and form
// messages in one place, so a user sees what is wrong and where, never a stack trace.
import type { ZodError } from "zod";
import { log } from "@/lib/log/logger";

export type FieldIssue = { path: string; message: string };

export class DomainError extends Error {
  readonly status: number = 400;
  readonly code: string = "bad_request";
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  override readonly status = 422;
  override readonly code = "invalid_input";
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }

  static fromZod(error: ZodError, prefix = "Invalid input"): InvalidInputError {
    const issues = error.issues.map((issue) => ({
      path: issue.path.map(String).join(".") || "(root)",
      message: issue.message,
    }));
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return new InvalidInputError(`${prefix}: ${summary}`, issues);
  }
}

export class UnauthenticatedError extends DomainError {
  override readonly status = 401;
  override readonly code = "unauthenticated";
  constructor(message = "Sign in to continue.") {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  override readonly status = 403;
  override readonly code = "forbidden";
  constructor(message = "You do not have permission to do this.") {
    super(message);
  }
}

/** A cookie-authenticated change that did not come from the app's own pages (lib/security/same-origin.ts). */
export class CrossOriginError extends DomainError {
  override readonly status = 403;
  override readonly code = "cross_origin";
}

export class NotFoundError extends DomainError {
  override readonly status = 404;
  override readonly code = "not_found";
  constructor(what: string) {
    super(`${what} was not found.`);
  }
}

export class ConflictError extends DomainError {
  override readonly status = 409;
  override readonly code = "conflict";
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class PayloadTooLargeError extends DomainError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
}

export type ErrorBody = { error: { code: string; message: string; issues?: FieldIssue[]; details?: unknown } };

/**
 * A value PostgreSQL refused as data (SQLSTATE class 22): a NUL byte in text, a number or date out of the column's
 * range. Validation at the boundary should have caught it first; this is the safety net that keeps such input a 4xx.
 */
export class UnstorableValueError extends DomainError {
  override readonly status = 400;
  override readonly code = "unstorable_value";
}

// Only data exceptions the client's input causes; anything else from the database stays a 500 (it is our bug).
const REFUSED_VALUE_MESSAGES: Record<string, string> = {
  "22021": "The request contains a character the database cannot store (a NUL byte, U+0000, or bytes that are not UTF-8). Remove it and try again.",
  "22P05": "The request contains a character the database cannot store. Remove it and try again.",
  "22003": "A number in the request is too large or too small to store.",
  "22007": "A date or time in the request is not one the database can read.",
  "22008": "A date or time in the request is out of range: Hindsight accepts years between 1970 and 2100 (inclusive).",
};

/** The SQLSTATE of a database error, raw (node-postgres) or wrapped by Prisma's driver adapter; null otherwise. */
export function sqlState(error: unknown): string | null {
  if (!error || typeof error !== "object") return null;
  const candidates: unknown[] = [];
  const record = error as { code?: unknown; severity?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  if (typeof record.severity === "string") candidates.push(record.code); // node-postgres DatabaseError
  candidates.push(record.meta?.driverAdapterError?.cause?.originalCode); // Prisma with @prisma/adapter-pg
  const found = candidates.find((code): code is string => typeof code === "string" && /^[0-9A-Z]{5}$/.test(code));
  return found ?? null;
}

/** The safety net: a database refusal of a value as the client error it is, or null. */
export function refusedValueError(error: unknown): UnstorableValueError | null {
  const state = sqlState(error);
  const message = state ? REFUSED_VALUE_MESSAGES[state] : undefined;
  return message ? new UnstorableValueError(message) : null;
}

/** The one mapping from any thrown value to what a user or API client sees. Unknown errors are logged, not shown. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  const refused = error instanceof DomainError ? null : refusedValueError(error);
  if (refused) {
    // Still logged: it means a boundary is missing a check, which is worth fixing even though the client got a 4xx.
    log.warn({ err: error }, "Database refused a value that validation let through");
    return toErrorResponse(refused);
  }
  if (error instanceof DomainError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof InvalidInputError && error.issues.length) body.error.issues = error.issues;
    if (error instanceof ConflictError && error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body };
  }
  log.error({ err: error }, "Unexpected error");
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on our side. The error was logged." } } };
}
