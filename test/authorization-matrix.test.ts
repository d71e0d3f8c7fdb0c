// The authorization matrix: every route handler (every route.ts under app/, every HTTP method it exports) and every
// server action (every export of a "use server" module under app/ and lib/), found on disk, run as anonymous, viewer,
// SRE, manager, admin and an outsider: an SRE who does not take part in the private report the call names (for calls
// about one incident, also naming that report's rows under a public report). Calls with a row rule also run as the
// row's owner and the report's author. What each may do is declared in lib/auth/route-rules.ts on top of
// lib/auth/permissions.ts; this test compares that with what the code answers, on the real database.
//
// Route handlers are called directly with a bearer token per role (anonymous: no Authorization header, no session).
// Server actions read the session through lib/auth/session.ts, which needs a Next request: it is replaced by the
// actor under test, as in the other action tests. Auth.js's signIn/signOut (which set cookies, so also need a Next
// request) are replaced by no-ops; its route handlers stay real.
//
// Allowed means the call got past authorization: any answer but 401, 403 and 404 (a 409 or 422 is the call's own
// business). Denied means 401 for anonymous, 403 (or 404 where the row rule hides the row) for a role, and for the
// outsider the very answer the same call gets when the ids it names do not exist. Whatever the outsider may call
// (lists, their own account) must not name the private report or its rows.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID, createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import type { UserActor, ActorUser } from "@/lib/auth/actor";
import { userActor } from "@/lib/auth/actor";
import { can, type Role } from "@/lib/auth/permissions";
import { ACTION_RULES, requiredPermission, ROUTE_RULES, ROW_RULES, type AccessRule, type RowRelation } from "@/lib/auth/route-rules";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { insertAttachment } from "@/lib/attachments/store";
import { getDb } from "@/lib/db/client";
import { insertReport } from "@/lib/incidents/store";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { storeParsedSeries } from "@/lib/metrics/store";
import { createTestUser } from "@/lib/users/test-fixtures";

const session = vi.hoisted(() => {
  // Auth.js refuses to run without a secret; the matrix calls its route handlers.
  process.env.AUTH_SECRET ??= "authorization-matrix-test-secret-0123456789";
  process.env.AUTH_TRUST_HOST ??= "true";
  return { actor: null as UserActor | null };
});

vi.mock("@/lib/auth/session", async () => {
  const { redirect } = await import("next/navigation");
  const permissions = await import("@/lib/auth/permissions");
  return {
    FORBIDDEN_PATH: "/forbidden",
    actorFromSession: async () => session.actor,
    getCurrentUser: async () => session.actor?.user ?? null,
    requireUser: async (permission?: Parameters<typeof permissions.can>[1]) => {
      const user = session.actor?.user;
      if (!user) return redirect("/login");
      if (permission && !permissions.can(user.role, permission)) redirect(`/forbidden?permission=${permission}`);
      return user;
    },
  };
});

vi.mock("@/lib/auth/auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/auth")>()),
  auth: async () => null,
  signIn: async () => undefined,
  signOut: async () => undefined,
}));

// ---------------------------------------------------------------------------------------------------------------
// What is on disk

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const RULES_FILE = "lib/auth/route-rules.ts";
const THIS_FILE = "test/authorization-matrix.test.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : sourceFiles(relative);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** The URL path of app/<folders>/route.ts: route groups `(name)` and slots `@name` are not part of it. */
function routePath(file: string): string {
  const folders = path.posix.dirname(file).split("/").slice(1);
  return `/${folders.filter((folder) => !/^\(.*\)$/.test(folder) && !folder.startsWith("@")).join("/")}`;
}

