// Drafts from PagerDuty, on the real database: the webhook route called as a function with V3 webhook events written
// from PagerDuty's "Webhooks v3 overview", signed as "Verifying Signatures" describes (X-PagerDuty-Signature:
// v1=<hex HMAC-SHA256 of the raw body>, several comma-separated during a secret rotation).
import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { captureLogs } from "@/lib/log/logger";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";
import { hmacSha256Hex } from "@/lib/integrations/secrets";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "alert-drafts-test-secret-0123456789abcdef";
});

const { POST } = await import("@/app/api/v1/webhooks/pagerduty/route");

const admin = systemActor("test");
const short = () => randomUUID().slice(0, 8);

afterEach(() => {
  vi.restoreAllMocks();
});

async function pagerdutyIntegration() {
  // PagerDuty generates the signing secret when the subscription is created; the admin pastes it into Hindsight.
  const signingSecret = randomBytes(24).toString("base64");
  const { integration } = await createIntegration({ kind: "PAGERDUTY", name: `PagerDuty ${short()}`, signingSecret }, admin);
  return { id: integration.id, name: integration.name, signingSecret };
}

const agent = {
  html_url: "https://acme.pagerduty.com/users/PLH1HKV",
  id: "PLH1HKV",
  self: "https://api.pagerduty.com/users/PLH1HKV",
  summary: "Tenex Engineer",
  type: "user_reference",
};

/** The `incident` event data of the V3 overview, for an incident of our own. */
function incidentData(id: string, service: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    type: "incident",
    self: `https://api.pagerduty.com/incidents/${id}`,
    html_url: `https://acme.pagerduty.com/incidents/${id}`,
    number: 2,
    status: "triggered",
    incident_key: "d3640fbd41094207a1c11e58e46b1662",
    created_at: "2026-10-02T18:45:20Z",
    title: "A little bump in the road",
    service: {
      html_url: "https://acme.pagerduty.com/services/PF9KMXH",
      id: "PF9KMXH",
      self: "https://api.pagerduty.com/services/PF9KMXH",
      summary: service,
      type: "service_reference",
    },
    assignees: [
      {
        html_url: "https://acme.pagerduty.com/users/PTUXL6G",
        id: "PTUXL6G",
        self: "https://api.pagerduty.com/users/PTUXL6G",
        summary: "User 123",
        type: "user_reference",
      },
    ],
    escalation_policy: {
      html_url: "https://acme.pagerduty.com/escalation_policies/PUS0KTE",
      id: "PUS0KTE",
      self: "https://api.pagerduty.com/escalation_policies/PUS0KTE",
      summary: "Default",
      type: "escalation_policy_reference",
    },
    teams: [],
    priority: {
      html_url: "https://acme.pagerduty.com/account/incident_priorities",
      id: "PSO75BM",
      self: "https://api.pagerduty.com/priorities/PSO75BM",
      summary: "P1",
      type: "priority_reference",
    },
    urgency: "high",
    conference_bridge: null,
    resolve_reason: null,
    ...overrides,
  };
}

function event(eventType: string, occurredAt: string, data: unknown, id: string = randomUUID()) {
  return {
    event: {
      id,
      event_type: eventType,
      resource_type: eventType.startsWith("incident") ? "incident" : "pagey",
      occurred_at: occurredAt,
      agent,
      client: { name: "PagerDuty" },
      data,
    },
  };
}

function post(body: unknown, signature: string | null) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return POST(
    new Request("http://127.0.0.1:3302/api/v1/webhooks/pagerduty", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "PagerDuty-Webhook/V3.0",
        "x-webhook-id": randomUUID(),
        ...(signature ? { "x-pagerduty-signature": signature } : {}),
      },
      body: text,
    }),
    {},
  );
}

const sign = (secret: string, body: unknown) => `v1=${hmacSha256Hex(secret, JSON.stringify(body))}`;
const send = (secret: string, body: unknown) => post(body, sign(secret, body));

