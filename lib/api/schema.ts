// Pieces of the REST API's answers that every resource shares, as zod schemas: the OpenAPI document
// (lib/api/openapi.ts) is generated from them, and each domain's answer schemas are built from them.
//
// An answer's schema lives next to the code that produces the answer (the domain's schema.ts). Where the domain
// already declares the answer's TypeScript type, `SameShape` makes the two one: the build fails when a field is added
// to one and not to the other, so the document cannot drift from what the route sends.
import { z } from "zod";
import type { FieldIssue } from "@/lib/errors";

/**
 * `true` when A and B are the same type (each assignable to the other); use as `true satisfies SameShape<A, B>`. The
 * tuples keep unions from being compared member by member.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** An instant as the API writes it: ISO-8601 in UTC with milliseconds (`2024-11-27T14:23:00.000Z`). */
export const instantSchema = z.iso.datetime().meta({ description: "ISO-8601 instant in UTC", example: "2024-11-27T14:23:00.000Z" });

/** A calendar day, `YYYY-MM-DD`. */
export const daySchema = z.iso.date().meta({ description: "Calendar day", example: "2024-12-01" });

/** A user as answers name them (owner, reviewer, author). */
export const personSchema = z.object({ id: z.string(), name: z.string(), email: z.string() }).meta({ id: "Person" });
export type PersonResponse = z.output<typeof personSchema>;

/** One page of a paged list (lib/api/json.ts `Paged`). */
export function pagedSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    page: z.number().int().meta({ description: "1-based page number" }),
    pageSize: z.number().int(),
    total: z.number().int().meta({ description: "Items over all pages" }),
  });
}

const fieldIssueSchema = z.object({
  path: z.string().meta({ description: "Where in the request: a body field (`timeline.0.text`), a query parameter or `(body)`", example: "title" }),
  message: z.string(),
});
true satisfies SameShape<FieldIssue, z.output<typeof fieldIssueSchema>>;

/**
 * Every refusal: `{ error: { code, message, issues?, details? } }` (lib/errors.ts `toErrorResponse`). `issues` name
 * each invalid field; a 409 on a stale `version` carries the stored state in `details` (`currentVersion` and more).
 */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code", example: "invalid_input" }),
      message: z.string().meta({ description: "What is wrong, in a sentence for people" }),
      issues: z.array(fieldIssueSchema).optional(),
      details: z
        .looseObject({ currentVersion: z.number().int().optional().meta({ description: "On a version conflict: the version stored now" }) })
        .optional()
        .meta({ description: "On a conflict: the state stored now" }),
    }),
  })
  .meta({ id: "Error" });
