// The import and read API end to end against the test database: route handlers called as functions with a Request.
// The session fallback needs a Next request (cookies); it is replaced by "nobody signed in", the bearer path is real.
import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { getDb } from "@/lib/db/client";
import { makeDocx } from "@/lib/incidents/report-formats/test-zip";
import { parseReportText } from "@/lib/incidents/report-text/parse";
import type { IncidentResponse, ReportDocument } from "@/lib/incidents/schema";
import { createTestActor } from "@/lib/users/test-fixtures";
import type { Role } from "@/lib/generated/prisma/client";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const { POST: importRoute } = await import("@/app/api/v1/incidents/import/route");
const { GET: getIncident } = await import("@/app/api/v1/incidents/[id]/route");
const { GET: listRoute } = await import("@/app/api/v1/incidents/route");
const { GET: exportRoute } = await import("@/app/(app)/incidents/[id]/export/route");

const SAMPLE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../../../prisma/seed-data/inc-2024-1127-001.txt"), "utf8");
const BASE = "http://127.0.0.1:3107";

/** The sample under a public id of its own (same day, so every time is read the same way). */
function sample(): { text: string; publicId: string } {
  const publicId = `INC-2024-1127-${randomInt(100_000, 999_999)}`;
  return { text: SAMPLE.replace("Incident ID: INC-2024-1127-001", `Incident ID: ${publicId}`), publicId };
}

async function tokenFor(role: Role) {
  const actor = await createTestActor(role);
  const { plaintext } = await createApiToken({ name: `${role} import test` }, actor);
  return { actor, authorization: `Bearer ${plaintext}` };
}

function postImport(body: BodyInit | null, options: { authorization?: string; contentType?: string | null; query?: string } = {}) {
  const headers = new Headers();
  if (options.authorization) headers.set("authorization", options.authorization);
  if (options.contentType !== null) headers.set("content-type", options.contentType ?? "text/plain; charset=utf-8");
  return importRoute(new Request(`${BASE}/api/v1/incidents/import${options.query ?? ""}`, { method: "POST", headers, body }), {});
}

function get(url: string, authorization?: string) {
  return new Request(`${BASE}${url}`, { headers: authorization ? { authorization } : {} });
}

const params = <T extends Record<string, string>>(values: T) => ({ params: Promise.resolve(values) });

/** The document without the ids the database gave it. */
function withoutIds(doc: unknown): unknown {
  return JSON.parse(JSON.stringify(doc, (key, value: unknown) => (key === "id" ? undefined : value)));
}

const incidentCount = () => getDb().incident.count();