async function answer(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const timelineOf = (incidentId: string) => getDb().timelineEvent.findMany({ where: { incidentId }, orderBy: [{ occurredAt: "asc" }, { position: "asc" }] });

describe("POST /api/v1/webhooks/pagerduty", () => {
  it("opens one draft per PagerDuty incident and adds its acknowledgement, escalation, note and resolution", async () => {
    const pagerduty = await pagerdutyIntegration();
    const service = await getDb().service.create({ data: { name: `API Service ${short()}` } });
    const incident = `Q${short().toUpperCase()}`;

    const triggered = await answer(
      await send(pagerduty.signingSecret, event("incident.triggered", "2026-10-02T18:45:22.169Z", incidentData(incident, service.name.toUpperCase()))),
    );
    expect(triggered.status).toBe(201);
    expect(Object.keys(triggered.body)).toEqual(["incidentId"]);
    const incidentId = triggered.body.incidentId as string;

    for (const [type, at, data] of [
      ["incident.acknowledged", "2026-10-02T18:47:00Z", incidentData(incident, service.name, { status: "acknowledged" })],
      ["incident.escalated", "2026-10-02T18:50:00Z", incidentData(incident, service.name, { status: "acknowledged" })],
      [
        "incident.annotated",
        "2026-10-02T18:55:00Z",
        {
          incident: {
            html_url: `https://acme.pagerduty.com/incidents/${incident}`,
            id: incident,
            self: "",
            summary: "A little bump in the road",
            type: "incident_reference",
          },
          id: "P2LA89X",
          content: "Rolled back the 18:30 deploy.",
          trimmed: false,
          type: "incident_note",
        },
      ],
      ["incident.resolved", "2026-10-02T19:05:00Z", incidentData(incident, service.name, { status: "resolved" })],
    ] as const) {
      expect(await answer(await send(pagerduty.signingSecret, event(type, at, data)))).toEqual({ status: 200, body: { incidentId } });
    }

    expect(await getDb().incidentSource.findMany({ where: { integrationId: pagerduty.id } })).toHaveLength(1);
    const draft = await getDb().incident.findUniqueOrThrow({ where: { id: incidentId }, include: { services: { include: { service: true } } } });
    expect(draft).toMatchObject({
      reportState: "DRAFT",
      authorId: null,
      title: "A little bump in the road",
      severity: "Critical",
      status: "RESOLVED",
      version: 5,
    });
    expect(draft.services.map((link) => link.service.name)).toEqual([service.name]);
    expect(draft.startedAt?.toISOString()).toBe("2026-10-02T18:45:20.000Z");
    expect(draft.detectedAt?.toISOString()).toBe("2026-10-02T18:45:22.169Z");
    expect(draft.resolvedAt?.toISOString()).toBe("2026-10-02T19:05:00.000Z");
    expect(draft.endedAt?.toISOString()).toBe("2026-10-02T19:05:00.000Z");
    expect(draft.detection).toContain(`PagerDuty incident #2 ${incident}`);
    const events = await timelineOf(incidentId);
    expect(events.map((entry) => [entry.kind, entry.milestone])).toEqual([
      ["ALERT", "DETECTED"],
      ["ACTION", null],
      ["PAGE", null],
      ["OBSERVATION", null],
      ["MILESTONE", "RESOLVED"],
    ]);
    expect(events.map((entry) => entry.text)).toEqual([
      `Triggered in PagerDuty: #2 A little bump in the road (service ${service.name.toUpperCase()}, urgency high, priority P1) [Open in PagerDuty](https://acme.pagerduty.com/incidents/${incident})`,
      "Acknowledged in PagerDuty by Tenex Engineer.",
      "Escalated in PagerDuty to User 123.",
      "Note in PagerDuty by Tenex Engineer: Rolled back the 18:30 deploy.",
      "Resolved in PagerDuty by Tenex Engineer.",
    ]);
    const audit = await getDb().auditEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } });
    expect(audit.map((row) => [row.action, row.actorType])).toEqual([
      ["incident.create", "SYSTEM"],
      ...Array.from({ length: 4 }, () => ["incident.update", "SYSTEM"]),
    ]);
    expect(audit[0]!.meta).toMatchObject({ integration: pagerduty.name, source: `webhook:pagerduty:${pagerduty.id}` });
  });

  it("adds nothing for a replayed event id, and opens a second draft for a second incident", async () => {
    const pagerduty = await pagerdutyIntegration();
    const triggered = event("incident.triggered", "2026-10-03T08:00:00Z", incidentData(`R${short()}`, "web", { priority: null, urgency: "low" }));
    const first = await answer(await send(pagerduty.signingSecret, triggered));
    expect(await answer(await send(pagerduty.signingSecret, triggered))).toEqual({ status: 200, body: first.body });
    const incidentId = first.body.incidentId as string;
    expect(await timelineOf(incidentId)).toHaveLength(1);
    // low urgency and no priority: the last level of the scale
    expect(await getDb().incident.findUniqueOrThrow({ where: { id: incidentId } })).toMatchObject({ severity: "Low", version: 1 });

    const other = await answer(await send(pagerduty.signingSecret, event("incident.triggered", "2026-10-03T08:01:00Z", incidentData(`S${short()}`, "web"))));
    expect(other.status).toBe(201);
    expect(other.body.incidentId).not.toBe(incidentId);
  });

  it("accepts a delivery when any one of several signatures matches (a secret rotation)", async () => {
    const pagerduty = await pagerdutyIntegration();
    const body = event("incident.triggered", "2026-10-04T08:00:00Z", incidentData(`T${short()}`, "web"));
    const old = `v1=${hmacSha256Hex("the-previous-secret", JSON.stringify(body))}`;
    const response = await post(body, `${old},${sign(pagerduty.signingSecret, body)}`);
    expect(response.status).toBe(201);
    // spaces after the commas and upper-case hex are read too
    const again = event("incident.acknowledged", "2026-10-04T08:01:00Z", incidentData(`T${short()}`, "web"));
    expect((await post(again, `${old}, ${sign(pagerduty.signingSecret, again).toUpperCase().replace("V1=", "v1=")}`)).status).toBe(201);
  });

  it("refuses a missing or wrong signature, or a revoked integration's, with a 401 and creates nothing", async () => {
    const pagerduty = await pagerdutyIntegration();
    const logs = captureLogs();
    const body = event("incident.triggered", "2026-10-05T08:00:00Z", incidentData(`U${short()}`, "web"));
    const before = await getDb().incident.count();

    expect(await answer(await post(body, null))).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
    expect((await post(body, `v1=${hmacSha256Hex("not-the-secret", JSON.stringify(body))}`)).status).toBe(401);
    expect((await post(body, `v0=${hmacSha256Hex(pagerduty.signingSecret, JSON.stringify(body))}`)).status).toBe(401);
    // signed, then changed on the way
    expect((await post(JSON.stringify(body).replace("A little bump", "A large bump"), sign(pagerduty.signingSecret, body))).status).toBe(401);
    await revokeIntegration({ integrationId: pagerduty.id }, admin);
    expect((await send(pagerduty.signingSecret, body)).status).toBe(401);

    expect(await getDb().incident.count()).toBe(before);
    // (other files' integrations, sealed under another AUTH_SECRET, may add "skipped" warnings of their own)
    logs.restore();
    const lines = logs.lines();
    expect(lines.filter((line) => line.level === "warn" && line.msg?.startsWith("PagerDuty webhook refused (401): "))).toHaveLength(5);
    expect(JSON.stringify(lines)).not.toContain(pagerduty.signingSecret);
  });

  it("answers PagerDuty's test ping and events about no incident with incidentId null", async () => {
    const pagerduty = await pagerdutyIntegration();
    const ping = {
      event: {
        id: randomUUID(),
        event_type: "pagey.ping",
        resource_type: "pagey",
        occurred_at: "2026-10-06T08:00:00Z",
        agent: null,
        client: null,
        data: { message: "Hello from your friend Pagey!", type: "ping" },
      },
    };
    expect(await answer(await send(pagerduty.signingSecret, ping))).toEqual({ status: 200, body: { incidentId: null } });
  });

  it("answers a malformed event with a 422 naming the field", async () => {
    const pagerduty = await pagerdutyIntegration();
    const noId = event("incident.triggered", "2026-10-07T08:00:00Z", { ...incidentData("x", "web"), id: undefined });
    expect(await answer(await send(pagerduty.signingSecret, noId))).toMatchObject({ status: 422, body: { error: { issues: [{ path: "event.data.id" }] } } });
    const badTime = event("incident.triggered", "last tuesday", incidentData(`V${short()}`, "web"));
    expect(await answer(await send(pagerduty.signingSecret, badTime))).toMatchObject({
      status: 422,
      body: { error: { issues: [{ path: "event.occurred_at" }] } },
    });
  });
});
