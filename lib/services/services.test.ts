import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createChatWebhook } from "@/lib/chat/test-fixtures";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError } from "@/lib/errors";
import { reportDocumentSchema } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import { revokeIntegration } from "@/lib/integrations/mutations";
import { createService, deleteService, updateService } from "@/lib/services/mutations";
import { getService, listServices, searchServices } from "@/lib/services/queries";
import { auditRowsFor, createTestActor } from "@/lib/users/test-fixtures";

const unique = () => randomUUID().slice(0, 8);

/** An incident that lists the given services (the store adds them to the catalog, matching names ignoring case). */
async function incidentListing(...services: string[]) {
  const doc = reportDocumentSchema.parse({ publicId: `TEST-SVC-${unique()}`, title: "Listed services", severity: "High", services });
  return getDb().$transaction((tx) => insertReport(tx, doc, { authorId: null }));
}

describe("createService", () => {
  it("adds a service with team and description, audited", async () => {
    const admin = await createTestActor("ADMIN");
    const name = `Payments ${unique()}`;
    const service = await createService({ name: `  ${name} `, team: "Payments team", description: "" }, admin);
    expect(service).toMatchObject({ name, team: "Payments team", description: null, incidentCount: 0 });
    expect((await auditRowsFor(service.id))[0]).toMatchObject({ action: "service.create", actorId: admin.user.id });
  });

  it("refuses a name that exists in another case", async () => {
    const admin = await createTestActor("ADMIN");
    const name = `Checkout API ${unique()}`;
    await createService({ name }, admin);
    const error = await createService({ name: name.toLowerCase() }, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain(`“${name}” already exists`);
    expect((await listServices()).filter((service) => service.name.toLowerCase() === name.toLowerCase())).toHaveLength(1);
  });

  it("is for admins only", async () => {
    const name = `Forbidden ${unique()}`;
    await expect(createService({ name }, await createTestActor("MANAGER"))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await searchServices(name)).toEqual([]);
  });
});

describe("updateService", () => {
  it("renames and describes, allows a change of case, and refuses another service's name in any case", async () => {
    const admin = await createTestActor("ADMIN");
    const suffix = unique();
    const service = await createService({ name: `search ${suffix}` }, admin);
    const other = await createService({ name: `Indexer ${suffix}` }, admin);

    const { service: renamed } = await updateService({ id: service.id, name: `Search ${suffix}`, team: "Discovery", description: "Full-text search" }, admin);
    expect(renamed).toMatchObject({ name: `Search ${suffix}`, team: "Discovery", description: "Full-text search" });
    expect((await auditRowsFor(service.id)).at(-1)).toMatchObject({
      action: "service.update",
      changes: { name: { before: `search ${suffix}`, after: `Search ${suffix}` }, team: { before: null, after: "Discovery" } },
    });

    await expect(updateService({ id: other.id, name: `SEARCH ${suffix}` }, admin)).rejects.toBeInstanceOf(ConflictError);
    expect((await getService(other.id))!.name).toBe(`Indexer ${suffix}`);
  });

  it("changes only the fields given: one left out keeps its value, an empty one clears it", async () => {
    const admin = await createTestActor("ADMIN");
    const service = await createService({ name: `Billing ${unique()}`, team: "Payments", description: "Invoices" }, admin);

    const { service: moved } = await updateService({ id: service.id, team: "Finance" }, admin);
    expect(moved).toMatchObject({ name: service.name, team: "Finance", description: "Invoices" });
    expect((await auditRowsFor(service.id)).at(-1)).toMatchObject({ action: "service.update", changes: { team: { before: "Payments", after: "Finance" } } });

    const { service: cleared } = await updateService({ id: service.id, description: "" }, admin);
    expect(cleared).toMatchObject({ name: service.name, team: "Finance", description: null });
  });
});

describe("deleteService", () => {
  it("deletes an unused service", async () => {
    const admin = await createTestActor("ADMIN");
    const service = await createService({ name: `Unused ${unique()}` }, admin);
    await deleteService({ id: service.id }, admin);
    expect(await getService(service.id)).toBeNull();
    expect((await auditRowsFor(service.id)).at(-1)).toMatchObject({ action: "service.delete" });
  });

  it("refuses to delete a service an incident lists, and says how many", async () => {
    const admin = await createTestActor("ADMIN");
    const name = `Ledger ${unique()}`;
    const service = await createService({ name }, admin);
    await incidentListing(name.toUpperCase());
    await incidentListing(name);

    expect((await listServices()).find((row) => row.id === service.id)?.incidentCount).toBe(2);
    const error = await deleteService({ id: service.id }, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toContain("listed in 2 incidents");
    expect(await getService(service.id)).not.toBeNull();
  });

  it("refuses to delete a service that has a chat webhook of its own, which would go with it; a revoked one does not stop it", async () => {
    const admin = await createTestActor("ADMIN");
    const service = await createService({ name: `Payments ${unique()}` }, admin);
    const webhook = await createChatWebhook({ url: "https://hooks.slack.com/services/T0/B0/x", events: ["review.submitted"], serviceId: service.id });
    const name = (await getDb().integration.findUniqueOrThrow({ where: { id: webhook.id } })).name;

    const error = await deleteService({ id: service.id }, admin).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(
      `“${service.name}” has a chat webhook of its own (“${name}”), so it cannot be deleted. Revoke it in Admin › Integrations first, or rename the service.`,
    );
    expect(await getService(service.id)).not.toBeNull();
    expect(await getDb().integration.count({ where: { id: webhook.id } })).toBe(1);

    await revokeIntegration({ integrationId: webhook.id }, admin);
    await deleteService({ id: service.id }, admin);
    expect(await getService(service.id)).toBeNull();
  });
});

describe("searchServices", () => {
  it("suggests names starting with the prefix, ignoring case, most used first", async () => {
    const admin = await createTestActor("ADMIN");
    const prefix = `zq${unique()}`;
    await createService({ name: `${prefix}-alpha` }, admin);
    await createService({ name: `${prefix.toUpperCase()}-beta` }, admin);
    await createService({ name: `other-${prefix}` }, admin);
    await incidentListing(`${prefix}-beta`);

    expect((await searchServices(prefix.toUpperCase())).map((service) => service.name)).toEqual([`${prefix.toUpperCase()}-beta`, `${prefix}-alpha`]);
    expect(await searchServices(prefix, { limit: 1 })).toHaveLength(1);
  });
});
