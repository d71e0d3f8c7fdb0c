// Attachments through the API against the test database: upload (multipart), list, download, delete, and refusals;
// once with the files' bytes in PostgreSQL (the default) and once in an S3-compatible bucket (s3rver, test/helpers/s3.ts).
import { createHash, randomBytes, randomInt } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { getDb } from "@/lib/db/client";
import { reportDocumentSchema } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import type { AttachmentView } from "@/lib/attachments/schema";
import type { Role } from "@/lib/generated/prisma/client";
import { createTestActor } from "@/lib/users/test-fixtures";
import { STORAGE_MODES, storageForDescribe } from "@/test/helpers/s3";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const collection = await import("@/app/api/v1/incidents/[id]/attachments/route");
const item = await import("@/app/api/v1/incidents/[id]/attachments/[attachmentId]/route");

const BASE = "http://127.0.0.1:3107";

async function tokenFor(role: Role) {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} attachments test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

async function createIncident(options: { private?: boolean; authorId?: string } = {}) {
  const doc = reportDocumentSchema.parse({
    title: "Attachment test",
    severity: "Low",
    publicId: `INC-ATT-${randomInt(1e6, 1e7)}`,
    private: options.private ?? false,
  });
  return getDb().$transaction((tx) => insertReport(tx, doc, { authorId: options.authorId ?? null }));
}

function upload(incidentId: string, authorization: string | undefined, file: Blob | string | null, filename = "graph.png", extra: Record<string, string> = {}) {
  const form = new FormData();
  if (file !== null) form.set("file", typeof file === "string" ? new Blob([file]) : file, filename);
  for (const [key, value] of Object.entries(extra)) form.set(key, value);
  const request = new Request(`${BASE}/api/v1/incidents/${incidentId}/attachments`, {
    method: "POST",
    headers: authorization ? { authorization } : {},
    body: form,
  });
  return collection.POST(request, { params: Promise.resolve({ id: incidentId }) });
}

function download(incidentId: string, attachmentId: string, authorization: string, method = "GET") {
  const request = new Request(`${BASE}/api/v1/incidents/${incidentId}/attachments/${attachmentId}`, { method, headers: { authorization } });
  const context = { params: Promise.resolve({ id: incidentId, attachmentId }) };
  return method === "DELETE" ? item.DELETE(request, context) : item.GET(request, context);
}

/** A POST with a body built by hand, for bodies FormData would never produce. */
function rawUpload(incidentId: string, authorization: string, headers: Record<string, string>, body: BodyInit) {
  const request = new Request(`${BASE}/api/v1/incidents/${incidentId}/attachments`, { method: "POST", headers: { authorization, ...headers }, body });
  return collection.POST(request, { params: Promise.resolve({ id: incidentId }) });
}

function list(incidentId: string, authorization: string) {
  return collection.GET(new Request(`${BASE}/api/v1/incidents/${incidentId}/attachments`, { headers: { authorization } }), {
    params: Promise.resolve({ id: incidentId }),
  });
}

const storedCount = (incidentId: string) => getDb().attachment.count({ where: { incidentId } });
/** Objects ever written for the incident (each is queued before its upload starts, until its row commits): none for a refusal. */
const objectsStartedFor = (incidentId: string) => getDb().storedObjectDeletion.count({ where: { key: { contains: `/${incidentId}/` } } });

afterEach(() => {
  delete process.env.HINDSIGHT_ATTACHMENT_MAX_MB;
});