const USE_SERVER_DIRECTIVE = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use server["']/;

const appFiles = sourceFiles("app");
const routeFiles = appFiles.filter((file) => /(^|\/)route\.(ts|tsx|js|mjs)$/.test(file));
const serverModules = [...appFiles, ...sourceFiles("lib")].filter((file) => USE_SERVER_DIRECTIVE.test(readFileSync(path.join(ROOT, file), "utf8")));
// "use server" inside a function body makes an action this test would not see: such files are listed as a failure.
const inlineActionFiles = [...appFiles, ...sourceFiles("components"), ...sourceFiles("lib")].filter((file) => {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  return /["']use server["']/.test(text) && !USE_SERVER_DIRECTIVE.test(text);
});

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Endpoint =
  | { key: string; kind: "route"; method: string; path: string; handler: Handler }
  | { key: string; kind: "action"; file: string; name: string; action: (...args: unknown[]) => Promise<unknown> };

const endpoints: Endpoint[] = [];
for (const file of routeFiles) {
  const routeModule = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
  for (const method of HTTP_METHODS) {
    if (typeof routeModule[method] === "function")
      endpoints.push({ key: `${method} ${routePath(file)}`, kind: "route", method, path: routePath(file), handler: routeModule[method] as Handler });
  }
}
for (const file of serverModules) {
  const actionModule = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(actionModule)) {
    if (typeof value === "function")
      endpoints.push({ key: `${file}#${name}`, kind: "action", file, name, action: value as (...args: unknown[]) => Promise<unknown> });
  }
}
endpoints.sort((a, b) => a.key.localeCompare(b.key));

const ruleOf = (endpoint: Endpoint): AccessRule | undefined => (endpoint.kind === "route" ? ROUTE_RULES[endpoint.key] : ACTION_RULES[endpoint.key]);

// ---------------------------------------------------------------------------------------------------------------
// The people and the rows the calls name

type Member = { user: ActorUser; authorization: string };
type Cast = Record<"viewer" | "sre" | "manager" | "admin" | "outsider" | "author" | "owner", Member> & {
  ownerSpareTokenId: string;
  calendarToken: string;
  unsubscribeToken: string;
};

let castPromise: Promise<Cast> | undefined;
const cast = () => (castPromise ??= createCast());

async function member(role: Role, label: string): Promise<Member> {
  const user = await createTestUser({ role, name: `Matrix ${label}` });
  const { plaintext } = await createApiToken({ name: "authorization matrix" }, userActor(user));
  return { user, authorization: `Bearer ${plaintext}` };
}

async function createCast(): Promise<Cast> {
  const people = {
    viewer: await member("VIEWER", "viewer"),
    sre: await member("SRE", "SRE"),
    manager: await member("MANAGER", "manager"),
    admin: await member("ADMIN", "admin"),
    outsider: await member("SRE", "outsider"),
    author: await member("SRE", "author"),
    owner: await member("SRE", "owner"),
  };
  const spare = await createApiToken({ name: "someone else's token" }, userActor(people.owner.user));
  const calendarToken = `matrix-${randomUUID()}`;
  const { unsubscribeToken } = await getDb().user.update({ where: { id: people.owner.user.id }, data: { calendarToken }, select: { unsubscribeToken: true } });
  return { ...people, ownerSpareTokenId: spare.token.id, calendarToken, unsubscribeToken };
}

/** What the report must be like for a call to reach its authorization (an approval needs a report in review...). */
type Stage = "draft" | "in-review" | "in-review-with-comment" | "approved";

/** The ids a call names. */
type Target = {
  incidentId: string;
  publicIncidentId: string;
  actionItemId: string;
  attachmentId: string;
  seriesId: string;
  chartId: string;
  followUpId: string;
  commentId: string;
  timelineEventId: string;
  /** a service the private report lists (the catalog is everyone's; its figures count only what the caller may open) */
  serviceId: string;
  tokenId: string;
  calendarFile: string;
  /** the owner's reminder-mail unsubscribe token (a public route: any caller unsubscribes the owner) */
  unsubscribeToken: string;
};
/** `privateMarks`: what no answer to someone who cannot open the private report may contain. */
type Scene = { target: Target; version: number; actionItemVersion: number; document: ReportDocument; privateMarks: string[] };

const scenes = new Map<Stage, Promise<Scene>>();
const sceneFor = (stage: Stage) => scenes.get(stage) ?? scenes.set(stage, buildScene(stage)).get(stage)!;

/**
 * A private report written by `author`, with the viewer, the SRE and the owner taking part (managers and admins read
 * every private report; the outsider does not take part), an action item owned by `owner`, a file, a metric series
 * on a chart and a follow-up review to come.
 */
async function buildScene(stage: Stage): Promise<Scene> {
  const people = await cast();
  const db = getDb();
  const document = reportDocumentSchema.parse({
    publicId: `INC-MATRIX-${randomUUID().slice(0, 8)}`,
    title: "Matrix private report",
    severity: "High",
    private: true,
    startedAt: "2025-06-01T10:00:00Z",
    rootCause: "A cache node ran out of memory.",
    timeline: [{ occurredAt: "2025-06-01T10:00:00Z", text: "Latency alert", kind: "ALERT", milestone: "DETECTED" }],
    services: [`Matrix cache ${randomUUID().slice(0, 8)}`],
    preventiveMeasures: ["Alert on cache memory"],
  });
  const incident = await db.$transaction((tx) => insertReport(tx, document, { authorId: people.author.user.id }));
  await db.incidentParticipant.createMany({
    data: [
      { incidentId: incident.id, userId: people.author.user.id, role: "AUTHOR" },
      { incidentId: incident.id, userId: people.viewer.user.id, role: "OBSERVER" },
      { incidentId: incident.id, userId: people.sre.user.id, role: "RESPONDER" },
      { incidentId: incident.id, userId: people.owner.user.id, role: "RESPONDER" },
    ],
  });
  const timelineEvent = await db.timelineEvent.findFirstOrThrow({ where: { incidentId: incident.id }, select: { id: true } });
  const service = await db.service.findUniqueOrThrow({ where: { name: document.services[0]! }, select: { id: true } });
  const item = await db.actionItem.create({ data: { incidentId: incident.id, position: 0, title: "Alert on cache memory", ownerId: people.owner.user.id } });
  const bytes = new TextEncoder().encode("what the pager said\n");
  const { attachment, series } = await db.$transaction(async (tx) => {
    const attachment = await insertAttachment(tx, {
      incidentId: incident.id,
      filename: "pager.txt",
      contentType: "text/plain",
      description: null,
      bytes: { data: bytes },
      sha256: createHash("sha256").update(bytes).digest("hex"),
      uploadedById: people.author.user.id,
    });
    const start = Date.parse("2025-06-01T10:00:00Z");
    const series = await storeParsedSeries(tx, incident.id, attachment.id, {
      format: "generic-csv",
      series: [{ name: "latency", labels: {}, unit: "ms", timestamps: Float64Array.of(start, start + 60_000), values: Float64Array.of(120, 480) }],
      warnings: [],
      partial: false,
    });
    return { attachment, series };
  });
  const chart = await db.metricChart.create({
    data: { incidentId: incident.id, position: 0, title: "Latency", series: { create: [{ seriesId: series[0]!.id, position: 0 }] } },
  });
  const followUp = await db.followUpReview.create({ data: { incidentId: incident.id, scheduledAt: new Date("2030-01-15T10:00:00Z") } });
  // A report everyone may open, for naming the private report's rows under it.
  const publicDocument = reportDocumentSchema.parse({
    publicId: `INC-MATRIX-PUBLIC-${randomUUID().slice(0, 8)}`,
    title: "Matrix public report",
    severity: "Low",
  });
  const publicIncident = await db.$transaction((tx) => insertReport(tx, publicDocument, { authorId: people.author.user.id }));

  let commentId = "";
  if (stage !== "draft") {
    await db.incident.update({ where: { id: incident.id }, data: { reportState: stage === "approved" ? "APPROVED" : "IN_REVIEW" } });
    await db.reviewAssignment.create({ data: { incidentId: incident.id, reviewerId: people.manager.user.id } });
    await db.incidentParticipant.create({ data: { incidentId: incident.id, userId: people.manager.user.id, role: "REVIEWER" } });
  }
  if (stage === "in-review-with-comment") {
    commentId = (await db.reviewComment.create({ data: { incidentId: incident.id, section: "general", body: "Which node?", authorId: people.author.user.id } }))
      .id;
  }
  const stored = await db.incident.findUniqueOrThrow({ where: { id: incident.id }, select: { version: true } });
  return {
    target: {
      incidentId: incident.id,
      publicIncidentId: publicIncident.id,
      actionItemId: item.id,
      attachmentId: attachment.id,
      seriesId: series[0]!.id,
      chartId: chart.id,
      followUpId: followUp.id,
      commentId,
      timelineEventId: timelineEvent.id,
      serviceId: service.id,
      tokenId: people.ownerSpareTokenId,
      calendarFile: `${people.calendarToken}.ics`,
      unsubscribeToken: people.unsubscribeToken,
    },
    version: stored.version,
    actionItemVersion: item.version,
    document,
    privateMarks: [incident.id, incident.publicId, document.title, item.id, attachment.id, series[0]!.id, chart.id, followUp.id, timelineEvent.id],
  };
}

/** The same ids, none of which exists: what the outsider must not be able to tell apart from the private report. */
function ghostOf(target: Target): Target {
  const ghost = (name: string) => `ghost${name}${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  return Object.fromEntries(Object.keys(target).map((key) => [key, ghost(key)])) as Target;
}

/**
 * For the outsider naming the private report's rows (a file, a series, a chart, a comment) under the public report,
 * which they may open: the call as made, and the same call with those rows' ids made up.
 */
function viaPublicReport(target: Target): { made: Target; missing: Target } {
  const ghost = ghostOf(target);
  return {
    made: { ...target, incidentId: target.publicIncidentId },
    missing: { ...ghost, incidentId: target.publicIncidentId, publicIncidentId: target.publicIncidentId },
  };
}

/** The ids of the scene a call names: found by calling its builder with a target that notes what is read. */
function idsNamedBy(endpoint: Endpoint, scene: Scene, people: Cast): Set<keyof Target> {
  const read = new Set<keyof Target>();
  const target = new Proxy(scene.target, { get: (object, key: string) => (read.add(key as keyof Target), object[key as keyof Target]) });
  const context = { scene, target, people };
  if (endpoint.kind === "route") {
    for (const match of endpoint.path.matchAll(/\[([^\]]+)\]/g)) segmentValue(endpoint.path, match[1]!, target, endpoint.method);
    ROUTE_CALLS[endpoint.key]?.body?.(context);
  } else {
    ACTION_CALLS[endpoint.key]?.args(context);
  }
  return read;
}

/** Ids that name rows inside a report, as opposed to the report itself or the caller's own things. */
const ROW_IDS: (keyof Target)[] = ["actionItemId", "attachmentId", "seriesId", "chartId", "followUpId", "commentId", "timelineEventId"];

// ---------------------------------------------------------------------------------------------------------------
// How each endpoint is called. Routes get their path's ids from the scene; these say what body they need and what
// state the report must be in. Actions get their input here; one without an entry is called with an empty form,
// which reaches the permission check (it comes before validation) but not a row or incident check.

type CallContext = { scene: Scene; target: Target; people: Cast };
type Payload = { body: BodyInit; type?: string; cookie?: string };
type RouteCall = { stage?: Stage; query?: string; body?: (context: CallContext) => Payload | Promise<Payload> };
type ActionCall = { stage?: Stage; args: (context: CallContext) => unknown[] };

const json = (value: unknown) => ({ body: JSON.stringify(value), type: "application/json" });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};
const fileForm = (name: string, text: string) => {
  const data = new FormData();
  data.set("file", new Blob([text], { type: "text/plain" }), name);
  return { body: data };
};

const ROUTE_CALLS: Record<string, RouteCall> = {
  "POST /api/v1/incidents/import": { query: "?dryRun=1", body: () => ({ body: "Title: Matrix import\nSeverity: Low\n", type: "text/plain" }) },
  "POST /api/v1/incidents/[id]/submit": { body: ({ people }) => json({ reviewers: [people.manager.user.email] }) },
  "POST /api/v1/incidents/[id]/approve": { stage: "in-review", body: () => json({}) },
  "POST /api/v1/incidents/[id]/request-changes": { stage: "in-review", body: () => json({ comment: "Say which node." }) },
  "POST /api/v1/incidents/[id]/reopen": { stage: "approved", body: () => json({}) },
  "POST /api/v1/incidents/[id]/attachments": { body: () => fileForm("notes.txt", "more notes\n") },
  "POST /api/v1/incidents/[id]/metrics": { body: () => fileForm("export.csv", "not a monitoring export\n") },
  "POST /api/v1/incidents/[id]/charts": { body: ({ target }) => json({ title: "Latency again", seriesIds: [target.seriesId] }) },
  "PATCH /api/v1/incidents/[id]/charts/[chartId]": { body: () => json({ title: "Latency, renamed" }) },
  "PATCH /api/v1/action-items/[id]": { body: ({ scene }) => json({ version: scene.actionItemVersion, priority: "HIGH" }) },
  "PATCH /api/v1/incidents/[id]": { body: ({ scene }) => json({ version: scene.version, summary: "Rewritten through the API." }) },
  "POST /api/v1/incidents/[id]/timeline": { body: () => json({ occurredAt: "2025-06-01T10:05:00Z", text: "Paged the cache on-call" }) },
  "PATCH /api/v1/incidents/[id]/timeline/[eventId]": { body: ({ scene }) => json({ version: scene.version, text: "Latency alert fired" }) },
  "POST /api/v1/incidents/[id]/action-items": { body: () => json({ title: "Page on cache memory" }) },
  "PATCH /api/v1/services/[id]": { body: () => json({ team: "Caching" }) },
  // One-click unsubscribe as a mail client sends it (RFC 8058).
  "POST /api/unsubscribe/[token]": { body: () => ({ body: "List-Unsubscribe=One-Click", type: "application/x-www-form-urlencoded" }) },
  // Sign-out with the CSRF token Auth.js hands out (without one, its own guard answers before anything else).
  "POST /api/auth/[...nextauth]": {
    body: async () => {
      const { GET } = await import("@/app/api/auth/[...nextauth]/route");
      const answer = await GET(new NextRequest("http://hindsight.test/api/auth/csrf", { headers: { host: "hindsight.test" } }));
      const { csrfToken } = (await answer.json()) as { csrfToken: string };
      const cookie = answer.headers
        .getSetCookie()
        .map((line) => line.split(";")[0])
        .join("; ");
      return { body: new URLSearchParams({ csrfToken }).toString(), type: "application/x-www-form-urlencoded", cookie };
    },
  },
};

/** The value of a dynamic segment: which id `[name]` stands for under `routePath`. */
function segmentValue(routePath: string, name: string, target: Target, method: string): string | string[] {
  if (name === "...nextauth") return [method === "GET" ? "session" : "signout"];
  if (name === "file") return target.calendarFile;
  if (name === "token") return target.unsubscribeToken;
  if (name === "id" && routePath.startsWith("/api/v1/services/")) return target.serviceId;
  if (name === "id") return routePath.startsWith("/api/v1/action-items/") ? target.actionItemId : target.incidentId;
  const byName: Record<string, string> = {
    attachmentId: target.attachmentId,
    seriesId: target.seriesId,
    chartId: target.chartId,
    eventId: target.timelineEventId,
  };
  if (byName[name]) return byName[name]!;
  throw new Error(`${THIS_FILE}: say in segmentValue() which id the segment [${name}] of ${routePath} stands for.`);
}

const ACTIONS = "app/(app)";
const ACTION_CALLS: Record<string, ActionCall> = {
  [`${ACTIONS}/account/actions.ts#revokeTokenAction`]: { args: ({ target }) => [null, form({ tokenId: target.tokenId })] },
  [`${ACTIONS}/incidents/[id]/edit/actions.ts#saveReportAction`]: {
    args: ({ target, scene }) => [{ id: target.incidentId, expectedVersion: scene.version, document: scene.document }],
  },
  [`${ACTIONS}/incidents/[id]/follow-up-actions.ts#scheduleFollowUpAction`]: {
    args: ({ target }) => [null, form({ incident: target.incidentId, scheduledAt: "2030-02-01T10:00" })],
  },
  [`${ACTIONS}/incidents/[id]/follow-up-actions.ts#updateFollowUpAction`]: {
    args: ({ target }) => [null, form({ id: target.followUpId, version: "1", scheduledAt: "2030-02-02T10:00" })],
  },
  [`${ACTIONS}/incidents/[id]/follow-up-actions.ts#recordFollowUpOutcomeAction`]: {
    args: ({ target }) => [null, form({ id: target.followUpId, version: "1", outcome: "The alert fired in time." })],
  },
  [`${ACTIONS}/reviews/actions.ts#submitForReviewAction`]: {
    args: ({ target, people }) => [null, form({ incidentId: target.incidentId, reviewers: people.manager.user.email })],
  },
  [`${ACTIONS}/reviews/actions.ts#approveReportAction`]: { stage: "in-review", args: ({ target }) => [null, form({ incidentId: target.incidentId })] },
  [`${ACTIONS}/reviews/actions.ts#requestChangesAction`]: {
    stage: "in-review",
    args: ({ target }) => [null, form({ incidentId: target.incidentId, comment: "Say which node." })],
  },
  [`${ACTIONS}/reviews/actions.ts#reopenReportAction`]: { stage: "approved", args: ({ target }) => [null, form({ incidentId: target.incidentId })] },
  [`${ACTIONS}/reviews/actions.ts#addCommentAction`]: { args: ({ target }) => [null, form({ incidentId: target.incidentId, body: "Which node?" })] },
  [`${ACTIONS}/reviews/actions.ts#resolveCommentAction`]: {
    stage: "in-review-with-comment",
    args: ({ target }) => [null, form({ incidentId: target.incidentId, commentId: target.commentId })],
  },
  [`${ACTIONS}/action-items/actions.ts#createActionItemAction`]: {
    args: ({ target }) => [null, form({ incident: target.incidentId, title: "Page on cache memory" })],
  },
  [`${ACTIONS}/action-items/actions.ts#updateActionItemAction`]: {
    args: ({ target, scene }) => [{ id: target.actionItemId, version: scene.actionItemVersion, priority: "HIGH" }],
  },
};

function defaultActionArgs(action: (...args: unknown[]) => unknown): unknown[] {
  // (previousState, formData) for useActionState forms, (formData) for plain form actions, () for buttons.
  return action.length >= 2 ? [null, new FormData()] : action.length === 1 ? [new FormData()] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Running one call and reading its answer

/**
 * `owner`, `author`: SREs whom only a row rule lets through (the action item's owner, who also owns the token a call
 * revokes; the report's author, who also wrote the comment a call resolves), asked only where a rule has a row rule.
 * `outsider`: an SRE who does not take part in the private report. `outsider via public report`: the same person
 * naming the private report's rows under a report they may open (`/incidents/<public>/attachments/<private file>`).
 */
type Who = "anonymous" | "viewer" | "sre" | "manager" | "admin" | "owner" | "author" | "outsider" | "outsider via public report";
const ROLE_OF: Record<Exclude<Who, "anonymous">, Role> = {
  viewer: "VIEWER",
  sre: "SRE",
  manager: "MANAGER",
  admin: "ADMIN",
  owner: "SRE",
  author: "SRE",
  outsider: "SRE",
  "outsider via public report": "SRE",
};
const isOutsider = (who: Who) => who === "outsider" || who === "outsider via public report";

/**
 * `status`: the HTTP status, or for an action the one its error code stands for (200 when it went through).
 * `detail`: the start of the answer, for messages; `body`: all of it.
 */
type Outcome = { status: number; detail: string; body: string };

const ACTION_CODE_STATUS: Record<string, number> = {
  unauthenticated: 401,
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 422,
};

async function callEndpoint(endpoint: Endpoint, who: Who, context: CallContext): Promise<Outcome> {
  const caller = who === "anonymous" ? null : context.people[who === "outsider via public report" ? "outsider" : who];
  if (endpoint.kind === "route") {
    session.actor = null; // routes are called with a bearer token or nothing
    const call = ROUTE_CALLS[endpoint.key] ?? {};
    const params: Record<string, string | string[]> = {};
    let url = endpoint.path;
    for (const match of endpoint.path.matchAll(/\[([^\]]+)\]/g)) {
      const name = match[1]!;
      const value = segmentValue(endpoint.path, name, context.target, endpoint.method);
      params[name.replace(/^\.\.\./, "")] = value;
      url = url.replace(match[0], (Array.isArray(value) ? value : [value]).map(encodeURIComponent).join("/"));
    }
    const payload = await call.body?.(context);
    const headers = new Headers({ host: "hindsight.test" });
    if (caller) headers.set("authorization", caller.authorization);
    if (payload?.type) headers.set("content-type", payload.type);
    if (payload?.cookie) headers.set("cookie", payload.cookie);
    const request = new NextRequest(`http://hindsight.test${url}${call.query ?? ""}`, { method: endpoint.method, headers, body: payload?.body });
    const response = await endpoint.handler(request, { params: Promise.resolve(params) });
    const body = await response.text();
    return { status: response.status, detail: body.slice(0, 500), body };
  }

  session.actor = caller ? userActor(caller.user) : null;
  const call = ACTION_CALLS[endpoint.key];
  try {
    const result = (await endpoint.action(...(call ? call.args(context) : defaultActionArgs(endpoint.action)))) as
      { ok?: boolean; code?: string; message?: string } | undefined;
    const body = JSON.stringify(result ?? null);
    if (result && result.ok === false) return { status: ACTION_CODE_STATUS[result.code ?? ""] ?? 400, detail: `${result.code}: ${result.message}`, body };
    return { status: 200, detail: body.slice(0, 300), body };
  } catch (error) {
    // redirect() throws; its digest is "NEXT_REDIRECT;<type>;<url>;<status>;"
    const digest = (error as { digest?: unknown } | null)?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) {
      const location = digest.split(";")[2] ?? "";
      const status = location.startsWith("/login") ? 401 : location.startsWith("/forbidden") ? 403 : 303;
      return { status, detail: `redirect to ${location}`, body: location };
    }
    throw error;
  } finally {
    session.actor = null;
  }
}

