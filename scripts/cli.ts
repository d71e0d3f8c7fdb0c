// What the npm-run commands share: output a test can capture, option parsing that answers --help and refuses a
// wrong option with the usage line, and an action's refusal told as lines that name the option at fault.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { DomainError, InvalidInputError } from "@/lib/errors";

export type Io = { out: (line: string) => void; err: (line: string) => void };
export const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

/**
 * The options given (`V` lists them as parseArgs returns them), or the exit code when there is nothing to run:
 * 0 after --help (the usage went to stdout), 2 after an unknown or malformed option (the reason and usage to stderr).
 */
export function parseOptions<V extends Record<string, string | boolean | undefined>>(
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  usage: string,
  io: Io,
): V | number {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    io.out(usage);
    return 0;
  }
  return values as V;
}

/**
 * Exit code 1 for an action's refusal, written to stderr after `heading` ("Cannot create the user:"); anything else
 * is a bug and is thrown on. `option` maps an input path to the command's option name.
 */
export function refusal(error: unknown, heading: string, io: Io, option: (path: string) => string = (path) => path): number {
  if (error instanceof InvalidInputError) {
    io.err([heading, ...error.issues.map((issue) => `  --${option(issue.path)}: ${issue.message}`)].join("\n"));
    return 1;
  }
  if (error instanceof DomainError) {
    io.err(`${heading} ${error.message}`);
    return 1;
  }
  throw error;
}
