// npm run integration:create -- --kind alertmanager|pagerduty|chat|github|jira --name N [the kind's options]
// Creates an integration through the same guarded action as Admin > Integrations, audited as SYSTEM
// ("cli:integration-create"). Stdout carries only KEY=value lines (WEBHOOK_URL=..., SECRET=...), so that a script can
// read them; the explanation goes to stderr. Secrets are read from the environment, not from options, which would
// land in the shell's history: PAGERDUTY_SIGNING_SECRET (or --signing-secret), GITHUB_TOKEN, JIRA_API_TOKEN.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { consoleIo, parseOptions, refusal, type Io } from "@/scripts/cli";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { InvalidInputError } from "@/lib/errors";
import { systemActor } from "@/lib/auth/actor";
import { FALLBACK_BASE_URL } from "@/lib/mail/links";
import { createIntegration } from "@/lib/integrations/mutations";
import { integrationWebhookUrl } from "@/lib/integrations/queries";
import { CHAT_EVENTS, INTEGRATION_KIND_LABELS, INTEGRATION_KINDS, type IntegrationKindName } from "@/lib/integrations/schema";
import { loadDotEnvFile } from "@/scripts/launcher-settings";

const USAGE = [
  "Usage: npm run integration:create -- --kind <kind> --name <name> [options]",
  "  --kind alertmanager",
  "  --kind pagerduty   [--signing-secret S]       (or PAGERDUTY_SIGNING_SECRET in the environment)",
  `  --kind chat        --url <incoming webhook URL> [--format slack|teams] [--events ${CHAT_EVENTS.join(",")}] [--service <name>]`,
  "  --kind github      --repository <owner/name> [--api-url <URL>]          (token: GITHUB_TOKEN in the environment)",
  "  --kind jira        --site <https://you.atlassian.net> --email <account email> --project <KEY> [--issue-type Task] [--done-status Done]",
  "                                                                           (token: JIRA_API_TOKEN in the environment)",
  "Prints WEBHOOK_URL=... and SECRET=... lines on stdout; store the secret at once, it is not shown again.",
].join("\n");

type Values = {
  kind?: string;
  name?: string;
  "signing-secret"?: string;
  url?: string;
  format?: string;
  events?: string;
  service?: string;
  repository?: string;
  "api-url"?: string;
  site?: string;
  email?: string;
  project?: string;
  "issue-type"?: string;
  "done-status"?: string;
};

/** The options each kind takes besides --kind and --name. */
const KIND_OPTIONS: Record<IntegrationKindName, (keyof Values)[]> = {
  ALERTMANAGER: [],
  PAGERDUTY: ["signing-secret"],
  CHAT: ["url", "format", "events", "service"],
  GITHUB: ["repository", "api-url"],
  JIRA: ["site", "email", "project", "issue-type", "done-status"],
};

/** The environment variable each kind's token comes from. */
const TOKEN_VARIABLE: Partial<Record<IntegrationKindName, string>> = { GITHUB: "GITHUB_TOKEN", JIRA: "JIRA_API_TOKEN" };

/** Where each input field came from, to name it in a refusal. */
const SOURCE: Record<string, string> = {
  signingSecret: "--signing-secret (or PAGERDUTY_SIGNING_SECRET)",
  webhookUrl: "--url",
  serviceId: "--service",
  apiUrl: "--api-url",
  baseUrl: "--site",
  projectKey: "--project",
  issueType: "--issue-type",
  doneStatus: "--done-status",
};