/** An answer with the call's own ids written as their names, to compare the outsider's with the missing ones'. */
function withIdsNamed(outcome: Outcome, target: Target): string {
  let detail = outcome.detail;
  for (const [name, value] of Object.entries(target)) if (value) detail = detail.replaceAll(value, `<${name}>`);
  return `${outcome.status} ${detail}`;
}

// ---------------------------------------------------------------------------------------------------------------
// What the rules say each caller gets

/** How the matrix's people stand to the scene's rows (buildScene). */
function relationOf(who: Who): RowRelation {
  return {
    ownsActionItem: who === "owner",
    authoredReport: who === "author",
    askedToReview: who === "manager",
    wroteComment: who === "author",
    ownsToken: who === "owner",
  };
}

type Expected = "allowed" | "hidden" | 401 | 403 | 404;

function expectedFor(rule: AccessRule, who: Who): Expected {
  // A webhook's credential is its sender's secret or signature: the matrix's callers (no header, or a user's API
  // token) carry none, so each is refused.
  if (rule.access.kind === "public") return rule.access.ownCredential ? 401 : "allowed";
  if (who === "anonymous") return 401;
  const role = ROLE_OF[who];
  const permission = requiredPermission(rule);
  if (permission && !can(role, permission)) return 403;
  if (isOutsider(who) && rule.incident) return "hidden";
  if (rule.row && !ROW_RULES[rule.row].allows(role, relationOf(who))) return ROW_RULES[rule.row].denial;
  return "allowed";
}

