// The review API end to end against the test database: route handlers called with a Request and a bearer token.
// The session fallback needs a Next request (cookies); it is replaced by "nobody signed in".
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import type { UserActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { approveReport, submitForReview } from "@/lib/reviews/mutations";
import { createTestReport } from "@/lib/reviews/test-fixtures";
import { createTestActor } from "@/lib/users/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const routes = {
  submit: (await import("@/app/api/v1/incidents/[id]/submit/route")).POST,
  approve: (await import("@/app/api/v1/incidents/[id]/approve/route")).POST,
  "request-changes": (await import("@/app/api/v1/incidents/[id]/request-changes/route")).POST,
  reopen: (await import("@/app/api/v1/incidents/[id]/reopen/route")).POST,
};
const { GET: revisionsRoute } = await import("@/app/api/v1/incidents/[id]/revisions/route");
const { GET: historyRoute } = await import("@/app/api/v1/incidents/[id]/history/route");

type Transition = keyof typeof routes;
const BASE = "http://127.0.0.1:3107";

type Caller = { actor: UserActor; authorization: string };
async function caller(role: Role): Promise<Caller> {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} review test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

async function post(transition: Transition, id: string, body: unknown, authorization?: string) {
  const headers = new Headers({ "content-type": "application/json" });
  if (authorization) headers.set("authorization", authorization);
  const request = new Request(`${BASE}/api/v1/incidents/${id}/${transition}`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await routes[transition](request, { params: Promise.resolve({ id }) });
  return { status: response.status, body: await response.json() };
}

function get(route: typeof revisionsRoute, path: string, id: string, authorization?: string) {
  return route(new Request(`${BASE}/api/v1/incidents/${id}/${path}`, { headers: authorization ? { authorization } : {} }), { params: Promise.resolve({ id }) });
}

const stateOf = async (id: string) => (await getDb().incident.findUniqueOrThrow({ where: { id }, select: { reportState: true } })).reportState;

/** A report in the state `transition` starts from, with `who` among its reviewers when they could be one. */
async function reportReadyFor(transition: Transition, who: Caller) {
  const author = await createTestActor("SRE");
  const manager = await createTestActor("MANAGER");
  const report = await createTestReport(author);
  if (transition === "submit") return { report, reviewer: manager };
  const canReview = who.actor.user.role === "MANAGER" || who.actor.user.role === "ADMIN";
  const reviewer = canReview && transition !== "reopen" ? who.actor : manager;
  await submitForReview({ incidentId: report.id, reviewers: [reviewer.user.id] }, author);
  if (transition === "reopen") await approveReport({ incidentId: report.id }, manager);
  return { report, reviewer: manager };
}

const MAY: Record<Transition, Role[]> = {
  submit: ["SRE", "MANAGER", "ADMIN"],
  approve: ["MANAGER", "ADMIN"],
  "request-changes": ["MANAGER", "ADMIN"],
  reopen: ["MANAGER", "ADMIN"],
};
const LEADS_TO: Record<Transition, string> = { submit: "IN_REVIEW", approve: "APPROVED", "request-changes": "CHANGES_REQUESTED", reopen: "DRAFT" };

describe("roles × transitions", () => {
  const cases = (Object.keys(routes) as Transition[]).flatMap((transition) =>
    (["VIEWER", "SRE", "MANAGER", "ADMIN"] as const).map((role) => ({ transition, role, allowed: MAY[transition].includes(role) })),
  );

  it.each(cases)("$role $transition → allowed: $allowed", async ({ transition, role, allowed }) => {
    const who = await caller(role);
    const { report, reviewer } = await reportReadyFor(transition, who);
    const before = await stateOf(report.id);
    const body = transition === "submit" ? { reviewers: [reviewer.user.email] } : transition === "request-changes" ? { comment: "Needs a timeline" } : {};
    const answer = await post(transition, report.publicId, body, who.authorization);
    if (allowed) {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ id: report.id, publicId: report.publicId, from: before, reportState: LEADS_TO[transition] });
      expect(await stateOf(report.id)).toBe(LEADS_TO[transition]);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.body.error).toMatchObject({ code: "forbidden", message: "You do not have permission to do this." });
      expect(await stateOf(report.id)).toBe(before);
    }
  });
});

