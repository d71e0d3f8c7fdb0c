// Every setting Hindsight reads from the environment, validated in one place (documented in .env.example).
//
// Read lazily, through `env()`, never at import: `npm start` (lib/db/bootstrap.ts) sets DATABASE_URL after the app's
// modules are loaded, and tests change variables between cases. The parsed result is kept until one of the variables
// changes, so a call on every request costs a string comparison. A value the app cannot use is one error naming the
// variable (thrown at startup by instrumentation.ts, or where it is first needed), not a silent fallback.
//
// Only zod, no Node-only module: proxy.ts and lib/security/headers.ts import this in the proxy runtime.
// NODE_ENV, NEXT_RUNTIME and NEXT_PHASE are Next's own build markers and stay literal `process.env.X` reads where
// they are used: Next replaces them at build time.
import "server-only";
import { z } from "zod";

const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

const switchValue = (on: string[], off: string[], fallback: boolean) =>
  text.transform((value, context) => {
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (on.includes(lower)) return true;
    if (off.includes(lower)) return false;
    context.addIssue({ code: "custom", message: `must be one of ${[...on, ...off].join(", ")}` });
    return z.NEVER;
  });

/** Loose yes/no as the OIDC switches always took it: "true", "1", "yes" are on, anything else off. */
const yes = text.transform((value) => ["true", "1", "yes"].includes((value ?? "").toLowerCase()));

const httpUrl = text.refine((value) => value === undefined || (/^https?:\/\/[^/]/i.test(value) && URL.canParse(value)), {
  message: "must be an http:// or https:// URL, e.g. https://hindsight.example.com",
});

const schema = z.object({
  DATABASE_URL: text,
  DATABASE_POOL_MAX: text.transform((value, context) => {
    if (value === undefined) return 10;
    if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
    context.addIssue({ code: "custom", message: "must be a whole number of connections, 1 or more" });
    return z.NEVER;
  }),
  // Named (server-side prepared) statements: on, PostgreSQL parses and plans each of the app's queries once per
  // connection instead of on every call (lib/db/statement-names.ts). Off for a pooler that cannot keep them: PgBouncer
  // in transaction mode before 1.21, or without max_prepared_statements.
  DATABASE_PREPARED_STATEMENTS: switchValue(["on", "true", "1", "yes"], ["off", "false", "0", "no"], true),
  HINDSIGHT_DATA_DIR: text,
  /** `npm start` / `npm run dev` (scripts/start.ts): where Next listens. */
  PORT: text.transform((value, context) => {
    if (value === undefined) return "3000";
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535) return value;
    context.addIssue({ code: "custom", message: "must be a TCP port number, 1 to 65535" });
    return z.NEVER;
  }),
  /** Not HOSTNAME: Docker sets that to the container id, which would bind the wrong address. */
  /** Unset: scripts/start.ts decides (every interface, but only 127.0.0.1 for the demo database and its published
   * passwords). The standalone server (Dockerfile) reads its own HOSTNAME. */
  HOST: text,
  /** "1" when DATABASE_URL is the embedded database of this or a parent process (set by lib/db/bootstrap.ts). */
  HINDSIGHT_EMBEDDED_DB: z
    .string()
    .optional()
    .transform((value) => value === "1"),
  /** Kept as written: an unusable value is ignored with a warning (lib/settings/queries.ts), the stored setting wins. */
  HINDSIGHT_ATTACHMENT_MAX_MB: text,
  AUTH_SECRET: text,
  AUTH_URL: httpUrl,
  NEXTAUTH_URL: httpUrl,
  AUTH_TRUST_HOST: switchValue(["true", "1", "yes"], ["false", "0", "no"], true),
  /** Parsed (with its own error naming the variable) by lib/auth/client-address.ts. */
  HINDSIGHT_TRUSTED_PROXIES: text,
  AUTH_OIDC_ISSUER: text,
  AUTH_OIDC_CLIENT_ID: text,
  AUTH_OIDC_CLIENT_SECRET: text,
  AUTH_OIDC_NAME: text,
  AUTH_OIDC_AUTO_CREATE: yes,
  AUTH_OIDC_TRUST_EMAIL: yes,
  SMTP_URL: text,
  MAIL_FROM: text,
  HINDSIGHT_WORKER: switchValue(["on", "true", "1", "yes"], ["off", "false", "0", "no"], true),
  /** pino's levels; "silent" writes nothing. */
  LOG_LEVEL: text.transform((value, context) => {
    const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
    const lower = (value ?? "info").toLowerCase();
    if ((levels as readonly string[]).includes(lower)) return lower as (typeof levels)[number];
    context.addIssue({ code: "custom", message: `must be one of ${levels.join(", ")}` });
    return z.NEVER;
  }),
  /** Set: GET /api/metrics wants `Authorization: Bearer <this>`. Unset: the metrics are open to whoever reaches them. */
  HINDSIGHT_METRICS_TOKEN: text,
  /** Where attachment bytes (and the metric exports kept as attachments) live: "postgres" (default) or "s3". */
  HINDSIGHT_STORAGE: text.transform((value, context) => {
    const lower = (value ?? "postgres").toLowerCase();
    if (lower === "postgres" || lower === "s3") return lower;
    context.addIssue({ code: "custom", message: "must be postgres or s3" });
    return z.NEVER;
  }),
  /** With HINDSIGHT_STORAGE=s3: the bucket (required), an endpoint for MinIO/R2/Ceph (unset: AWS), the region, path-style
   * addressing (MinIO and most S3-compatible servers want it), a key prefix. Credentials come from the AWS SDK's
   * usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance or task role). */
  HINDSIGHT_S3_BUCKET: text,
  HINDSIGHT_S3_ENDPOINT: httpUrl,
  HINDSIGHT_S3_REGION: text,
  HINDSIGHT_S3_FORCE_PATH_STYLE: switchValue(["true", "1", "yes"], ["false", "0", "no"], false),
  HINDSIGHT_S3_PREFIX: text,
});