const DENIALS = [401, 403, 404];

function describeExpected(expected: Expected): string {
  if (expected === "allowed") return "allowed";
  if (expected === "hidden") return "404 as if it did not exist";
  return `denied ${expected}`;
}

// ---------------------------------------------------------------------------------------------------------------

describe("every route handler and server action has a declared rule", () => {
  it("finds the routes and actions on disk", () => {
    expect(endpoints.filter((endpoint) => endpoint.kind === "route").length).toBeGreaterThan(20);
    expect(endpoints.filter((endpoint) => endpoint.kind === "action").length).toBeGreaterThan(30);
  });

  it(`each has an entry in ${RULES_FILE}`, () => {
    const missing = endpoints.filter((endpoint) => !ruleOf(endpoint)).map((endpoint) => endpoint.key);
    expect(
      missing,
      `No access rule for ${missing.join(", ")}. Declare each in ${RULES_FILE} (ROUTE_RULES for "METHOD /path", ACTION_RULES for ` +
        `"module#export"): the permission from lib/auth/permissions.ts it needs, whether it is about one incident, any row rule.`,
    ).toEqual([]);
  });

  it(`no entry in ${RULES_FILE} names a route or action that is gone`, () => {
    const keys = new Set(endpoints.map((endpoint) => endpoint.key));
    const stale = [...Object.keys(ROUTE_RULES), ...Object.keys(ACTION_RULES)].filter((key) => !keys.has(key));
    expect(stale, `Remove these from ${RULES_FILE}: nothing on disk answers to them`).toEqual([]);
  });

  it("no server action hides inside a function body, where this test cannot find it", () => {
    expect(inlineActionFiles, `Move these inline "use server" actions to a "use server" module so that ${THIS_FILE} checks them`).toEqual([]);
  });

  it("an action about one incident is told which incident to name", () => {
    const untold = endpoints
      .filter((endpoint) => endpoint.kind === "action" && ruleOf(endpoint)?.incident && !ACTION_CALLS[endpoint.key])
      .map((endpoint) => endpoint.key);
    expect(untold, `Add each to ACTION_CALLS in ${THIS_FILE} with an input naming the scene's incident`).toEqual([]);
  });
});