describe("POST /api/v1/incidents/import", () => {
  it("creates the sample report (201 with id, publicId, url and Location) that GET returns field for field, by public id and by database id", async () => {
    const { authorization } = await tokenFor("SRE");
    const { text, publicId } = sample();
    const started = performance.now();
    const response = await postImport(text, { authorization });
    const elapsed = performance.now() - started;
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; publicId: string; url: string; warnings: string[] };
    expect(created).toMatchObject({ publicId, url: `${BASE}/incidents/${publicId}`, warnings: [] });
    expect(response.headers.get("location")).toBe(`${BASE}/api/v1/incidents/${publicId}`);
    console.log(`import of the sample through the API: ${elapsed.toFixed(0)} ms`);

    const expected = parseReportText(text).document;
    for (const id of [publicId, created.id]) {
      const read = await getIncident(get(`/api/v1/incidents/${id}`, authorization), params({ id }));
      expect(read.status).toBe(200);
      const { version, reportState, signOff, ...document } = (await read.json()) as IncidentResponse;
      expect(document.id).toBe(created.id);
      expect(withoutIds(document)).toEqual(withoutIds(expected));
      expect({ version, reportState, signOff }).toEqual({ version: 1, reportState: "DRAFT", signOff: null });
    }

    const audit = await getDb().auditEvent.findMany({ where: { entityId: created.id, action: "incident.import" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "API_TOKEN", incidentId: created.id });
  });

  it("accepts text/markdown, reads times in ?timeZone=, and refuses a second import of the same incident id (409)", async () => {
    const { authorization } = await tokenFor("MANAGER");
    const { text, publicId } = sample();
    const berlin = await postImport(text.replaceAll(" UTC", ""), { authorization, contentType: "text/markdown", query: "?timeZone=Europe/Berlin" });
    expect(berlin.status).toBe(201);
    const document = (await (await getIncident(get(`/api/v1/incidents/${publicId}`, authorization), params({ id: publicId }))).json()) as ReportDocument;
    expect(document.timeZone).toBe("Europe/Berlin");
    expect(document.startedAt).toBe("2024-11-27T13:23:00.000Z");

    const before = await incidentCount();
    const again = await postImport(text, { authorization });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain(publicId);
    expect(await incidentCount()).toBe(before);
  });

  it("?dryRun=1 answers the document, warnings and line map and creates nothing", async () => {
    const { authorization } = await tokenFor("SRE");
    const { text, publicId } = sample();
    const before = await incidentCount();
    const response = await postImport(text, { authorization, query: "?dryRun=1" });
    expect(response.status).toBe(200);
    const preview = await response.json();
    expect(Object.keys(preview).sort()).toEqual(["document", "guesses", "lineMap", "questions", "warnings"]);
    expect(preview.document).toEqual(JSON.parse(JSON.stringify(parseReportText(text).document)));
    expect(preview.document.publicId).toBe(publicId);
    expect(preview.lineMap).toContainEqual({ line: 12, field: "timeline[0]" });
    expect(preview.warnings).toEqual([]);
    expect(await incidentCount()).toBe(before);
    expect(await getDb().incident.findUnique({ where: { publicId } })).toBeNull();
  });

  it("refuses what it cannot import with a status and a message naming the problem, creating nothing", async () => {
    const sre = await tokenFor("SRE");
    const viewer = await tokenFor("VIEWER");
    const { text } = sample();
    const oversized = `${text}\n${"x".repeat(1024 * 1024 + 1 - Buffer.byteLength(text) - 1)}`;
    expect(Buffer.byteLength(oversized)).toBe(1024 * 1024 + 1);
    const badDate = text.replace("(Due: Dec 1)", "(Due: Feb 30)");

    const cases: { name: string; response: () => Promise<Response>; status: number; message: RegExp }[] = [
      { name: "empty body", response: () => postImport("", sre), status: 422, message: /empty/ },
      { name: "blank body", response: () => postImport(" \n\n ", sre), status: 422, message: /empty/ },
      { name: "not a report", response: () => postImport("Shopping list:\nmilk\neggs\n", sre), status: 422, message: /does not look like an incident report/ },
      { name: "1 MB + 1 byte", response: () => postImport(oversized, sre), status: 413, message: /larger than 1 MB; the limit is 1 MB/ },
      { name: "bad date", response: () => postImport(badDate, sre), status: 422, message: /^Line 85: "Feb 30" is not a real date/ },
      { name: "bad time zone", response: () => postImport(text, { ...sre, query: "?timeZone=Mars/Olympus" }), status: 422, message: /not a time zone/ },
      {
        name: "JSON body",
        response: () => postImport(JSON.stringify({ text }), { ...sre, contentType: "application/json" }),
        status: 415,
        message: /text\/plain or text\/markdown.*not application\/json/,
      },
      {
        name: "no content type",
        response: () => postImport(new Blob([text]), { ...sre, contentType: null }),
        status: 415,
        message: /Content-Type header is missing/,
      },
      { name: "not UTF-8", response: () => postImport(new Uint8Array([0x49, 0x4e, 0xff, 0xfe]), sre), status: 422, message: /not valid UTF-8/ },
      { name: "no token", response: () => postImport(text), status: 401, message: /Bearer/ },
      {
        name: "a revoked-looking token",
        response: () => postImport(text, { authorization: "Bearer hst_nope" }),
        status: 401,
        message: /invalid, expired or revoked/,
      },
      { name: "viewer token", response: () => postImport(text, viewer), status: 403, message: /permission/ },
      { name: "viewer token, dry run", response: () => postImport(text, { ...viewer, query: "?dryRun=1" }), status: 403, message: /permission/ },
    ];
    for (const { name, response, status, message } of cases) {
      const before = await incidentCount();
      const answer = await response();
      const body = await answer.json();
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(body.error.message, name).toMatch(message);
      expect(await incidentCount(), name).toBe(before);
    }
  });

  it("refuses a body announced as over 1 MB before reading it", async () => {
    const { authorization } = await tokenFor("SRE");
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
      },
    });
    const request = new Request(`${BASE}/api/v1/incidents/import`, {
      method: "POST",
      headers: { authorization, "content-type": "text/plain" },
      body: endless,
      duplex: "half",
    } as RequestInit);
    const response = await importRoute(request, {});
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1024 / 64 + 2);
  });
});

