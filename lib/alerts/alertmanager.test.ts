// Drafts from Alertmanager, on the real database: the webhook route called as a function with notifications written
// from Alertmanager's documented webhook payload (version 4), authenticated as alertmanager.yml's
// http_config.authorization sends it.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { systemActor, userActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { captureLogs } from "@/lib/log/logger";
import { updateReport } from "@/lib/incidents/mutations";
import { loadReport } from "@/lib/incidents/store";
import { createIntegration, revokeIntegration } from "@/lib/integrations/mutations";
import { createTestUser } from "@/lib/users/test-fixtures";

vi.hoisted(() => {
  process.env.AUTH_SECRET ??= "alert-drafts-test-secret-0123456789abcdef";
});

const { POST } = await import("@/app/api/v1/webhooks/alertmanager/route");

const admin = systemActor("test");
const short = () => randomUUID().slice(0, 8);

afterEach(() => {
  vi.restoreAllMocks();
});

async function alertmanagerIntegration() {
  const { integration, secret } = await createIntegration({ kind: "ALERTMANAGER", name: `Prometheus ${short()}` }, admin);
  return { id: integration.id, name: integration.name, secret: secret! };
}

type Alert = {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  fingerprint?: string;
};

/** A notification as Alertmanager 0.25 posts it (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
function notification(groupKey: string, alerts: Alert[], groupLabels: Record<string, string> = { alertname: alerts[0]!.labels.alertname! }) {
  const common = Object.fromEntries(Object.entries(alerts[0]!.labels).filter(([name, value]) => alerts.every((alert) => alert.labels[name] === value)));
  return {
    receiver: "hindsight",
    status: alerts.every((alert) => alert.status === "resolved") ? "resolved" : "firing",
    alerts: alerts.map((alert, index) => ({
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations ?? {},
      startsAt: alert.startsAt,
      endsAt: alert.endsAt ?? "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example.org:9090/graph?g0.expr=job%3Acheckout_errors%3Aratio5m+%3E+0.05&g0.tab=1",
      fingerprint: alert.fingerprint ?? `f${index}${groupKey.length.toString(16)}c6eadffa33fcd`,
    })),
    groupLabels,
    commonLabels: common,
    commonAnnotations: {},
    externalURL: "http://alertmanager.example.org:9093",
    version: "4",
    groupKey,
    truncatedAlerts: 0,
  };
}

function post(body: unknown, secret: string | null, headers: Record<string, string> = {}) {
  return POST(
    new Request("http://127.0.0.1:3302/api/v1/webhooks/alertmanager", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Alertmanager/0.25.0",
        ...(secret ? { authorization: `Bearer ${secret}` } : {}),
        ...headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    {},
  );
}

async function answer(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const incidentRow = (id: string) => getDb().incident.findUniqueOrThrow({ where: { id }, include: { services: { include: { service: true } } } });
const timelineOf = (incidentId: string) => getDb().timelineEvent.findMany({ where: { incidentId }, orderBy: [{ occurredAt: "asc" }, { position: "asc" }] });
const draftsOf = (integrationId: string) => getDb().incidentSource.findMany({ where: { integrationId } });

const STARTS = "2026-11-27T14:23:00.123456789+01:00";
const STARTS_UTC = "2026-11-27T13:23:00.123Z";
const ENDS = "2026-11-27T13:51:30.5Z";

function checkoutAlert(service: string, overrides: Partial<Alert> = {}): Alert {
  return {
    status: "firing",
    labels: { alertname: "HighErrorRate", service, severity: "critical", instance: "10.0.4.17:9100" },
    annotations: { summary: "5xx above 5% on checkout", description: "The 5xx ratio has been over 5% for 5 minutes." },
    startsAt: STARTS,
    ...overrides,
  };
}

describe("POST /api/v1/webhooks/alertmanager", () => {
  it("opens one draft for a firing group and adds the resolution to the same draft", async () => {
    const integration = await alertmanagerIntegration();
    const service = await getDb().service.create({ data: { name: `Checkout ${short()}` } });
    const groupKey = `{}/{severity="critical"}:{alertname="HighErrorRate", service="${service.name.toLowerCase()}"}`;
    const labels = { alertname: "HighErrorRate", service: service.name.toLowerCase() };

    const firing = await answer(await post(notification(groupKey, [checkoutAlert(service.name.toLowerCase())], labels), integration.secret));
    expect(firing.status).toBe(201);
    expect(Object.keys(firing.body)).toEqual(["incidentId"]);
    const incidentId = firing.body.incidentId as string;

    const draft = await incidentRow(incidentId);
    expect(draft).toMatchObject({
      reportState: "DRAFT",
      authorId: null,
      status: "INVESTIGATING",
      title: `HighErrorRate (service=${service.name.toLowerCase()})`,
      severity: "Critical",
      endedAt: null,
      version: 1,
    });
    expect(draft.publicId).toMatch(/^INC-2026-1127-\d{3}$/);
    expect(draft.startedAt?.toISOString()).toBe(STARTS_UTC);
    expect(draft.detectedAt?.toISOString()).toBe(STARTS_UTC);
    // matched to the catalog case-insensitively, with the catalog's spelling
    expect(draft.services.map((link) => link.service.name)).toEqual([service.name]);
    expect(draft.detection).toContain(groupKey);
    const [first] = await timelineOf(incidentId);
    expect(first).toMatchObject({ kind: "ALERT", milestone: "DETECTED" });
    expect(first!.text).toContain("Firing: HighErrorRate");
    expect(first!.text).toContain("5xx above 5% on checkout");
    expect(first!.text).toContain("The 5xx ratio has been over 5% for 5 minutes.");

    const created = await getDb().auditEvent.findFirstOrThrow({ where: { incidentId, action: "incident.create" } });
    expect(created).toMatchObject({ actorType: "SYSTEM", actorId: null });
    expect(created.meta).toMatchObject({ integration: integration.name, source: `webhook:alertmanager:${integration.id}` });

    const resolvedAlert = checkoutAlert(service.name.toLowerCase(), { status: "resolved", endsAt: ENDS });
    const resolved = await answer(await post(notification(groupKey, [resolvedAlert], labels), integration.secret));
    expect(resolved).toEqual({ status: 200, body: { incidentId } });

    expect(await draftsOf(integration.id)).toHaveLength(1);
    const events = await timelineOf(incidentId);
    expect(events.map((event) => [event.kind, event.milestone, event.text.split(" (")[0]])).toEqual([
      ["ALERT", "DETECTED", "Firing: HighErrorRate"],
      ["ALERT", null, "Resolved: HighErrorRate"],
      ["MILESTONE", "RESOLVED", "The alert resolved."],
    ]);
    expect(events[1]!.occurredAt.toISOString()).toBe("2026-11-27T13:51:30.500Z");
    const after = await incidentRow(incidentId);
    expect(after).toMatchObject({ status: "RESOLVED", version: 2 });
    expect(after.endedAt?.toISOString()).toBe("2026-11-27T13:51:30.500Z");
    expect(after.resolvedAt?.toISOString()).toBe("2026-11-27T13:51:30.500Z");
    const updated = await getDb().auditEvent.findFirstOrThrow({ where: { incidentId, action: "incident.update" } });
    expect(updated).toMatchObject({ actorType: "SYSTEM" });
    expect(updated.meta).toMatchObject({ integration: integration.name });
  });

  it("opens a second draft for a second group", async () => {
    const integration = await alertmanagerIntegration();
    const first = await answer(await post(notification(`{}:{alertname="DiskFull-${short()}"}`, [checkoutAlert("storage")]), integration.secret));
    const second = await answer(await post(notification(`{}:{alertname="DiskFull-${short()}"}`, [checkoutAlert("storage")]), integration.secret));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.incidentId).not.toBe(first.body.incidentId);
    expect(await draftsOf(integration.id)).toHaveLength(2);
  });

  it("adds nothing when the same notification comes again (a repeat or a retry)", async () => {
    const integration = await alertmanagerIntegration();
    const groupKey = `{}:{alertname="QueueBacklog-${short()}"}`;
    const body = notification(groupKey, [checkoutAlert("orders", { labels: { alertname: "QueueBacklog", queue: "orders" } })]);
    const first = await answer(await post(body, integration.secret));
    const incidentId = first.body.incidentId as string;
    // Alertmanager re-sends a firing alert's endsAt moved on; it is the same alert state
    const again = structuredClone(body);
    again.alerts[0]!.endsAt = "2026-11-27T13:30:00Z";
    expect(await answer(await post(again, integration.secret))).toEqual({ status: 200, body: { incidentId } });
    expect(await timelineOf(incidentId)).toHaveLength(1);
    expect((await incidentRow(incidentId)).version).toBe(1);

    // a second alert joining the group is new; the first one's firing is not added twice
    const joined = notification(groupKey, [
      body.alerts[0]! as unknown as Alert,
      checkoutAlert("orders", { labels: { alertname: "QueueBacklog", queue: "payments" }, startsAt: "2026-11-27T13:40:00Z", fingerprint: "b2" }),
    ]);
    expect(await answer(await post(joined, integration.secret))).toEqual({ status: 200, body: { incidentId } });
    expect(await answer(await post(joined, integration.secret))).toEqual({ status: 200, body: { incidentId } });
    const events = await timelineOf(incidentId);
    expect(events.map((event) => event.text.split(" — ")[0])).toEqual(["Firing: QueueBacklog (queue=orders)", "Firing: QueueBacklog (queue=payments)"]);
    // only the first firing is the moment of detection
    expect(events.map((event) => event.milestone)).toEqual(["DETECTED", null]);
    expect((await incidentRow(incidentId)).version).toBe(2);
  });

  it("maps severities to the instance's scale, leaves unknown services out and says so in the first event", async () => {
    await getDb().setting.upsert({
      where: { key: "severity.scale" },
      create: { key: "severity.scale", value: ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"] },
      update: { value: ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"] },
    });
    try {
      const integration = await alertmanagerIntegration();
      const known = await getDb().service.create({ data: { name: `Node-Exporter ${short()}` } });
      const send = async (severity: string | null, labels: Record<string, string>) => {
        const alert = checkoutAlert("x", { labels: { alertname: "Probe", ...labels, ...(severity ? { severity } : {}) } });
        const { body } = await answer(await post(notification(`{}:{alertname="Probe-${short()}"}`, [alert]), integration.secret));
        return incidentRow(body.incidentId as string);
      };
      expect((await send("warning", { service: "web" })).severity).toBe("SEV3");
      expect((await send("info", { service: "web" })).severity).toBe("SEV5");
      expect((await send("page", { service: "web" })).severity).toBe("SEV1");
      expect((await send("sev4", { service: "web" })).severity).toBe("SEV4");
      // no severity label, or one the scale cannot place: the default the new-report form preselects
      expect((await send(null, { service: "web" })).severity).toBe("SEV2");
      expect((await send("whatever", { service: "web" })).severity).toBe("SEV2");

      // `job` when there is no `service` label
      const byJob = await send("warning", { job: known.name.toUpperCase() });
      expect(byJob.services.map((link) => link.service.name)).toEqual([known.name]);
      const unknownName = `billing-${short()}`;
      const unknown = await send("warning", { service: unknownName });
      expect(unknown.services).toEqual([]);
      expect(await getDb().service.count({ where: { name: unknownName } })).toBe(0);
      const [first] = await timelineOf(unknown.id);
      expect(first!.text).toContain(`Not in the service catalog, so not linked to this report: ${unknownName}.`);
    } finally {
      await getDb().setting.deleteMany({ where: { key: "severity.scale" } });
    }
  });

  it("refuses a missing, wrong or revoked secret with a 401, a log line without the secret, and creates nothing", async () => {
    const integration = await alertmanagerIntegration();
    const logs = captureLogs();
    const body = notification(`{}:{alertname="Refused-${short()}"}`, [checkoutAlert("checkout")]);
    const before = await getDb().incident.count();

    const missing = await answer(await post(body, null));
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: "unauthenticated" } });
    const wrongSecret = `${integration.secret.slice(0, -4)}AAAA`;
    expect((await post(body, wrongSecret)).status).toBe(401);
    // a user's API token is no Alertmanager secret either
    expect((await post(body, "hs_0123456789abcdef0123456789abcdef")).status).toBe(401);
    await revokeIntegration({ integrationId: integration.id }, admin);
    expect((await post(body, integration.secret)).status).toBe(401);

    expect(await getDb().incident.count()).toBe(before);
    expect(await draftsOf(integration.id)).toEqual([]);
    logs.restore();
    const refusals = logs.lines().filter((line) => line.sender === "Alertmanager");
    expect(refusals).toHaveLength(4);
    for (const line of refusals) {
      expect(line).toMatchObject({ level: "warn", userAgent: "Alertmanager/0.25.0" });
      expect(line.msg).toMatch(/^Alertmanager webhook refused \(401\): .*User-Agent: Alertmanager\/0\.25\.0/);
      expect(line.msg).not.toContain("\n");
    }
    const written = JSON.stringify(logs.lines());
    expect(written).not.toContain(integration.secret);
    expect(written).not.toContain(wrongSecret);
  });

  it("answers a malformed notification with a 422 naming the field, and an oversized one with a 413", async () => {
    const integration = await alertmanagerIntegration();
    const before = await getDb().incident.count();
    const body = notification(`{}:{alertname="Broken-${short()}"}`, [checkoutAlert("checkout")]);

    const badTime = structuredClone(body);
    badTime.alerts[0]!.startsAt = "yesterday";
    const refused = await answer(await post(badTime, integration.secret));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: "invalid_input", issues: [{ path: "alerts.0.startsAt" }] } });

    const resolvedWithoutEnd = structuredClone(body);
    resolvedWithoutEnd.alerts[0]!.status = "resolved";
    expect(await answer(await post(resolvedWithoutEnd, integration.secret))).toMatchObject({
      status: 422,
      body: { error: { issues: [{ path: "alerts.0.endsAt" }] } },
    });
    expect(await answer(await post({ ...body, version: "3" }, integration.secret))).toMatchObject({
      status: 422,
      body: { error: { issues: [{ path: "version" }] } },
    });
    expect(await answer(await post({ ...body, alerts: [] }, integration.secret))).toMatchObject({
      status: 422,
      body: { error: { issues: [{ path: "alerts" }] } },
    });
    expect(await answer(await post("{not json", integration.secret))).toMatchObject({ status: 422, body: { error: { issues: [{ path: "(body)" }] } } });
    const withNul = structuredClone(body);
    withNul.alerts[0]!.annotations.summary = "bad\u0000byte";
    expect(await answer(await post(withNul, integration.secret))).toMatchObject({
      status: 422,
      body: { error: { issues: [{ path: "alerts.0.annotations.summary" }] } },
    });

    const huge = structuredClone(body);
    huge.alerts[0]!.annotations.description = "x".repeat(2 * 1024 * 1024);
    const tooLarge = await post(huge, integration.secret);
    expect(tooLarge.status).toBe(413);
    expect(await getDb().incident.count()).toBe(before);
  });

  it("makes one draft when the same group arrives several times at once (several Hindsight instances)", async () => {
    const integration = await alertmanagerIntegration();
    const body = notification(`{}:{alertname="Thundering-${short()}"}`, [
      checkoutAlert("checkout"),
      checkoutAlert("checkout", { fingerprint: "second", startsAt: "2026-11-27T13:24:00Z" }),
    ]);
    const answers = await Promise.all(Array.from({ length: 6 }, async () => answer(await post(body, integration.secret))));
    const ids = new Set(answers.map((result) => result.body.incidentId));
    expect(ids.size).toBe(1);
    expect(answers.map((result) => result.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(await draftsOf(integration.id)).toHaveLength(1);
    expect(await timelineOf([...ids][0] as string)).toHaveLength(2);
  });

  it("only adds events to a draft a person has edited, and an editor open on it gets a conflict", async () => {
    const integration = await alertmanagerIntegration();
    const sre = userActor(await createTestUser({ role: "SRE" }));
    const groupKey = `{}:{alertname="Latency-${short()}"}`;
    const { body } = await answer(await post(notification(groupKey, [checkoutAlert("checkout")]), integration.secret));
    const incidentId = body.incidentId as string;
    const document = (await loadReport(getDb(), incidentId))!;
    await updateReport({ id: incidentId, expectedVersion: 1, document: { ...document, title: "Checkout errors after the 14:00 deploy" } }, sre);

    await post(notification(groupKey, [checkoutAlert("checkout", { status: "resolved", endsAt: ENDS })]), integration.secret);
    const after = await incidentRow(incidentId);
    expect(after).toMatchObject({ title: "Checkout errors after the 14:00 deploy", status: "INVESTIGATING", endedAt: null, resolvedAt: null, version: 3 });
    const events = await timelineOf(incidentId);
    expect(events).toHaveLength(3);
    expect(events.slice(1).map((event) => event.milestone)).toEqual([null, null]);

    // the person's editor still holds version 2
    await expect(updateReport({ id: incidentId, expectedVersion: 2, document: { ...document, title: "Mine" } }, sre)).rejects.toThrow(
      /changed .* since you opened it/,
    );
  });

  it("opens a new draft when the group fires again after its report was approved", async () => {
    const integration = await alertmanagerIntegration();
    const groupKey = `{}:{alertname="Flappy-${short()}"}`;
    const first = await answer(await post(notification(groupKey, [checkoutAlert("checkout")]), integration.secret));
    await post(notification(groupKey, [checkoutAlert("checkout", { status: "resolved", endsAt: ENDS })]), integration.secret);
    await getDb().incident.update({ where: { id: first.body.incidentId as string }, data: { reportState: "APPROVED" } });

    const again = await answer(await post(notification(groupKey, [checkoutAlert("checkout", { startsAt: "2026-12-04T08:00:00Z" })]), integration.secret));
    expect(again.status).toBe(201);
    expect(again.body.incidentId).not.toBe(first.body.incidentId);
    expect(await timelineOf(first.body.incidentId as string)).toHaveLength(3);
    expect((await draftsOf(integration.id)).map((source) => source.incidentId).sort()).toEqual([first.body.incidentId, again.body.incidentId].sort());
  });
});
