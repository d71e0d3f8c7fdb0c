// The action-item API against the test database: route handlers called as functions with a bearer token.
import { describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/mutations";
import { userActor, type ActorUser } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { createTestUser } from "@/lib/users/test-fixtures";
import { createTestIncident } from "@/lib/action-items/test-fixtures";

vi.mock("@/lib/auth/session", () => ({ actorFromSession: async () => null }));

const { GET: listRoute } = await import("@/app/api/v1/action-items/route");
const { GET: getRoute, PATCH: patchRoute } = await import("@/app/api/v1/action-items/[id]/route");

const BASE = "http://127.0.0.1:3107";

async function bearer(user: ActorUser): Promise<string> {
  const { plaintext } = await createApiToken({ name: "action-items test" }, userActor(user));
  return `Bearer ${plaintext}`;
}

const params = (id: string) => ({ params: Promise.resolve({ id }) });

function patch(id: string, body: unknown, authorization: string) {
  return patchRoute(
    new Request(`${BASE}/api/v1/action-items/${id}`, {
      method: "PATCH",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    params(id),
  );
}

describe("/api/v1/action-items", () => {
  it("lists with the page's filters and refuses a bad one naming it", async () => {
    const owner = await createTestUser({ role: "SRE" });
    const incident = await createTestIncident({
      items: [
        { title: "late", ownerId: owner.id, dueDate: "2020-01-01" },
        { title: "later", dueDate: "2999-01-01" },
      ],
    });
    const authorization = await bearer(owner);

    const response = await listRoute(new Request(`${BASE}/api/v1/action-items?incident=${incident.publicId}&overdue=1`, { headers: { authorization } }), {});
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ total: 1, page: 1, pageCount: 1, pageSize: 25 });
    expect(body.items).toEqual([
      expect.objectContaining({ title: "late", overdue: true, dueDate: "2020-01-01", owner: expect.objectContaining({ id: owner.id }), version: 1 }),
    ]);

    const mine = await (
      await listRoute(new Request(`${BASE}/api/v1/action-items?incident=${incident.publicId}&owner=me`, { headers: { authorization } }), {})
    ).json();
    expect(mine.items.map((item: { title: string }) => item.title)).toEqual(["late"]);

    const bad = await listRoute(new Request(`${BASE}/api/v1/action-items?sort=colour&size=3`, { headers: { authorization } }), {});
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(["size", "sort"]);

    expect((await listRoute(new Request(`${BASE}/api/v1/action-items`), {})).status).toBe(401);
  });

  it("changes an item for its owner, and answers 403 to another SRE and 409 to a stale version", async () => {
    const owner = await createTestUser({ role: "SRE" });
    const other = await createTestUser({ role: "SRE" });
    const incident = await createTestIncident({ items: [{ title: "fix it", ownerId: owner.id, dueDate: "2020-01-01" }] });
    const item = incident.items[0]!;

    const refused = await patch(item.id, { version: 1, status: "DONE" }, await bearer(other));
    expect(refused.status).toBe(403);

    const ownerAuth = await bearer(owner);
    const done = await patch(item.id, { version: 1, status: "DONE", trackerUrl: "https://github.com/acme/api/issues/7" }, ownerAuth);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ id: item.id, status: "DONE", overdue: false, version: 2, trackerUrl: "https://github.com/acme/api/issues/7" });

    const stale = await patch(item.id, { version: 1, status: "OPEN" }, ownerAuth);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.details).toMatchObject({ currentVersion: 2, current: { status: "DONE" } });

    const invalid = await patch(item.id, { version: 2, status: "WONT_DO" }, ownerAuth);
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.issues).toEqual([{ path: "wontDoReason", message: "Say why it won't be done" }]);

    const read = await getRoute(new Request(`${BASE}/api/v1/action-items/${item.id}`, { headers: { authorization: ownerAuth } }), params(item.id));
    expect(await read.json()).toMatchObject({ status: "DONE", version: 2 });
    expect((await getDb().actionItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("DONE");
  });

  it("refuses to give an item of a private report to someone who cannot open it: 422 naming them, nothing changed", async () => {
    const author = await createTestUser({ role: "SRE" });
    const outsider = await createTestUser({ role: "VIEWER", name: "Omar Outsider" });
    const manager = await createTestUser({ role: "MANAGER" });
    const incident = await createTestIncident({
      authorId: author.id,
      private: true,
      items: [{ title: "Rotate keys", ownerId: author.id, dueDate: "2030-01-10" }],
    });
    const item = incident.items[0]!;
    const authorization = await bearer(author);

    const refused = await patch(item.id, { version: 1, ownerId: outsider.id }, authorization);
    expect(refused.status).toBe(422);
    const { error } = await refused.json();
    expect(error.message).toContain(`Omar Outsider (${outsider.email}) cannot open this private report`);
    expect(error.issues).toEqual([{ path: "ownerId", message: expect.stringContaining("Omar Outsider cannot open this private report") }]);
    expect(await getDb().actionItem.findUniqueOrThrow({ where: { id: item.id }, select: { ownerId: true, version: true } })).toEqual({
      ownerId: author.id,
      version: 1,
    });

    expect((await patch(item.id, { version: 1, ownerId: manager.id }, authorization)).status).toBe(200);
  });

  it("shows an owner who cannot open the private report nothing of its items: not listed, 404 by id", async () => {
    const author = await createTestUser({ role: "SRE" });
    // given the item while the report was public; an SRE, who may edit the items of reports they can open
    const owner = await createTestUser({ role: "SRE" });
    const incident = await createTestIncident({
      authorId: author.id,
      private: true,
      items: [{ title: "Hidden item", ownerId: owner.id, dueDate: "2020-01-01" }],
    });
    const item = incident.items[0]!;
    const authorization = await bearer(owner);

    for (const query of ["owner=me", `incident=${incident.publicId}`, "overdue=1&size=100"]) {
      const body = await (await listRoute(new Request(`${BASE}/api/v1/action-items?${query}`, { headers: { authorization } }), {})).json();
      expect(JSON.stringify(body), query).not.toContain(incident.publicId);
      expect(
        body.items.map((row: { id: string }) => row.id),
        query,
      ).not.toContain(item.id);
    }
    expect((await getRoute(new Request(`${BASE}/api/v1/action-items/${item.id}`, { headers: { authorization } }), params(item.id))).status).toBe(404);
    expect((await patch(item.id, { version: 1, status: "DONE" }, authorization)).status).toBe(404);
  });
});