describe("POST /api/v1/incidents/import with an HTML page or a Word document", () => {
  const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../../../lib/incidents/report-formats/fixtures");
  const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  /** A fixture under a public id of its own, so that each test creates a new incident. */
  const fixture = (name: string, publicId: string, replacement: string) => readFileSync(path.join(fixtures, name), "utf8").replaceAll(publicId, replacement);
  const uniqueId = (prefix: string) => `${prefix}-${randomInt(100_000, 999_999)}`;

  it("converts a Confluence page sent as text/html and creates the report it describes", async () => {
    const { authorization } = await tokenFor("SRE");
    const publicId = uniqueId("INC-2021-0412");
    const response = await postImport(fixture("confluence-export.html", "INC-2021-0412", publicId), { authorization, contentType: "text/html; charset=utf-8" });
    expect(response.status).toBe(201);
    expect((await response.json()).publicId).toBe(publicId);
    const document = (await (await getIncident(get(`/api/v1/incidents/${publicId}`, authorization), params({ id: publicId }))).json()) as ReportDocument;
    expect(document).toMatchObject({ title: `${publicId} Search results empty after index migration`, severity: "Medium", timeZone: "Europe/Berlin" });
    expect(document.timeline).toHaveLength(5);
    expect(document.actionItems.map((item) => item.status)).toEqual(["IN_PROGRESS", "DONE"]);
  });

  it("converts a .docx sent as its own type, and one sent as a multipart file; a dry run answers the converted text too", async () => {
    const { authorization } = await tokenFor("MANAGER");
    const docx = readFileSync(path.join(fixtures, "postmortem.docx"));
    const dry = await postImport(docx, { authorization, contentType: DOCX_TYPE, query: "?dryRun=1" });
    expect(dry.status).toBe(200);
    const preview = await dry.json();
    expect(preview.text).toMatch(/^# Order confirmation emails delayed by a stuck mail queue\n/);
    expect(preview.document).toMatchObject({ publicId: "INC-2021-0521", timeZone: "Europe/Paris", status: "CLOSED" });
    expect(preview.lineMap).toContainEqual({ line: 1, field: "title" });

    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(docx)], { type: DOCX_TYPE }), "postmortem.docx");
    const before = await incidentCount();
    const uploaded = await postImport(form, { authorization, contentType: null, query: "?dryRun=1" });
    expect(uploaded.status).toBe(200);
    expect((await uploaded.json()).document.actionItems).toHaveLength(3);
    expect(await incidentCount()).toBe(before);
  });

  it("?convertOnly=1 answers a file as the text to check, without reading it as a report: a .docx over 2 MB (an image inside) too", async () => {
    const { authorization } = await tokenFor("SRE");
    const image = { name: "word/media/image1.png", data: randomBytes(3 * 1024 * 1024), store: true };
    const docx = makeDocx(["# Cache stampede after a deploy", "**Severity:** High", "## Summary", "The cache emptied at once."], { extra: [image] });
    expect(docx.byteLength).toBeGreaterThan(3 * 1024 * 1024);
    const form = new FormData();
    form.set("file", new Blob([docx], { type: DOCX_TYPE }), "big.docx");
    const before = await incidentCount();
    const response = await postImport(form, { authorization, contentType: null, query: "?convertOnly=1" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ format: "docx", fileName: "big.docx", notes: [] });
    expect(body.text).toMatch(/^# Cache stampede after a deploy\n/);
    expect(body.text).toContain("**Severity:** High");
    expect(body).not.toHaveProperty("document");
    expect(await incidentCount()).toBe(before);

    // not a report at all: still converted (a preview would say what is missing)
    const notes = await postImport("just a note", { authorization, query: "?convertOnly=1" });
    expect(notes.status).toBe(200);
    expect(await notes.json()).toEqual({ text: "just a note", format: "text", fileName: null, notes: [] });
    // the permission of an import
    const viewer = await tokenFor("VIEWER");
    expect((await postImport(form, { authorization: viewer.authorization, contentType: null, query: "?convertOnly=1" })).status).toBe(403);
  });

  it("puts a converted file's notes before the parser's warnings", async () => {
    const { authorization } = await tokenFor("SRE");
    const publicId = uniqueId("INC-HTML");
    const page = `<h1>Disk full on the build agents</h1><p><b>Incident ID:</b> ${publicId}</p><p><b>Severity:</b> Low</p><p><b>Status:</b> Resolved</p><h2>Summary</h2><p>Builds failed.<img src="graph.png"></p>`;
    const response = await postImport(page, { authorization, contentType: "text/html" });
    expect(response.status).toBe(201);
    expect((await response.json()).warnings[0]).toBe("1 image was left out: attach screenshots to the report after creating it.");
  });

  it("refuses with a status and a message what it cannot convert, creating nothing", async () => {
    const sre = await tokenFor("SRE");
    const pdf = new FormData();
    pdf.set("file", new Blob(["%PDF-1.7 ..."], { type: "application/pdf" }), "postmortem.pdf");
    const noFile = new FormData();
    noFile.set("text", "Title: x");
    const cases: { name: string; response: () => Promise<Response>; status: number; message: RegExp }[] = [
      {
        name: "not a docx",
        response: () => postImport("Title: x\n", { ...sre, contentType: DOCX_TYPE }),
        status: 422,
        message: /not a Word document \(\.docx\): a \.docx is a ZIP archive/,
      },
      { name: "a PDF as a file", response: () => postImport(pdf, { ...sre, contentType: null }), status: 415, message: /^"postmortem\.pdf" is a PDF/ },
      { name: "no file field", response: () => postImport(noFile, { ...sre, contentType: null }), status: 422, message: /multipart field `file`/ },
      {
        name: "a docx over 10 MB",
        response: () => postImport(new Uint8Array(10 * 1024 * 1024 + 1), { ...sre, contentType: DOCX_TYPE }),
        status: 413,
        message: /a Word document may be at most 10 MB/,
      },
      {
        name: "an HTML page over 5 MB",
        response: () => postImport(`<p>${"x".repeat(5 * 1024 * 1024)}</p>`, { ...sre, contentType: "text/html" }),
        status: 413,
        message: /an HTML page may be at most 5 MB/,
      },
      {
        name: "another type",
        response: () => postImport("{}", { ...sre, contentType: "application/pdf" }),
        status: 415,
        message: /text\/plain or text\/markdown .*text\/html .*wordprocessingml\.document .*multipart\/form-data .*not application\/pdf/,
      },
    ];
    for (const { name, response, status, message } of cases) {
      const before = await incidentCount();
      const answer = await response();
      const body = await answer.json();
      expect({ name, status: answer.status }).toEqual({ name, status });
      expect(body.error.message, name).toMatch(message);
      expect(await incidentCount(), name).toBe(before);
    }
  });
});