// Only for finding out, before any row exists, which ids each call names.
const PLACEHOLDER_SCENE: Scene = {
  target: Object.fromEntries(["incidentId", "publicIncidentId", ...ROW_IDS, "tokenId", "calendarFile", "unsubscribeToken"].map((key) => [key, key])) as Target,
  version: 1,
  actionItemVersion: 1,
  document: reportDocumentSchema.parse({ title: "Placeholder", severity: "Low" }),
  privateMarks: [],
};
const PLACEHOLDER_MEMBER: Member = {
  user: { id: "someone", email: "someone@example.test", name: "Someone", role: "VIEWER", timeZone: "UTC" },
  authorization: "",
};
const PLACEHOLDER_CAST = new Proxy({} as Cast, { get: () => PLACEHOLDER_MEMBER });

type Case = { endpoint: Endpoint; rule: AccessRule; who: Who; expected: Expected };
const cases: Case[] = endpoints.flatMap((endpoint) => {
  const rule = ruleOf(endpoint);
  if (!rule) return [];
  const whos: Who[] = ["anonymous", "viewer", "sre", "manager", "admin"];
  if (rule.row) whos.push("owner", "author");
  if (rule.access.kind !== "public") whos.push("outsider");
  const named = rule.incident ? idsNamedBy(endpoint, PLACEHOLDER_SCENE, PLACEHOLDER_CAST) : new Set();
  if (named.has("incidentId") && ROW_IDS.some((id) => named.has(id as keyof Target))) whos.push("outsider via public report");
  return whos.map((who) => ({ endpoint, rule, who, expected: expectedFor(rule, who) }));
});
console.log(
  `authorization matrix: ${cases.length} cases (${endpoints.filter((e) => e.kind === "route").length} route methods, ` +
    `${endpoints.filter((e) => e.kind === "action").length} server actions)`,
);

