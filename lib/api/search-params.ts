// Reading a view (filters, sort, page) from URL search params, shared by the list pages and their API twins. Pages
// read leniently (a hand-edited or outdated URL falls back field by field), the API strictly (a bad value is a 422
// naming its parameter); both build their zod schema from these pieces.
import { z } from "zod";
import { oneLine } from "@/lib/text/schema";

/** Search params as Next gives them to pages, or a URLSearchParams (route handlers, the browser). */
export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

export function valuesOf(input: SearchParamsInput, key: string): string[] {
  if (input instanceof URLSearchParams) return input.getAll(key);
  const value = input[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** A list may come as `status=OPEN,DONE` or as `status=OPEN&status=DONE`. */
export function listOf(input: SearchParamsInput, key: string): string[] | undefined {
  const values = valuesOf(input, key);
  if (!values.length) return undefined;
  return values
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
}

/** A list whose values may themselves hold commas (names): only `key=a&key=b`, each value whole. */
export function repeatedOf(input: SearchParamsInput, key: string): string[] | undefined {
  const values = valuesOf(input, key)
    .map((value) => value.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
}

export const nullable = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional()).transform((value) => value ?? null);

export const flag = z
  .enum(["1", "0", "true", "false"], { error: "must be 1 or 0" })
  .optional()
  .transform((value) => value === "1" || value === "true");

export const wholeNumber = (min: number, max: number) =>
  z.coerce.number().int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** A one-line name of at most `max` characters (no control characters). */
export const name = (max: number) => oneLine(z.string().trim().min(1).max(max, `must be at most ${max} characters`));

/** A field of a view: leniently read, an unreadable value falls back to `fallback`; strictly, it is an error. */
export function viewField(lenient: boolean) {
  return <S extends z.ZodType>(schema: S, fallback: z.output<S>) => (lenient ? schema.catch(fallback) : schema);
}

/**
 * A list of values out of `allowed` (what: "statuses"), each once. Leniently, unknown values are dropped; strictly,
 * one unknown value is an error naming the allowed ones.
 */
export function enumList(lenient: boolean) {
  return <T extends string>(allowed: readonly T[], what: string) =>
    z
      .array(z.string())
      .optional()
      .transform((values, ctx) => {
        const known = (values ?? []).filter((value): value is T => (allowed as readonly string[]).includes(value));
        if (!lenient && known.length !== (values ?? []).length) ctx.addIssue({ code: "custom", message: `must be ${what}: ${allowed.join(", ")}` });
        return [...new Set(known)];
      });
}