/** The command without its database set-up: returns the exit code. `environment` holds the secrets' variables. */
export async function integrationCreateCommand(argv: string[], io: Io = consoleIo, environment: Record<string, string | undefined> = {}): Promise<number> {
  const options = Object.fromEntries(["kind", "name", ...new Set(Object.values(KIND_OPTIONS).flat())].map((option) => [option, { type: "string" as const }]));
  const values = parseOptions<Values>(argv, options, USAGE, io);
  if (typeof values === "number") return values;
  if (!values.kind || values.name === undefined) {
    io.err(`Both --kind and --name are required.\n${USAGE}`);
    return 2;
  }
  const kind = values.kind.trim().toUpperCase() as IntegrationKindName;
  if (!INTEGRATION_KINDS.includes(kind)) {
    io.err(`Unknown kind "${values.kind}". Use one of: ${INTEGRATION_KINDS.map((name) => name.toLowerCase()).join(", ")}.`);
    return 2;
  }
  const foreign = (Object.keys(values) as (keyof Values)[]).filter((option) => option !== "kind" && option !== "name" && !KIND_OPTIONS[kind].includes(option));
  if (foreign.length) {
    io.err(`${foreign.map((option) => `--${option}`).join(", ")} ${foreign.length === 1 ? "is" : "are"} not for --kind ${kind.toLowerCase()}.\n${USAGE}`);
    return 2;
  }

  const input: Record<string, unknown> = { kind, name: values.name };
  if (kind === "PAGERDUTY") {
    input.signingSecret = values["signing-secret"] ?? environment.PAGERDUTY_SIGNING_SECRET;
    if (!input.signingSecret) {
      io.err("PagerDuty's signing secret is missing: set PAGERDUTY_SIGNING_SECRET (PagerDuty shows it when you add the Generic Webhook (v3) subscription).");
      return 2;
    }
  }
  if (kind === "CHAT") {
    Object.assign(input, {
      webhookUrl: values.url,
      format: values.format?.trim().toLowerCase() ?? "slack",
      events: values.events === undefined ? [...CHAT_EVENTS] : values.events.split(",").map((event) => event.trim()),
    });
    if (values.service !== undefined) {
      const service = await getDb().service.findFirst({
        where: { OR: [{ id: values.service }, { name: { equals: values.service.trim(), mode: "insensitive" } }] },
        select: { id: true },
      });
      if (!service) {
        io.err(`There is no service named "${values.service}". Add it at Admin > Services, or leave --service out for every service.`);
        return 1;
      }
      input.serviceId = service.id;
    }
  }
  if (kind === "GITHUB") Object.assign(input, { repository: values.repository, apiUrl: values["api-url"] });
  if (kind === "JIRA")
    Object.assign(input, {
      baseUrl: values.site,
      email: values.email,
      projectKey: values.project,
      issueType: values["issue-type"],
      doneStatus: values["done-status"],
    });
  const tokenVariable = TOKEN_VARIABLE[kind];
  if (tokenVariable) {
    input.apiToken = environment[tokenVariable];
    if (!input.apiToken?.toString().trim()) {
      io.err(`Set ${tokenVariable} to the ${INTEGRATION_KIND_LABELS[kind]} API token (it is read from the environment, not from an option).`);
      return 2;
    }
  }
  // Everything but Alertmanager keeps a secret sealed under AUTH_SECRET: it must be the app's, or the app cannot open it.
  if (kind !== "ALERTMANAGER" && !env().AUTH_SECRET) {
    io.err("AUTH_SECRET is not set, and the app has not generated one in its data directory yet: set AUTH_SECRET as the app has it, or start the app once.");
    return 1;
  }

  try {
    const { integration, secret } = await createIntegration(input, systemActor("cli:integration-create"));
    const webhookUrl = await integrationWebhookUrl(integration.kind);
    io.err(`Created ${INTEGRATION_KIND_LABELS[integration.kind]} integration "${integration.name}" (id ${integration.id}).`);
    if (webhookUrl) {
      io.out(`WEBHOOK_URL=${webhookUrl}`);
      io.err(kindHint(integration.kind));
      if (webhookUrl.startsWith(FALLBACK_BASE_URL))
        io.err(`The URL uses ${FALLBACK_BASE_URL}: set the instance's base URL (Admin > Settings) or AUTH_URL to the address the sender reaches.`);
    }
    if (secret) {
      io.out(`SECRET=${secret}`);
      io.err("Store the secret now: it is not shown again.");
    }
    return 0;
  } catch (error) {
    if (error instanceof InvalidInputError) {
      io.err(["Cannot create the integration:", ...error.issues.map((issue) => `  ${sourceOf(issue.path, kind)}: ${issue.message}`)].join("\n"));
      return 1;
    }
    return refusal(error, "Cannot create the integration:", io);
  }
}

function sourceOf(field: string, kind: IntegrationKindName): string {
  const top = field.split(".")[0]!;
  if (top === "apiToken") return TOKEN_VARIABLE[kind] ?? top;
  return SOURCE[top] ?? `--${top}`;
}

function kindHint(kind: IntegrationKindName): string {
  switch (kind) {
    case "ALERTMANAGER":
      return "In alertmanager.yml, add a receiver with webhook_configs: url = WEBHOOK_URL, http_config.authorization.credentials = SECRET.";
    case "PAGERDUTY":
      return "PagerDuty's Generic Webhook (v3) subscription posts to WEBHOOK_URL; its signatures are checked with the signing secret given.";
    case "GITHUB":
      return "In the repository's Settings > Webhooks, add WEBHOOK_URL (content type application/json) with SECRET as its secret and the Issues event.";
    case "JIRA":
      return "In Jira, System > WebHooks > Create a WebHook: WEBHOOK_URL as URL, SECRET as Secret, the Issue updated event.";
    case "CHAT":
      return "";
  }
}

/** AUTH_SECRET as the app has it: set, or the one `npm start` generated in the data directory (scripts/start.ts). */
export function adoptAppAuthSecret(dataDirectory: string): void {
  if (env().AUTH_SECRET) return;
  const file = path.join(dataDirectory, "auth-secret");
  if (fs.existsSync(file)) process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  loadDotEnvFile(); // .env as `npm start` reads it (variables set in the environment win over it)
  const { dataDirectory, withDatabase } = await import("@/lib/db/bootstrap");
  adoptAppAuthSecret(dataDirectory());
  // The secrets' variables are this command's input, not settings of the app (lib/env.ts).
  const { PAGERDUTY_SIGNING_SECRET, GITHUB_TOKEN, JIRA_API_TOKEN } = process.env;
  process.exitCode = await withDatabase(() =>
    integrationCreateCommand(process.argv.slice(2), consoleIo, { PAGERDUTY_SIGNING_SECRET, GITHUB_TOKEN, JIRA_API_TOKEN }),
  );
}