const stageOf = (endpoint: Endpoint): Stage => (endpoint.kind === "route" ? ROUTE_CALLS[endpoint.key]?.stage : ACTION_CALLS[endpoint.key]?.stage) ?? "draft";
const changesNothing = (endpoint: Endpoint) => endpoint.kind === "route" && (endpoint.method === "GET" || endpoint.method === "HEAD");

describe.each(endpoints.filter((endpoint) => ruleOf(endpoint)).map((endpoint) => [endpoint.key, endpoint] as const))("%s", (_key, endpoint) => {
  it.each(cases.filter((entry) => entry.endpoint === endpoint).map((entry) => [entry.who, describeExpected(entry.expected), entry] as const))(
    "as %s: %s",
    async (_who, _label, { who, expected }) => {
      const stage = stageOf(endpoint);
      const scene = await sceneFor(stage);
      const people = await cast();
      const { made, missing } = who === "outsider via public report" ? viaPublicReport(scene.target) : { made: scene.target, missing: ghostOf(scene.target) };
      const outcome = await callEndpoint(endpoint, who, { scene, target: made, people });
      // A call that went through may have changed the rows: the next case gets fresh ones.
      if (outcome.status < 400 && !changesNothing(endpoint)) scenes.delete(stage);

      const said = `${endpoint.key} as ${who} answered ${outcome.status}: ${outcome.detail}`;
      if (expected === "allowed") {
        expect(DENIALS, `${said}\nexpected it to get past authorization (${RULES_FILE} allows it)`).not.toContain(outcome.status);
      } else if (expected === "hidden") {
        const answerWhenMissing = await callEndpoint(endpoint, who, { scene, target: missing, people });
        expect(outcome.status, `${said}\nexpected a refusal`).toBeGreaterThanOrEqual(400);
        expect([401, 403], `${said}\nexpected the private report to be hidden, not refused`).not.toContain(outcome.status);
        expect(withIdsNamed(outcome, made), `${said}\nexpected exactly the answer for ids that do not exist`).toBe(withIdsNamed(answerWhenMissing, missing));
      } else {
        expect(outcome.status, `${said}\nexpected ${expected} (${RULES_FILE})`).toBe(expected);
      }
      if (isOutsider(who) && expected !== "hidden") {
        // Lists and the like: whatever the outsider may call must not name the private report or its rows.
        const leaked = scene.privateMarks.filter((mark) => outcome.body.includes(mark));
        expect(leaked, `${said}\nnames the private report to someone who cannot open it`).toEqual([]);
      }
    },
  );
});
