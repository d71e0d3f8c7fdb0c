// The OpenAPI description of /api/v1/incidents, the report and its timeline.
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { authErrors, incidentPath, json, locationHeader, ok, operation, TAGS } from "@/lib/api/openapi-paths/common";
import { convertedReportSchema, importPreviewResponseSchema } from "@/lib/incidents/import";
import { INCIDENT_SORTS } from "@/lib/incidents/list-view";
import {
  createIncidentBodySchema,
  importResponseSchema,
  INCIDENT_STATUSES,
  incidentListResponseSchema,
  incidentResponseSchema,
  newTimelineEventSchema,
  REPORT_STATES,
  reportPatchSchema,
  timelineEventChangeResponseSchema,
  timelineEventPatchSchema,
  timelineListResponseSchema,
  versionResponseSchema,
} from "@/lib/incidents/schema";

const repeated = (description: string) =>
  z
    .array(z.string())
    .optional()
    .meta({ description, param: { style: "form", explode: true } });
const day = (description: string) => z.iso.date().optional().meta({ description });
const flag = (description: string) => z.enum(["1", "0", "true", "false"]).optional().meta({ description });

const listQuery = z.object({
  q: z.string().optional().meta({ description: "Full-text search; with it, the best match comes first and each item has a `snippet`" }),
  severity: repeated("Severities (repeat for several)"),
  status: z
    .string()
    .optional()
    .meta({ description: `Statuses, comma-separated or repeated: ${INCIDENT_STATUSES.join(", ")}` }),
  state: z
    .string()
    .optional()
    .meta({ description: `Review states, comma-separated or repeated: ${REPORT_STATES.join(", ")}` }),
  service: repeated("Service names (repeat for several: names may hold commas)"),
  from: day("First day (YYYY-MM-DD, in the caller's time zone) of the incident's start, included"),
  to: day("Last day, included"),
  author: z.string().optional().meta({ description: "A user id, or `me`" }),
  overdue: flag("Only incidents with an open action item past its due date"),
  private: z.enum(["true", "false"]).optional().meta({ description: "Only private (true) or only shared (false) reports" }),
  sort: z.enum(INCIDENT_SORTS).optional().meta({ description: "Default: startedAt (by relevance when searching)" }),
  order: z.enum(["asc", "desc"]).optional(),
  page: z.number().int().min(1).optional().meta({ description: "25 a page; a page past the end is empty" }),
});

const importQuery = z.object({
  dryRun: flag("Parse and answer the report with its warnings, guesses and questions; nothing is created"),
  convertOnly: flag("Answer the file converted to text (HTML, Word); nothing is read or created"),
  timeZone: z.string().optional().meta({ description: "IANA zone of times the report writes without one (default UTC or the zone it names)" }),
});

const eventPath = z.object({ id: incidentPath.shape.id, eventId: z.string().meta({ description: "The timeline event's id" }) });

