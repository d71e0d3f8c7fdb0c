// npm run user:create -- --email E --role R [--password P] [--name N]
// Creates a user through the same guarded action as the admin page, audited as SYSTEM ("cli:user-create").
// Without --password a password is generated and printed once.
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { DomainError, InvalidInputError } from "@/lib/errors";
import { systemActor } from "@/lib/auth/actor";
import { ROLES } from "@/lib/auth/permissions";
import { createUser } from "@/lib/users/mutations";

const USAGE = "Usage: npm run user:create -- --email <email> --role <VIEWER|SRE|MANAGER|ADMIN> [--password <password>] [--name <name>]";

export type Io = { out: (line: string) => void; err: (line: string) => void };
const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** The command without its database set-up: returns the exit code. */
export async function userCreateCommand(argv: string[], io: Io = consoleIo): Promise<number> {
  let values: { email?: string; role?: string; password?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { email: { type: "string" }, role: { type: "string" }, password: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.email || !values.role) {
    io.err(`Both --email and --role are required.\n${USAGE}`);
    return 2;
  }
  const role = values.role.trim().toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) {
    io.err(`Unknown role "${values.role}". Use one of: ${ROLES.join(", ")}.`);
    return 2;
  }

  try {
    const { user, generatedPassword } = await createUser(
      { email: values.email, role, password: values.password, name: values.name },
      systemActor("cli:user-create"),
    );
    io.out(`Created ${user.role} user ${user.email} (${user.name}, id ${user.id}).`);
    if (generatedPassword) io.out(`Password (shown only now): ${generatedPassword}`);
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      io.err(["Cannot create the user:", ...error.issues.map((issue) => `  --${issue.path}: ${issue.message}`)].join("\n"));
      return 1;
    }
    if (error instanceof DomainError) {
      io.err(`Cannot create the user: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { withDatabase } = await import("@/lib/db/bootstrap");
  process.exitCode = await withDatabase(() => userCreateCommand(process.argv.slice(2)));
}
