// Typed domain errors. Domain code throws these; lib/actions and lib/api map them to HTTP statuses and form
// messages in one place, so a user sees what is wrong and where, never a stack trace.
import type { ZodError } from "zod";

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
  constructor(message: string, readonly issues: FieldIssue[] = []) {
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
  constructor(message: string, readonly details?: unknown) {
    super(message);
  }
}

export class PayloadTooLargeError extends DomainError {
  override readonly status = 413;
  override readonly code = "payload_too_large";
}

export type ErrorBody = { error: { code: string; message: string; issues?: FieldIssue[]; details?: unknown } };

/** The one mapping from any thrown value to what a user or API client sees. Unknown errors are logged, not shown. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DomainError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof InvalidInputError && error.issues.length) body.error.issues = error.issues;
    if (error instanceof ConflictError && error.details !== undefined) body.error.details = error.details;
    return { status: error.status, body };
  }
  console.error("Unexpected error", error);
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on our side. The error was logged." } } };
}