describe("GET /api/v1/incidents/{id} and the list", () => {
  it("hides a private incident from a viewer who is not a participant (404) and shows it to its participants and managers", async () => {
    const author = await tokenFor("SRE");
    const { text, publicId } = sample();
    const created = await (await postImport(text.replace("Status: Resolved", "Status: Resolved\nVisibility: Private"), author)).json();
    await getDb().incident.update({ where: { id: created.id }, data: { private: true } });

    const outsider = await tokenFor("VIEWER");
    const participant = await tokenFor("VIEWER");
    await getDb().incidentParticipant.create({ data: { incidentId: created.id, userId: participant.actor.user.id } });
    const manager = await tokenFor("MANAGER");

    for (const id of [publicId, created.id]) {
      const hidden = await getIncident(get(`/api/v1/incidents/${id}`, outsider.authorization), params({ id }));
      expect(hidden.status).toBe(404);
      expect((await hidden.json()).error.code).toBe("not_found");
      const hiddenExport = await exportRoute(get(`/incidents/${id}/export?format=md`, outsider.authorization), params({ id }));
      expect(hiddenExport.status).toBe(404);
    }
    for (const who of [author, participant, manager]) {
      expect((await getIncident(get(`/api/v1/incidents/${publicId}`, who.authorization), params({ id: publicId }))).status).toBe(200);
    }

    const listed = async (authorization: string) => {
      const response = await listRoute(get(`/api/v1/incidents?q=${publicId}`, authorization), {});
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: { publicId: string }[]; total: number }).items.map((item) => item.publicId);
    };
    expect(await listed(outsider.authorization)).toEqual([]);
    expect(await listed(participant.authorization)).toEqual([publicId]);
  });

  it("answers 404 for an incident that does not exist and 401 without a caller", async () => {
    const { authorization } = await tokenFor("VIEWER");
    expect((await getIncident(get("/api/v1/incidents/INC-NOPE", authorization), params({ id: "INC-NOPE" }))).status).toBe(404);
    expect((await getIncident(get("/api/v1/incidents/INC-NOPE"), params({ id: "INC-NOPE" }))).status).toBe(401);
    expect((await listRoute(get("/api/v1/incidents"), {})).status).toBe(401);
  });

  it("pages the list: 25 a page with the total", async () => {
    const { authorization } = await tokenFor("MANAGER");
    const response = await listRoute(get("/api/v1/incidents?page=1", authorization), {});
    const body = await response.json();
    expect(body).toMatchObject({ page: 1, pageSize: 25 });
    expect(body.items.length).toBeLessThanOrEqual(25);
    expect(body.total).toBeGreaterThanOrEqual(body.items.length);
  });
});

