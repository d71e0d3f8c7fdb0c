// npm run token:create -- --email E --name N [--expires-days D]
// Creates an API token for an existing, active user, audited as SYSTEM ("cli:token-create"). The token alone goes
// to stdout (so `TOKEN=$(npm run -s token:create -- ...)` works); the explanation goes to stderr.
import { pathToFileURL } from "node:url";
import { consoleIo, parseOptions, refusal, type Io } from "@/scripts/cli";
import { getDb } from "@/lib/db/client";
import { systemActor } from "@/lib/auth/actor";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { emailSchema } from "@/lib/users/schema";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

const USAGE = "Usage: npm run token:create -- --email <user email> --name <token name> [--expires-days <days>]";

export async function tokenCreateCommand(argv: string[], io: Io = consoleIo): Promise<number> {
  const values = parseOptions<{ email?: string; name?: string; "expires-days"?: string }>(
    argv,
    { email: { type: "string" }, name: { type: "string" }, "expires-days": { type: "string" } },
    USAGE,
    io,
  );
  if (typeof values === "number") return values;
  if (!values.email || !values.name) {
    io.err(`Both --email and --name are required.\n${USAGE}`);
    return 2;
  }
  const email = emailSchema.safeParse(values.email);
  if (!email.success) {
    io.err(`"${values.email}" is not a valid email address.`);
    return 2;
  }
  const user = await getDb().user.findUnique({ where: { email: email.data }, select: { id: true, email: true, active: true } });
  if (!user) {
    io.err(`There is no user with the email ${email.data}. Create one first: npm run user:create -- --email ${email.data} --role VIEWER`);
    return 1;
  }

  try {
    const { token, plaintext } = await createApiToken(
      { name: values.name, userId: user.id, expiresInDays: values["expires-days"] },
      systemActor("cli:token-create"),
    );
    const expiry = token.expiresAt ? `expires ${token.expiresAt.toISOString()}` : "never expires";
    io.err(`Created API token "${token.name}" (hst_${token.prefix}…) for ${user.email}; it ${expiry}. Store it now: it is not shown again.`);
    io.out(plaintext);
    return 0;
  } catch (error) {
    return refusal(error, "Cannot create the token:", io, (path) => (path === "expiresInDays" ? "expires-days" : path));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
  const { withDatabase } = await import("@/lib/db/bootstrap");
  process.exitCode = await withDatabase(() => tokenCreateCommand(process.argv.slice(2)));
}
