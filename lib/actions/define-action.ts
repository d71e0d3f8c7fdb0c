// The one guarded path for every write, from forms, server actions, API routes and CLI scripts alike:
//   actor (session or API token) -> permission (lib/auth/permissions) -> zod validation -> optional slow preparation
//   outside the transaction (password hashing) -> the domain function inside a transaction -> its audit record in
//   the SAME transaction -> cache revalidation after commit.
// A failure anywhere leaves nothing half-saved: no change, no audit row.
import "server-only";
import type { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb, type Tx } from "@/lib/db/client";
import { ConflictError, DomainError, InvalidInputError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { assertActorCan, type AnyActor } from "@/lib/auth/actor";
import type { Permission } from "@/lib/auth/permissions";
import { recordAudit, type AuditEntry } from "@/lib/audit/record";
import { Prisma } from "@/lib/generated/prisma/client";
import { findUnstorableText } from "@/lib/text/control-characters";

export type ActionContext<I, P> = { tx: Tx; actor: AnyActor; input: I; prepared: P };

/** What the audit callback returns: `action` defaults to the action's name; null records nothing (a no-op). */
export type ActionAudit = Omit<AuditEntry, "action"> & { action?: string };

export type ActionDefinition<S extends z.ZodType, R, P> = {
  /** dotted name, also the default audit action: "user.create" */
  name: string;
  permission: Permission;
  input: S;
  /** Slow work that needs no database (hashing a password), done before the transaction opens. */
  prepare?: (input: z.output<S>, actor: AnyActor) => Promise<P>;
  run: (context: ActionContext<z.output<S>, P>) => Promise<R>;
  audit: (result: R, input: z.output<S>, actor: AnyActor) => ActionAudit | ActionAudit[] | null;
  /** Paths whose cached renders are stale after this action. */
  revalidate?: (result: R, input: z.output<S>) => string[];
  isolationLevel?: Prisma.TransactionIsolationLevel;
};

export type Action<S extends z.ZodType, R> = {
  (rawInput: unknown, actor: AnyActor | null | undefined): Promise<R>;
  readonly actionName: string;
  readonly permission: Permission;
  readonly inputSchema: S;
};

/** Input type a caller passes (before zod defaults and transforms). */
export type ActionInput<A> = A extends Action<infer S, unknown> ? z.input<S> : never;
export type ActionResult<A> = A extends Action<z.ZodType, infer R> ? R : never;

// An interactive transaction holds a connection (the embedded database has exactly one); keep them short.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

export function defineAction<S extends z.ZodType, R, P = undefined>(definition: ActionDefinition<S, R, P>): Action<S, R> {
  const action = async (rawInput: unknown, actor: AnyActor | null | undefined): Promise<R> => {
    if (!actor) throw new UnauthenticatedError();
    assertActorCan(actor, definition.permission);

    // PostgreSQL cannot store NUL in text, and a lone surrogate would be stored as U+FFFD: refuse both here, for every
    // write, naming the field, before any query runs.
    const unstorable = findUnstorableText(rawInput);
    if (unstorable) {
      const message = `must not contain ${unstorable.what}: found at ${unstorable.position}`;
      throw new InvalidInputError(`Invalid input: ${unstorable.path}: ${message}`, [{ path: unstorable.path, message }]);
    }

    const parsed = await definition.input.safeParseAsync(rawInput);
    if (!parsed.success) throw InvalidInputError.fromZod(parsed.error);
    const input = parsed.data as z.output<S>;

    const prepared = (definition.prepare ? await definition.prepare(input, actor) : undefined) as P;

    let result: R;
    try {
      result = await getDb().$transaction(
        async (tx) => {
          const value = await definition.run({ tx, actor, input, prepared });
          const entries = definition.audit(value, input, actor);
          for (const entry of entries === null ? [] : Array.isArray(entries) ? entries : [entries]) {
            await recordAudit(tx, { ...entry, action: entry.action ?? definition.name, actor });
          }
          return value;
        },
        { ...TRANSACTION_OPTIONS, isolationLevel: definition.isolationLevel },
      );
    } catch (error) {
      throw translateDatabaseError(error);
    }

    for (const path of definition.revalidate?.(result, input) ?? []) revalidate(path);
    return result;
  };
  return Object.assign(action, {
    actionName: definition.name,
    permission: definition.permission,
    inputSchema: definition.input,
  });
}

/** Constraint violations a domain function did not anticipate still reach the user as typed errors. */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof DomainError || !(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
  if (error.code === "P2002") return new ConflictError("A record with these values already exists.");
  if (error.code === "P2025") return new NotFoundError("The record");
  if (error.code === "P2034") return new ConflictError("Someone else changed this at the same moment. Try again.");
  return error;
}

/** Outside a Next.js request (CLI scripts, tests) there is no cache to invalidate. */
function revalidate(path: string): void {
  try {
    revalidatePath(path);
  } catch (error) {
    if (error instanceof Error && error.message.includes("static generation store missing")) return;
    throw error;
  }
}
