// The service pages' queries on real PostgreSQL: figures per service, the page of one service, "This happened
// before" groups and recurring factors, and private reports counted only for those who may open them.
import { describe, expect, it } from "vitest";
import type { UserActor } from "@/lib/auth/actor";
import { getServicePage, listServiceCatalog } from "@/lib/services/queries";
import { createTestActor } from "@/lib/users/test-fixtures";
import { createTestDocumentReport, uniqueWord, type DocumentInput } from "@/lib/incidents/test-fixtures";

function report(actor: UserActor, overrides: DocumentInput) {
  return createTestDocumentReport(actor, "INC-SVC", { title: "An outage", severity: "High", ...overrides });
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe("service pages", () => {
  it("counts each service's incidents, last incident, open action items and recent minutes of impact; private ones only for who may open them", async () => {
    const [sre, outsider, manager] = await Promise.all([createTestActor("SRE"), createTestActor("VIEWER"), createTestActor("MANAGER")]);
    const service = `svc-${uniqueWord()}`;
    await report(sre, {
      services: [service],
      startedAt: hoursAgo(50),
      endedAt: hoursAgo(49),
      actionItems: [{ title: "Open one" }, { title: "Done one", status: "DONE" }],
    });
    await report(sre, { services: [service], startedAt: "2020-01-01T00:00:00Z", endedAt: "2020-01-01T05:00:00Z" });
    await report(sre, { services: [service], private: true, startedAt: hoursAgo(10), endedAt: hoursAgo(9.5), actionItems: [{ title: "Secret" }] });

    const entry = async (actor: UserActor) => (await listServiceCatalog(actor.user)).find((candidate) => candidate.name === service);
    expect(await entry(outsider)).toMatchObject({ incidentCount: 2, openActionItems: 1, impactMinutes90d: 60 });
    expect(Math.abs(Date.parse((await entry(outsider))!.lastIncidentAt!) - Date.parse(hoursAgo(50)))).toBeLessThan(60_000);
    expect(await entry(sre)).toMatchObject({ incidentCount: 3, openActionItems: 2, impactMinutes90d: 90 });
    expect(await entry(manager)).toMatchObject({ incidentCount: 3 });
  });

  it("shows one service: recent incidents newest first, open items with overdue marked, groups of similar causes, recurring factors", async () => {
    const sre = await createTestActor("SRE");
    const service = `Svc-${uniqueWord()}`;
    const [a, b, c, d, e] = Array.from({ length: 5 }, uniqueWord);
    const pool = { rootCause: `The ${a} ${b} was exhausted by ${c}.`, trigger: `A ${d} deploy.`, contributingFactors: [`No alert on ${e} saturation`] };
    const first = await report(sre, { title: "Pool exhausted", services: [service], startedAt: "2025-01-01T00:00:00Z", ...pool });
    const second = await report(sre, { title: "Pool exhausted again", services: [service], startedAt: "2025-02-01T00:00:00Z", ...pool });
    const third = await report(sre, {
      title: "Pool exhausted, third time",
      services: [service],
      startedAt: "2025-03-01T00:00:00Z",
      ...pool,
      contributingFactors: [`no alerts on ${e} saturation`],
      actionItems: [
        { title: "Late item", dueDate: "2020-01-01" },
        { title: "Later item", dueDate: "2099-01-01" },
      ],
    });
    const other = await report(sre, {
      title: "Something else",
      services: [service],
      startedAt: "2025-04-01T00:00:00Z",
      rootCause: `A ${uniqueWord()} certificate expired.`,
      trigger: `Clock ${uniqueWord()}.`,
    });

    expect(await getServicePage({ ...sre.user }, `no-such-${uniqueWord()}`)).toBeNull();
    const page = await getServicePage(sre.user, service.toLowerCase());
    expect(page!.service.name).toBe(service);
    expect(page!.incidentCount).toBe(4);
    expect(page!.recentIncidents.map((incident) => incident.id)).toEqual([other.id, third.id, second.id, first.id]);
    expect(page!.openActionItems.map(({ title, dueDate, overdue }) => ({ title, dueDate, overdue }))).toEqual([
      { title: "Late item", dueDate: "2020-01-01", overdue: true },
      { title: "Later item", dueDate: "2099-01-01", overdue: false },
    ]);
    expect(page!.recurrences).toHaveLength(1);
    expect(page!.recurrences[0]!.incidents.map((incident) => incident.id)).toEqual([third.id, second.id, first.id]);
    const terms = page!.recurrences[0]!.terms;
    expect(terms).toHaveLength(4);
    for (const term of terms) expect(`${pool.rootCause} ${pool.trigger} ${pool.contributingFactors[0]}`.toLowerCase()).toContain(term);
    expect(page!.recurringFactors).toEqual([{ text: `No alert on ${e} saturation`, incidentCount: 3 }]);
  });

  it("among incidents that started at the same time, lists the ones filed last first (imports of one report keep its start)", async () => {
    const sre = await createTestActor("SRE");
    const service = `svc-${uniqueWord()}`;
    const filed = [];
    for (let i = 0; i < 11; i++) filed.push(await report(sre, { services: [service], startedAt: "2024-11-27T14:23:00Z" }));
    const page = await getServicePage(sre.user, service);
    expect(page!.incidentCount).toBe(11);
    expect(page!.recentIncidents.map((incident) => incident.id)).toEqual(
      filed
        .slice(1)
        .reverse()
        .map((incident) => incident.id),
    );
  });

  it("names each open item's owner: a user, a name the report gave for someone who is not a user, or nobody", async () => {
    const sre = await createTestActor("SRE");
    const service = `svc-${uniqueWord()}`;
    await report(sre, {
      services: [service],
      actionItems: [
        { title: "A user's", ownerEmail: sre.user.email, dueDate: "2099-01-01" },
        { title: "A team's", ownerName: "@dba-team", dueDate: "2099-01-02" },
        { title: "Nobody's", dueDate: "2099-01-03" },
      ],
    });
    const page = await getServicePage(sre.user, service);
    expect(page!.openActionItems.map(({ title, ownerName, ownerIsUser }) => ({ title, ownerName, ownerIsUser }))).toEqual([
      { title: "A user's", ownerName: sre.user.name, ownerIsUser: true },
      { title: "A team's", ownerName: "@dba-team", ownerIsUser: false },
      { title: "Nobody's", ownerName: null, ownerIsUser: false },
    ]);
  });

  it("keeps private reports out of a service page for who may not open them", async () => {
    const [author, outsider] = await Promise.all([createTestActor("SRE"), createTestActor("SRE")]);
    const service = `svc-${uniqueWord()}`;
    const [a, b, c, d] = Array.from({ length: 4 }, uniqueWord);
    const pool = { rootCause: `The ${a} ${b} was exhausted by ${c}.`, trigger: `A ${d} deploy.`, contributingFactors: ["Same factor"] };
    await report(author, { services: [service], private: true, ...pool, actionItems: [{ title: "Hidden" }] });
    await report(author, { services: [service], private: true, ...pool });
    const seen = await getServicePage(outsider.user, service);
    expect(seen).toMatchObject({ incidentCount: 0, recentIncidents: [], openActionItems: [], recurrences: [], recurringFactors: [] });
    const own = await getServicePage(author.user, service);
    expect(own).toMatchObject({ incidentCount: 2, openActionItemCount: 1 });
    expect(own!.recurrences).toHaveLength(1);
  });
});
