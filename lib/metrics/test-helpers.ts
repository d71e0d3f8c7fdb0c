// What the parser tests share: the fixtures beside them, a parse of text or of a JSON value, times as ISO strings,
// and the message of a refusal. Test-only.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { parseMetricsExport } from "@/lib/metrics/parse";
import type { ParseOptions } from "@/lib/metrics/types";

/** The bytes of lib/metrics/fixtures/<name>. */
export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
export const parseText = (text: string, options?: ParseOptions) => parseMetricsExport(new TextEncoder().encode(text), options);
export const parseJson = (value: unknown, options?: ParseOptions) => parseText(JSON.stringify(value), options);
export const iso = (ms: number) => new Date(ms).toISOString();

/** The message of the InvalidInputError `promise` is refused with (and a failed expectation if it is not refused so). */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as Error).message;
}
