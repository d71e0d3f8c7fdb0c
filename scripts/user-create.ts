// npm run user:create -- --email E --role R [--password P] [--name N]
// Creates a user through the same guarded action as the admin page, audited as SYSTEM ("cli:user-create").
// Without --password a password is generated and printed once.
import { pathToFileURL } from "node:url";
import { consoleIo, parseOptions, refusal, type Io } from "@/scripts/cli";
import { systemActor } from "@/lib/auth/actor";
import { ROLES } from "@/lib/auth/permissions";
import { createUser } from "@/lib/users/mutations";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

const USAGE = "Usage: npm run user:create -- --email <email> --role <VIEWER|SRE|MANAGER|ADMIN> [--password <password>] [--name <name>]";

/** The command without its database set-up: returns the exit code. */
export async function userCreateCommand(argv: string[], io: Io = consoleIo): Promise<number> {
  const values = parseOptions<{ email?: string; role?: string; password?: string; name?: string }>(
    argv,
    { email: { type: "string" }, role: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
    USAGE,
    io,
  );
  if (typeof values === "number") return values;
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
    return refusal(error, "Cannot create the user:", io);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
  const { withDatabase } = await import("@/lib/db/bootstrap");
  process.exitCode = await withDatabase(() => userCreateCommand(process.argv.slice(2)));
}