type Parsed = z.output<typeof schema>;

/** Where people reach this instance, from AUTH_URL (else NEXTAUTH_URL): resolved once, used by every caller. */
export type AppUrl = {
  /** "https://hindsight.example.com" */
  origin: string;
  /** The origin plus any path the app is served under, without Auth.js's own "/api/auth" and without a trailing "/". */
  baseUrl: string;
  https: boolean;
};

export type Environment = Omit<Parsed, "AUTH_URL" | "NEXTAUTH_URL"> & { appUrl: AppUrl | null };

export class EnvironmentError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}. Fix it in the environment or .env (see .env.example for every setting).`);
    this.name = "EnvironmentError";
  }
}

const KEYS = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** Validates `source` (process.env or a test's record). Throws an EnvironmentError naming the first bad variable. */
export function parseEnvironment(source: Record<string, string | undefined>): Environment {
  const picked: Record<string, string | undefined> = {};
  for (const key of KEYS) picked[key] = source[key];
  const result = schema.safeParse(picked);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvironmentError(String(issue.path[0] ?? "A setting"), issue.message);
  }
  const { AUTH_URL, NEXTAUTH_URL, ...rest } = result.data;
  if (rest.HINDSIGHT_STORAGE === "s3" && !rest.HINDSIGHT_S3_BUCKET) {
    throw new EnvironmentError("HINDSIGHT_S3_BUCKET", "must be set when HINDSIGHT_STORAGE=s3");
  }
  return { ...rest, appUrl: appUrlFrom(AUTH_URL ?? NEXTAUTH_URL) };
}

function appUrlFrom(configured: string | undefined): AppUrl | null {
  if (!configured) return null;
  const url = new URL(configured);
  // Auth.js accepts AUTH_URL with its own base path: the app lives above it.
  const path = url.pathname.replace(/\/api\/auth\/?$/, "").replace(/\/+$/, "");
  return { origin: url.origin, baseUrl: `${url.origin}${path}`, https: url.protocol === "https:" };
}

let cache: { key: string; value: Environment } | undefined;

/** The current settings. Cheap to call per request: re-validated only when a variable has changed. */
export function env(): Environment {
  const key = KEYS.map((name) => process.env[name] ?? "\u0000").join("\u0001");
  if (cache?.key !== key) cache = { key, value: parseEnvironment(process.env) };
  return cache.value;
}
