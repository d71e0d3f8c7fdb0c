// Attachments in an S3-compatible bucket (HINDSIGHT_STORAGE=s3) through the API, against s3rver started by the test:
// a download streams from the bucket, an instance that switched storage reads files of both kinds, and a storage that
// cannot be reached or refuses gives a clear 503/502 naming it, with nothing saved. The upload, list and download
// behaviour shared with PostgreSQL storage is route.test.ts, run in both modes.
import net from "node:net";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { getDb } from "@/lib/db/client";
import { reportDocumentSchema } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import type { AttachmentView } from "@/lib/attachments/schema";
import { captureLogs } from "@/lib/log/logger";
import { createTestActor } from "@/lib/users/test-fixtures";
import { startS3rver, useObjectStorage, type TestS3 } from "@/test/helpers/s3";
import { startGateProxy, type GateProxy } from "@/test/helpers/s3-gate";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const collection = await import("@/app/api/v1/incidents/[id]/attachments/route");
const item = await import("@/app/api/v1/incidents/[id]/attachments/[attachmentId]/route");

const BASE = "http://127.0.0.1:3107";
const MiB = 1024 * 1024;

async function sreToken() {
  const actor = await createTestActor("SRE");
  const { plaintext } = await createApiToken({ name: "object storage test" }, actor);
  return `Bearer ${plaintext}`;
}

async function createIncident() {
  const doc = reportDocumentSchema.parse({ title: "Object storage test", severity: "Low", publicId: `INC-OBJ-${randomInt(1e6, 1e7)}` });
  return getDb().$transaction((tx) => insertReport(tx, doc, { authorId: null }));
}

async function upload(incidentId: string, authorization: string, bytes: Uint8Array, filename = "dump.bin") {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)]), filename);
  const request = new Request(`${BASE}/api/v1/incidents/${incidentId}/attachments`, { method: "POST", headers: { authorization }, body: form });
  return collection.POST(request, { params: Promise.resolve({ id: incidentId }) });
}

function download(incidentId: string, attachmentId: string, authorization: string) {
  const request = new Request(`${BASE}/api/v1/incidents/${incidentId}/attachments/${attachmentId}`, { headers: { authorization } });
  return item.GET(request, { params: Promise.resolve({ id: incidentId, attachmentId }) });
}