export const incidentPaths: ZodOpenApiPathsObject = {
  "/api/v1/incidents": {
    get: operation(TAGS.incidents, "listIncidents", "List the incidents the caller may see", {
      description: "As the /incidents page shows them, 25 a page. A bad parameter is a 422 naming it.",
      requestParams: { query: listQuery },
      responses: { 200: ok("One page of incidents", incidentListResponseSchema), ...authErrors(403, 422) },
    }),
    post: operation(TAGS.incidents, "createIncident", "Create a report", {
      description:
        "The document's fields at the top level (those of GET /api/v1/incidents/{id}; `title` and `severity` required), as the editor creates a report. Services not in the catalog are added to it. Unknown fields are refused.",
      requestBody: { required: true, ...json(createIncidentBodySchema) },
      responses: { 201: ok("The new report", incidentResponseSchema, locationHeader), ...authErrors(403, 409, 415, 422) },
    }),
  },
  "/api/v1/incidents/import": {
    post: operation(TAGS.incidents, "importIncident", "Import a written postmortem", {
      description:
        "The report text (text/plain or text/markdown, up to 1 MB), an HTML page (Confluence or Google Docs export, up to 5 MB), a .docx (up to 10 MB), or any of these as `file` in multipart/form-data. HTML and Word are converted to Markdown, then read like any report.",
      requestParams: { query: importQuery },
      requestBody: {
        required: true,
        content: {
          "text/plain": { schema: z.string() },
          "text/markdown": { schema: z.string() },
          "text/html": { schema: z.string() },
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { schema: z.string().meta({ format: "binary" }) },
          "multipart/form-data": {
            schema: z.object({ file: z.string().meta({ format: "binary" }), timeZone: z.string().optional() }),
          },
        },
      },
      responses: {
        200: {
          description: "?dryRun=1: the parsed report; ?convertOnly=1: the converted text",
          content: { "application/json": { schema: z.union([importPreviewResponseSchema, convertedReportSchema]) } },
        },
        201: ok("The report was created", importResponseSchema, locationHeader),
        ...authErrors(403, 409, 413, 415, 422),
      },
    }),
  },
  "/api/v1/incidents/{id}": {
    get: operation(TAGS.incidents, "getIncident", "Read a report", {
      description:
        "The whole structured report (the JSON export), with `version` (send it back with a change), `reportState` and `signOff`: the latest sign-off whose signed revision is intact, or null.",
      requestParams: { path: incidentPath },
      responses: { 200: ok("The report", incidentResponseSchema), ...authErrors(403, 404) },
    }),
    patch: operation(TAGS.incidents, "updateIncident", "Change a report", {
      description:
        "The fields sent replace the stored ones (a list replaces the whole list; entries keep their rows by `id`), then the report is checked and saved as the editor saves it. A GET answer may be sent back whole. Approved reports are read-only (409) until a manager reopens them.",
      requestParams: { path: incidentPath },
      requestBody: { required: true, ...json(reportPatchSchema) },
      responses: { 200: ok("The report as saved", incidentResponseSchema), ...authErrors(403, 404, 409, 415, 422) },
    }),
  },
  "/api/v1/incidents/{id}/timeline": {
    get: operation(TAGS.timeline, "listTimelineEvents", "Read a report's timeline", {
      description: "The events in time order, and the report's `version` a change must name.",
      requestParams: { path: incidentPath },
      responses: { 200: ok("The timeline", timelineListResponseSchema), ...authErrors(403, 404) },
    }),
    post: operation(TAGS.timeline, "addTimelineEvent", "Add a timeline event", {
      description:
        "A save of the report: a milestone sets detectedAt, mitigatedAt or resolvedAt as in the editor. Without `version` the event is added to the report as it is; with it, a report changed since is a 409.",
      requestParams: { path: incidentPath },
      requestBody: { required: true, ...json(newTimelineEventSchema) },
      responses: {
        201: ok("The event and the report's new version", timelineEventChangeResponseSchema, locationHeader),
        ...authErrors(403, 404, 409, 415, 422),
      },
    }),
  },
  "/api/v1/incidents/{id}/timeline/{eventId}": {
    patch: operation(TAGS.timeline, "updateTimelineEvent", "Change a timeline event", {
      description: "The fields sent change; `version` is the report's.",
      requestParams: { path: eventPath },
      requestBody: { required: true, ...json(timelineEventPatchSchema) },
      responses: { 200: ok("The event and the report's new version", timelineEventChangeResponseSchema), ...authErrors(403, 404, 409, 415, 422) },
    }),
    delete: operation(TAGS.timeline, "deleteTimelineEvent", "Remove a timeline event", {
      requestParams: {
        path: eventPath,
        query: z.object({ version: z.number().int().min(1).meta({ description: "The report's version the removal was decided on" }) }),
      },
      responses: { 200: ok("The report's new version", versionResponseSchema), ...authErrors(403, 404, 409, 422) },
    }),
  },
};