describe.each(STORAGE_MODES)("attachments API (%s storage)", (mode) => {
  const storage = storageForDescribe(mode);

  it("stores an upload with the size and SHA-256 of its bytes, lists it, and gives the same bytes back as a download", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const bytes = randomBytes(300_000);
    const response = await upload(incident.publicId, sre.authorization, new Blob([bytes], { type: "image/png" }), "pool graph ü.png", {
      description: "Pool usage",
    });
    expect(response.status).toBe(201);
    const stored = (await response.json()) as AttachmentView;
    expect(stored).toMatchObject({
      incidentId: incident.id,
      filename: "pool graph ü.png",
      contentType: "image/png",
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      description: "Pool usage",
      uploadedBy: { id: sre.actor.user.id, name: sre.actor.user.name },
    });
    expect(response.headers.get("location")).toBe(`${BASE}/api/v1/incidents/${incident.id}/attachments/${stored.id}`);

    const row = await getDb().attachment.findUniqueOrThrow({ where: { id: stored.id } });
    expect(row.size).toBe(bytes.length);
    // in the bucket (and not in the database) exactly when the instance stores new files there
    expect(row.objectKey !== null).toBe(mode === "s3");
    expect(await getDb().attachmentChunk.count({ where: { attachmentId: stored.id } })).toBe(mode === "s3" ? 0 : 1);
    expect((await storage.storedBytes(stored.id))?.equals(bytes)).toBe(true);

    const listed = await list(incident.publicId, sre.authorization);
    expect(((await listed.json()) as { items: AttachmentView[] }).items.map((a) => a.id)).toEqual([stored.id]);

    const viewer = await tokenFor("VIEWER");
    const file = await download(incident.id, stored.id, viewer.authorization);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-length")).toBe(String(bytes.length));
    expect(file.headers.get("content-disposition")).toBe(`attachment; filename="pool graph _.png"; filename*=UTF-8''pool%20graph%20%C3%BC.png`);
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");

    const audit = await getDb().auditEvent.findMany({ where: { entityId: stored.id } });
    expect(audit).toEqual([expect.objectContaining({ action: "attachment.upload", incidentId: incident.id, actorType: "API_TOKEN" })]);
  });

  it("stores a file of several MB (in 1 MiB pieces, or as one object under the incident's key) and streams it back whole", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const bytes = randomBytes(2 * 1024 * 1024 + 12_345);
    const stored = (await (await upload(incident.id, sre.authorization, new Blob([bytes]), "export.csv")).json()) as AttachmentView;
    const chunks = await getDb().attachmentChunk.findMany({
      where: { attachmentId: stored.id },
      orderBy: { index: "asc" },
      select: { index: true, data: true },
    });
    if (mode === "postgres") {
      expect(chunks.map((chunk) => [chunk.index, chunk.data.byteLength])).toEqual([
        [0, 1024 * 1024],
        [1, 1024 * 1024],
        [2, 12_345],
      ]);
    } else {
      expect(chunks).toEqual([]);
      const { objectKey } = await getDb().attachment.findUniqueOrThrow({ where: { id: stored.id } });
      // HINDSIGHT_S3_PREFIX "hindsight" (test/helpers/s3.ts), then attachments/<incident id>/<random uuid>
      expect(objectKey).toMatch(new RegExp(`^hindsight/attachments/${incident.id}/[0-9a-f-]{36}$`));
      expect((await storage.s3().read(objectKey!))?.equals(bytes)).toBe(true);
    }
    const file = await download(incident.id, stored.id, sre.authorization);
    expect(file.headers.get("content-length")).toBe(String(bytes.length));
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("never ends a download cut short as if complete when its file is deleted while it is being sent", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const bytes = randomBytes(3 * 1024 * 1024);
    const stored = (await (await upload(incident.id, sre.authorization, new Blob([bytes]), "export.csv")).json()) as AttachmentView;
    const file = await download(incident.id, stored.id, sre.authorization);
    const reader = file.body!.getReader();
    const first = (await reader.read()).value!;
    expect((await download(incident.id, stored.id, sre.authorization, "DELETE")).status).toBe(204);
    if (mode === "postgres") {
      expect(first.byteLength).toBe(1024 * 1024);
      // the chunk rows went with the attachment's row: the download fails
      await expect(reader.read()).rejects.toThrow(/deleted during its download/);
    } else {
      // the object stays until the queued deletion's delay has passed (lib/storage/deletions.ts): the download ends whole
      const rest: Uint8Array[] = [first];
      for (let next = await reader.read(); !next.done; next = await reader.read()) rest.push(next.value);
      expect(Buffer.concat(rest).equals(bytes)).toBe(true);
    }
  });

  it("serves HTML and SVG as downloads with their type, never inline, and keeps only the file's own name", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    for (const [name, type] of [
      ["../../evil.html", "text/html"],
      ["C:\\tmp\\chart.svg", "image/svg+xml"],
    ] as const) {
      const stored = (await (await upload(incident.id, sre.authorization, new Blob(["<script>alert(1)</script>"], { type }), name)).json()) as AttachmentView;
      expect(stored.filename).toBe(name.split(/[\\/]/).pop());
      const file = await download(incident.id, stored.id, sre.authorization);
      expect(file.headers.get("content-type")).toBe(type);
      expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(file.headers.get("x-content-type-options")).toBe("nosniff");
      expect(file.headers.get("content-security-policy")).toContain("sandbox");
    }
  });

  it("refuses a file over the limit with 413 naming the limit, and stores nothing", async () => {
    process.env.HINDSIGHT_ATTACHMENT_MAX_MB = "0.5";
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const limit = 512 * 1024;

    const over = await upload(incident.id, sre.authorization, new Blob([randomBytes(limit + 1)]), "big.bin");
    expect(over.status).toBe(413);
    expect((await over.json()).error.message).toMatch(/at most 512 KB \(524,288 bytes\)/);

    // far over: refused while the body streams in, before the multipart is parsed
    const farOver = await upload(incident.id, sre.authorization, new Blob([randomBytes(limit * 3)]), "huge.bin");
    expect(farOver.status).toBe(413);
    expect((await farOver.json()).error.message).toMatch(/at most 512 KB/);

    expect(await storedCount(incident.id)).toBe(0);
    expect(await objectsStartedFor(incident.id)).toBe(0);
    expect(await getDb().auditEvent.count({ where: { incidentId: incident.id, action: "attachment.upload" } })).toBe(0);

    const atLimit = await upload(incident.id, sre.authorization, new Blob([randomBytes(limit)]), "exact.bin");
    expect(atLimit.status).toBe(201);
    expect(((await atLimit.json()) as AttachmentView).contentType).toBe("application/octet-stream");
  });

  it("takes the limit from the instance setting when no environment override is set", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const db = getDb();
    const saved = await db.setting.findUnique({ where: { key: "attachments.maxMb" } });
    await db.setting.upsert({ where: { key: "attachments.maxMb" }, create: { key: "attachments.maxMb", value: 1 }, update: { value: 1 } });
    try {
      const over = await upload(incident.id, sre.authorization, new Blob([randomBytes(1024 * 1024 + 1)]), "big.bin");
      expect(over.status).toBe(413);
      expect((await over.json()).error.message).toMatch(/at most 1 MB \(1,048,576 bytes\); this file is/);
      expect(await storedCount(incident.id)).toBe(0);
    } finally {
      if (saved) await db.setting.update({ where: { key: saved.key }, data: { value: saved.value ?? 25 } });
      else await db.setting.delete({ where: { key: "attachments.maxMb" } });
    }
  });

  it("refuses uploads that are not allowed or not well formed, storing nothing", async () => {
    const sre = await tokenFor("SRE");
    const viewer = await tokenFor("VIEWER");
    const incident = await createIncident();
    const hidden = await createIncident({ private: true });

    const cases: [string, Promise<Response>, number, RegExp][] = [
      ["viewer", upload(incident.id, viewer.authorization, "x"), 403, /permission/],
      ["no token", upload(incident.id, undefined, "x"), 401, /Bearer/],
      ["private incident of someone else", upload(hidden.id, sre.authorization, "x"), 404, /not found/],
      ["unknown incident", upload("INC-NOPE", sre.authorization, "x"), 404, /not found/],
      ["no file field", upload(incident.id, sre.authorization, null, "x", { description: "only text" }), 422, /field `file`/],
      ["empty file", upload(incident.id, sre.authorization, ""), 422, /empty/],
      ["not multipart", rawUpload(incident.id, sre.authorization, { "content-type": "application/octet-stream" }, "raw"), 415, /multipart\/form-data/],
      [
        "multipart without a boundary",
        rawUpload(incident.id, sre.authorization, { "content-type": "multipart/form-data" }, "--xyz\r\n"),
        422,
        /not valid multipart/,
      ],
      [
        "a file in another field",
        (() => {
          const form = new FormData();
          form.set("attachment", new Blob(["data"]), "a.txt");
          return rawUpload(incident.id, sre.authorization, {}, form);
        })(),
        422,
        /field `file`/,
      ],
      [
        "broken multipart",
        rawUpload(
          incident.id,
          sre.authorization,
          { "content-type": "multipart/form-data; boundary=xyz" },
          '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\ncut off',
        ),
        422,
        /not valid multipart/,
      ],
    ];
    for (const [name, response, status, message] of cases) {
      const answer = await response;
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect((await answer.json()).error.message, name).toMatch(message);
    }
    expect(await storedCount(incident.id)).toBe(0);
    expect(await storedCount(hidden.id)).toBe(0);
    expect(await objectsStartedFor(incident.id)).toBe(0);
  });

  it("refuses to add or delete files on an approved (signed-off) report with 409, changing nothing", async () => {
    const sre = await tokenFor("SRE");
    const incident = await createIncident();
    const first = await upload(incident.id, sre.authorization, "before sign-off", "before.txt");
    expect(first.status).toBe(201);
    const { id: attachmentId } = (await first.json()) as { id: string };
    await getDb().incident.update({ where: { id: incident.id }, data: { reportState: "APPROVED" } });

    const refused = await upload(incident.id, sre.authorization, "after sign-off", "after.txt");
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/approved and therefore read-only/);
    expect((await download(incident.id, attachmentId, sre.authorization, "DELETE")).status).toBe(409);
    expect(await storedCount(incident.id)).toBe(1);
    // refused before its file was uploaded for nothing
    expect(await objectsStartedFor(incident.id)).toBe(0);
  });

  it("hides a private incident's files from a viewer who is not a participant", async () => {
    const author = await tokenFor("SRE");
    const incident = await createIncident({ private: true, authorId: author.actor.user.id });
    const stored = (await (await upload(incident.id, author.authorization, "secret log")).json()) as AttachmentView;
    const outsider = await tokenFor("VIEWER");
    expect((await download(incident.id, stored.id, outsider.authorization)).status).toBe(404);
    expect((await list(incident.id, outsider.authorization)).status).toBe(404);
    expect((await download(incident.id, stored.id, author.authorization)).status).toBe(200);
    // the file of another incident is not reachable through this one
    const other = await createIncident();
    expect((await download(other.id, stored.id, author.authorization)).status).toBe(404);
  });

  it("lets an SRE delete a file (204, audited with the incident) but not a viewer", async () => {
    const sre = await tokenFor("SRE");
    const viewer = await tokenFor("VIEWER");
    const incident = await createIncident();
    const stored = (await (await upload(incident.id, sre.authorization, "log line")).json()) as AttachmentView;

    expect((await download(incident.id, stored.id, viewer.authorization, "DELETE")).status).toBe(403);
    expect(await storedCount(incident.id)).toBe(1);

    const { objectKey } = await getDb().attachment.findUniqueOrThrow({ where: { id: stored.id } });
    const deleted = await download(incident.publicId, stored.id, sre.authorization, "DELETE");
    expect(deleted.status).toBe(204);
    expect(await storedCount(incident.id)).toBe(0);
    expect(await getDb().attachmentChunk.count({ where: { attachmentId: stored.id } })).toBe(0);
    // the object is queued for the worker to delete (lib/storage/deletions.ts)
    if (objectKey) expect(await getDb().storedObjectDeletion.findUnique({ where: { key: objectKey } })).toMatchObject({ attempts: 0 });
    expect((await download(incident.id, stored.id, sre.authorization, "DELETE")).status).toBe(404);
    const audit = await getDb().auditEvent.findMany({ where: { entityId: stored.id, action: "attachment.delete" } });
    expect(audit).toEqual([expect.objectContaining({ incidentId: incident.id, changes: { filename: { before: "graph.png" } } })]);
  });
});