/** `promise`, or a failure saying what did not happen within `ms`. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A port nothing listens on: a storage that is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let s3: TestS3;
let gate: GateProxy;
let restore: (() => void) | undefined;

beforeAll(async () => {
  s3 = await startS3rver();
  gate = await startGateProxy(s3.port);
});

afterEach(() => {
  restore?.();
  restore = undefined;
  delete process.env.HINDSIGHT_ATTACHMENT_MAX_MB;
  gate.release();
});

afterAll(async () => {
  await gate.close();
  await s3.stop();
});

describe("attachments in object storage", () => {
  it("streams a download from the bucket: its first bytes reach the reader while the storage still holds back the rest", async () => {
    restore = useObjectStorage(s3, { endpoint: gate.endpoint });
    process.env.HINDSIGHT_ATTACHMENT_MAX_MB = "40";
    const authorization = await sreToken();
    const incident = await createIncident();
    const bytes = randomBytes(24 * MiB);
    const uploaded = await upload(incident.id, authorization, bytes);
    expect(uploaded.status).toBe(201);
    const stored = (await uploaded.json()) as AttachmentView;

    // From here the storage's answer gets through only up to 1 MiB (its headers and the start of the body).
    const before = gate.forwarded();
    gate.hold(MiB);
    const file = await within(15_000, download(incident.id, stored.id, authorization), "the download did not start (the file was read whole first?)");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-length")).toBe(String(bytes.length));
    const reader = file.body!.getReader();
    const first = await within(15_000, reader.read(), "no bytes reached the reader while the rest was held back");
    expect(first.value!.byteLength).toBeGreaterThan(0);
    // what the app has taken from the storage so far is the held-back gate's share, not the file
    expect(gate.forwarded() - before).toBeLessThan(2 * MiB);

    gate.release();
    const parts: Uint8Array[] = [first.value!];
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
    const received = Buffer.concat(parts);
    expect(received.byteLength).toBe(bytes.byteLength);
    expect(sha256(received)).toBe(sha256(bytes));
  });

  it("reads files stored before and after a switch of storage, each from where its row says", async () => {
    const authorization = await sreToken();
    const incident = await createIncident();
    const inDatabase = randomBytes(1.5 * MiB);
    const inBucket = randomBytes(1.5 * MiB);
    const later = randomBytes(1000);

    // PostgreSQL, the default
    const first = (await (await upload(incident.id, authorization, inDatabase, "before.bin")).json()) as AttachmentView;
    // the instance switches to s3
    restore = useObjectStorage(s3);
    const second = (await (await upload(incident.id, authorization, inBucket, "after.bin")).json()) as AttachmentView;

    const rows = await getDb().attachment.findMany({
      where: { incidentId: incident.id },
      select: { id: true, objectKey: true, _count: { select: { chunks: true } } },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(first.id)).toMatchObject({ objectKey: null, _count: { chunks: 2 } });
    expect(byId.get(second.id)).toMatchObject({ objectKey: expect.stringMatching(/^hindsight\/attachments\//), _count: { chunks: 0 } });

    for (const [id, bytes] of [
      [first.id, inDatabase],
      [second.id, inBucket],
    ] as const) {
      const file = await download(incident.id, id, authorization);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    }

    // and back to PostgreSQL with the bucket still configured: the bucket's file stays readable, new ones go to rows
    restore();
    restore = useObjectStorage(s3, { storage: "postgres" });
    const third = (await (await upload(incident.id, authorization, later, "back.bin")).json()) as AttachmentView;
    expect(await getDb().attachment.findUniqueOrThrow({ where: { id: third.id }, select: { objectKey: true } })).toEqual({ objectKey: null });
    const file = await download(incident.id, second.id, authorization);
    expect(Buffer.from(await file.arrayBuffer()).equals(inBucket)).toBe(true);
  });

  it("answers an upload with 503 naming the object storage when it cannot be reached, saving nothing and logging the cause", async () => {
    restore = useObjectStorage(s3, { endpoint: `http://127.0.0.1:${await closedPort()}` });
    const authorization = await sreToken();
    const incident = await createIncident();
    const logs = captureLogs();
    let response: Response;
    try {
      response = await upload(incident.id, authorization, randomBytes(10_000));
    } finally {
      logs.restore();
    }
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("storage_unavailable");
    expect(body.error.message).toMatch(/^The object storage \(S3\) could not be reached to store the file\. Nothing was stored\./);
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|at .*\.ts/);
    expect(await getDb().attachment.count({ where: { incidentId: incident.id } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { incidentId: incident.id } })).toBe(0);
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ level: "warn", storage: "s3", operation: "store", cause: expect.stringMatching(/ECONNREFUSED/) }),
    );
  });

  it("answers an upload with 502 when the storage refuses it (no such bucket), saving nothing", async () => {
    restore = useObjectStorage(s3);
    process.env.HINDSIGHT_S3_BUCKET = "not-made";
    const authorization = await sreToken();
    const incident = await createIncident();
    const response = await upload(incident.id, authorization, randomBytes(10_000));
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({
      code: "storage_refused",
      message: expect.stringMatching(/refused to store the file \(NoSuchBucket\)\. Nothing was stored\./),
    });
    expect(await getDb().attachment.count({ where: { incidentId: incident.id } })).toBe(0);
  });

  it("answers a download with 503 while the storage is down, and with 502 (logged) when its object has gone from the bucket", async () => {
    restore = useObjectStorage(s3);
    const authorization = await sreToken();
    const incident = await createIncident();
    const stored = (await (await upload(incident.id, authorization, randomBytes(10_000))).json()) as AttachmentView;
    const { objectKey } = await getDb().attachment.findUniqueOrThrow({ where: { id: stored.id }, select: { objectKey: true } });

    process.env.HINDSIGHT_S3_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
    const down = await download(incident.id, stored.id, authorization);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { error: { message: string } }).error.message).toMatch(/object storage \(S3\) could not be reached to read the file/);

    process.env.HINDSIGHT_S3_ENDPOINT = s3.endpoint;
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: objectKey! }));
    const logs = captureLogs();
    let gone: Response;
    try {
      gone = await download(incident.id, stored.id, authorization);
    } finally {
      logs.restore();
    }
    expect(gone.status).toBe(502);
    expect((await gone.json()) as unknown).toMatchObject({
      error: { code: "storage_object_missing", message: expect.stringMatching(/missing from the object storage/) },
    });
    expect(logs.lines()).toContainEqual(expect.objectContaining({ level: "warn", operation: "read", key: objectKey, status: 404 }));
  });
});
