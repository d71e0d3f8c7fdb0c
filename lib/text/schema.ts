// zod refinements for text that crosses a boundary: names and titles hold no control characters (a NUL would also
// fail in PostgreSQL). The message names the character and where it is, so a person can find an invisible one.
import type { z } from "zod";
import { controlCharacterProblem } from "@/lib/text/control-characters";

/** The same string schema, refusing control characters (tab allowed) with a message that names the first one. */
export function oneLine<S extends z.ZodType<string, string>>(schema: S): S {
  return schema.check((context) => {
    const problem = controlCharacterProblem(context.value);
    if (problem) context.issues.push({ code: "custom", message: problem, input: context.value });
  }) as S;
}
