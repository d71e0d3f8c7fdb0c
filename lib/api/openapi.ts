// The OpenAPI 3.1 document of /api/v1, generated (zod-openapi) from the zod schemas the routes use: request bodies
// from the domains' input schemas, answers from the schemas the routes' answers are typed by (each domain's
// schema.ts). Served at GET /api/v1/openapi.json; lib/api/openapi.test.ts checks that it lists exactly the routes on
// disk, that it is valid OpenAPI 3.1, and that real answers match it.
import { z } from "zod";
import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import packageJson from "@/package.json";
import { ERROR_RESPONSES, TAGS } from "@/lib/api/openapi-paths/common";
import { filePaths } from "@/lib/api/openapi-paths/files";
import { incidentPaths } from "@/lib/api/openapi-paths/incidents";
import { otherPaths } from "@/lib/api/openapi-paths/others";
import { reviewPaths } from "@/lib/api/openapi-paths/reviews";

export const OPENAPI_DOCUMENT_PATH = "/api/v1/openapi.json";

/** Every documented path and operation, with its zod schemas (the tests check real answers against them). */
export const API_PATHS: ZodOpenApiPathsObject = { ...incidentPaths, ...reviewPaths, ...filePaths, ...otherPaths };

const DESCRIPTION = `Hindsight's REST API: incident postmortems, their review and sign-off, action items and the services catalog.

Authenticate with an API token (create one under *Your account > API tokens*, or \`npm run token:create\`): \`Authorization: Bearer hst_...\`. The token acts as its user, with that user's role; private reports stay hidden from whoever cannot open them (a 404, as for a report that does not exist). The app's own pages call the same API with the session cookie (changes only from the app's origin).

Errors are JSON \`{ "error": { "code", "message", "issues"? } }\` with a 4xx status; \`issues\` name each invalid field. Records that can be edited carry a \`version\`: send it back with a change, and a change made against an older version is a 409 with the stored state in \`error.details\`, never a silent overwrite.

The inbound webhooks (Alertmanager, PagerDuty, GitHub, Jira) take no API token: each is authenticated by its sender's secret or signature, configured under *Admin > Integrations*.`;

/**
 * How a zod schema with a normalising transform is described in an answer: as its input. The one such transform in
 * the answers' schemas turns a time written with an offset into UTC (lib/time/accepted-range.ts), so the answer has
 * the input's shape; zod-openapi cannot know that and refuses transforms in answers otherwise.
 */
function describeTransformsByInput({ jsonSchema, zodSchema, io }: { jsonSchema: Record<string, unknown>; zodSchema: z.core.$ZodType; io: "input" | "output" }) {
  const def = zodSchema._zod.def;
  if (io !== "output" || def.type !== "pipe" || Object.keys(jsonSchema).length > 0) return;
  const { in: input, out } = def as z.core.$ZodPipeDef;
  if (out._zod.def.type !== "transform") return;
  const { $schema: _dialect, ...described } = z.toJSONSchema(input, { io: "input", unrepresentable: "any" });
  Object.assign(jsonSchema, described);
}

export function buildOpenApiDocument() {
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Hindsight API",
        version: packageJson.version,
        description: DESCRIPTION,
        license: { name: "See the repository", identifier: "NOASSERTION" },
      },
      servers: [{ url: "/", description: "This Hindsight instance" }],
      tags: [
        { name: TAGS.incidents, description: "Reports: list, create, read, change, import" },
        { name: TAGS.timeline, description: "A report's timeline, event by event" },
        { name: TAGS.reviews, description: "Submit, approve (sign off), request changes, reopen; revisions and the audit trail" },
        { name: TAGS.files, description: "Attachments, monitoring exports and charts" },
        { name: TAGS.actionItems, description: "Follow-through: action items and their tracker issues" },
        { name: TAGS.services, description: "The services catalog" },
        { name: TAGS.insights, description: "Numbers over all incidents" },
        { name: TAGS.account, description: "The caller" },
        { name: TAGS.webhooks, description: "Inbound webhooks from monitoring and trackers, each with its own credential" },
        { name: TAGS.meta, description: "This document" },
      ],
      security: [{ apiToken: [] }],
      paths: API_PATHS,
      components: {
        securitySchemes: {
          apiToken: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "hst_...",
            description: "An API token (Your account > API tokens, or `npm run token:create`), sent as `Authorization: Bearer hst_...`.",
          },
          alertmanagerSecret: {
            type: "http",
            scheme: "bearer",
            description: "The Alertmanager integration's generated secret (webhook_config http_config.authorization.credentials).",
          },
          pagerdutySignature: {
            type: "apiKey",
            in: "header",
            name: "X-PagerDuty-Signature",
            description: "v1=<hex HMAC-SHA256 of the raw body with the subscription's signing secret>; several, comma-separated, during a rotation.",
          },
          githubSignature: {
            type: "apiKey",
            in: "header",
            name: "X-Hub-Signature-256",
            description: "sha256=<hex HMAC-SHA256 of the raw body with the integration's signing secret>; X-GitHub-Delivery is the replay id.",
          },
          jiraSignature: {
            type: "apiKey",
            in: "header",
            name: "X-Hub-Signature",
            description: "sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>; X-Atlassian-Webhook-Identifier is the replay id.",
          },
        },
        responses: ERROR_RESPONSES,
      },
    },
    { override: describeTransformsByInput },
  );
}

let cached: string | undefined;

/** The document as JSON, built once per process: it depends on nothing but the code. */
export function openApiDocumentJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument());
  return cached;
}