describe("GET /incidents/{id}/export", () => {
  it("downloads Markdown, JSON and text named after the public id; the text re-imports to the same document", async () => {
    const { authorization } = await tokenFor("SRE");
    const { text, publicId } = sample();
    const created = await (await postImport(text, { authorization })).json();
    const original = parseReportText(text).document;

    const download = async (format: string) => {
      const response = await exportRoute(get(`/incidents/${publicId}/export?format=${format}`, authorization), params({ id: publicId }));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toContain(`filename="${publicId}.${format}"`);
      return { body: await response.text(), type: response.headers.get("content-type") };
    };

    const txt = await download("txt");
    expect(txt.type).toBe("text/plain; charset=utf-8");
    expect(withoutIds(parseReportText(txt.body).document)).toEqual(withoutIds(original));

    const md = await download("md");
    expect(md.type).toBe("text/markdown; charset=utf-8");
    expect(md.body).toContain("Production Database Connection Pool Exhaustion");
    expect(withoutIds(parseReportText(md.body).document)).toEqual(withoutIds(original));

    const json = await download("json");
    expect(json.type).toBe("application/json; charset=utf-8");
    const api = await (await getIncident(get(`/api/v1/incidents/${created.id}`, authorization), params({ id: created.id }))).text();
    expect(json.body).toBe(api);

    const unknown = await exportRoute(get(`/incidents/${publicId}/export?format=docx`, authorization), params({ id: publicId }));
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.message).toContain("md, json or txt");

    // the text export through the import API creates the same report again under a new id
    const reimported = await postImport(txt.body.replace(publicId, `${publicId}-2`), { authorization });
    expect(reimported.status).toBe(201);
    const {
      version: _version,
      reportState: _state,
      signOff: _signOff,
      ...copy
    } = (await (await getIncident(get(`/api/v1/incidents/${publicId}-2`, authorization), params({ id: `${publicId}-2` }))).json()) as IncidentResponse;
    expect(withoutIds({ ...copy, publicId })).toEqual(withoutIds(original));
  });
});
