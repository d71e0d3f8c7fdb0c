// What every part of the OpenAPI document shares: the answers written once (errors, JSON bodies), path parameters
// and tags. The parts (one file per resource in this folder) describe each route with the zod schemas it really
// uses; lib/api/openapi.ts puts them together.
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from "zod-openapi";
import { errorResponseSchema } from "@/lib/api/schema";

export const TAGS = {
  incidents: "Incidents",
  timeline: "Timeline",
  reviews: "Review and sign-off",
  files: "Attachments and metrics",
  actionItems: "Action items",
  services: "Services",
  insights: "Insights",
  account: "Account",
  webhooks: "Webhooks",
  meta: "API description",
} as const;

/** A JSON body or answer. */
export function json(schema: z.ZodType, description?: string) {
  return { ...(description ? { description } : {}), content: { "application/json": { schema } } };
}

/** A successful JSON answer. */
export function ok(description: string, schema: z.ZodType, headers?: ZodOpenApiResponseObject["headers"]): ZodOpenApiResponseObject {
  return { description, ...json(schema), ...(headers ? { headers } : {}) };
}

/** Location of what a POST created. */
export const locationHeader = z.object({ Location: z.string().meta({ description: "Where the created resource is read (GET)" }) });

const ERRORS = {
  400: "The request is malformed (a body cut off on the way, a value the database cannot store)",
  401: "No caller: send `Authorization: Bearer <token>` (a presented token that is invalid, expired or revoked is refused too)",
  403: "The caller's role may not do this (or a cookie-authenticated change came from another origin)",
  404: "Not there, or not the caller's to see: a private report the caller cannot open answers as one that does not exist",
  409: "A conflict: a stale `version` (the stored state in `error.details`, `currentVersion` among it), or a state that does not allow it",
  413: "The body is over the size limit (the message says the limit)",
  415: "The body is not of a type this route reads (JSON bodies must be sent as application/json)",
  422: "Invalid input: `error.issues` names each field (body field, query parameter) and what is wrong with it",
  502: "The outside service refused or did not answer (the message says why); nothing was stored. For a file: the object storage refused, or the file's object is gone from it",
  503: "The object storage (HINDSIGHT_STORAGE=s3) cannot be reached: nothing was stored; try again later",
} as const;
export type ErrorStatus = keyof typeof ERRORS;

/** Responses registered once in components.responses, referred to by every operation. */
export const ERROR_RESPONSES: Record<string, ZodOpenApiResponseObject> = Object.fromEntries(
  Object.entries(ERRORS).map(([status, description]) => [`Error${status}`, { description, ...json(errorResponseSchema) }]),
);

/** The error answers an operation can give, each `{ error: { code, message, issues? } }`. */
export function errors(...statuses: ErrorStatus[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/Error${status}` }]));
}

/** Errors of any call made with a token: 401 first, then what the operation adds. */
export const authErrors = (...statuses: ErrorStatus[]) => errors(401, ...statuses);

export const incidentParam = z.string().meta({ description: "The incident's database id or its public id (INC-2024-1127-001)", example: "INC-2024-1127-001" });
export const incidentPath = z.object({ id: incidentParam });

/** An operation: tag, id and summary first, the rest as zod-openapi takes it. */
export function operation(tag: string, operationId: string, summary: string, rest: Omit<ZodOpenApiOperationObject, "tags" | "operationId" | "summary">) {
  return { tags: [tag], operationId, summary, ...rest } satisfies ZodOpenApiOperationObject;
}

/** The body schema of a route's action input without the fields the route takes from the path. */
export function bodyOf<Shape extends z.ZodRawShape, Drop extends keyof Shape & string>(schema: { shape: Shape }, ...fromPath: Drop[]) {
  const shape: Partial<Shape> = { ...schema.shape };
  for (const key of fromPath) delete shape[key];
  return z.object(shape as Omit<Shape, Drop>);
}