describe("the transition endpoints", () => {
  it("answer 409 with a message for approving a draft", async () => {
    const manager = await caller("MANAGER");
    const report = await createTestReport(await createTestActor("SRE"));
    const answer = await post("approve", report.id, {}, manager.authorization);
    expect(answer).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: "The report is draft: you cannot approve it now. It must be submitted for review first." } },
    });
  });

  it("answer 409 for approving with an open comment, 403 for a manager not asked, and 409 for reopening a report in review", async () => {
    const sre = await caller("SRE");
    const manager = await caller("MANAGER");
    const bystander = await caller("MANAGER");
    const report = await createTestReport(sre.actor);
    const submitted = await post("submit", report.id, { reviewers: [manager.actor.user.id] }, sre.authorization);
    expect(submitted.body).toMatchObject({ revision: { number: 1 }, reviewers: [{ id: manager.actor.user.id }] });
    expect((await post("approve", report.id, {}, bystander.authorization)).status).toBe(403);
    expect((await post("reopen", report.id, {}, manager.authorization)).status).toBe(409);

    const requested = await post("request-changes", report.id, { comment: "Which cache node?", section: "rootCause" }, manager.authorization);
    expect(requested.status).toBe(200);
    expect((await post("submit", report.id, {}, sre.authorization)).status).toBe(200);
    const blocked = await post("approve", report.id, { comment: "ok" }, manager.authorization);
    expect(blocked).toMatchObject({ status: 409, body: { error: { message: "1 comment is still unresolved: resolve it before approving." } } });
    await getDb().reviewComment.update({ where: { id: requested.body.commentId }, data: { resolvedAt: new Date() } });
    const approved = await post("approve", report.id, { comment: "ok" }, manager.authorization);
    expect(approved).toMatchObject({ status: 200, body: { reportState: "APPROVED", revision: { number: 3 } } });
    expect(approved.body.signOffId).toEqual(expect.any(String));
  });

  it("answer 422 for what the request gets wrong, 401 without a caller, 404 for an unknown incident", async () => {
    const manager = await caller("MANAGER");
    const sre = await caller("SRE");
    const report = await createTestReport(sre.actor);
    await submitForReview({ incidentId: report.id, reviewers: [manager.actor.user.id] }, sre.actor);

    const noComment = await post("request-changes", report.id, { comment: "  " }, manager.authorization);
    expect(noComment).toMatchObject({
      status: 422,
      body: { error: { code: "invalid_input", issues: [{ path: "comment", message: "Say what needs to change." }] } },
    });
    expect((await post("request-changes", report.id, { comment: "x", section: "nonsense" }, manager.authorization)).status).toBe(422);
    expect((await post("approve", report.id, "[1,2]", manager.authorization)).status).toBe(422);
    expect((await post("approve", report.id, "{not json", manager.authorization)).status).toBe(422);

    const other = await createTestReport(sre.actor);
    const badReviewer = await post("submit", other.id, { reviewers: ["nobody@example.test"] }, sre.authorization);
    expect(badReviewer).toMatchObject({ status: 422, body: { error: { issues: [{ path: "reviewers.0", message: "No active user nobody@example.test" }] } } });

    expect((await post("approve", report.id, {}, undefined)).status).toBe(401);
    expect((await post("approve", "INC-NOPE-404", {}, manager.authorization)).status).toBe(404);
    expect(await stateOf(report.id)).toBe("IN_REVIEW");
  });
});

describe("GET revisions and history", () => {
  it("lists revisions with their hashes and the sign-off check to any reader; history only to managers", async () => {
    const sre = await caller("SRE");
    const manager = await caller("MANAGER");
    const viewer = await caller("VIEWER");
    const report = await createTestReport(sre.actor);
    await submitForReview({ incidentId: report.id, reviewers: [manager.actor.user.id] }, sre.actor);
    await approveReport({ incidentId: report.id, comment: "Signed" }, manager.actor);

    const revisions = await get(revisionsRoute, "revisions?include=content", report.publicId, viewer.authorization);
    expect(revisions.status).toBe(200);
    const listed = await revisions.json();
    expect(listed.incident).toMatchObject({ publicId: report.publicId, reportState: "APPROVED" });
    expect(listed.revisions.map((revision: { number: number }) => revision.number)).toEqual([1, 2]);
    expect(listed.revisions[1]).toMatchObject({ intact: true, content: { rootCause: "A cache node ran out of memory." }, signOffs: [{ comment: "Signed" }] });
    expect(listed.signOff).toMatchObject({ revisionNumber: 2, matchesCurrent: true });

    expect((await get(historyRoute, "history", report.id, viewer.authorization)).status).toBe(403);
    expect((await get(historyRoute, "history", report.id, sre.authorization)).status).toBe(403);
    const history = await get(historyRoute, "history", report.id, manager.authorization);
    expect(history.status).toBe(200);
    const events = (await history.json()).events as { action: string; label: string; changes: Record<string, unknown> }[];
    expect(events.map((event) => event.action)).toEqual(["review.approve", "review.submit", "incident.create"]);
    expect(events[0]).toMatchObject({ label: "Approved and signed off", changes: { reportState: { before: "IN_REVIEW", after: "APPROVED" } } });

    expect((await get(revisionsRoute, "revisions", "INC-NOPE-404", viewer.authorization)).status).toBe(404);
  });
});
