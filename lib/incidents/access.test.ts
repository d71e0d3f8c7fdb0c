// The visibility rule exists twice: as a Prisma filter for reads (visibleIncidentsWhere) and as SQL for the reminder
// planner (incidentVisibleToSql). Here both answer for every role and every way of (not) taking part in a report,
// on the real database, and must agree with each other and with the rule as the README states it.
import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { Prisma, type Role } from "@/lib/generated/prisma/client";
import { incidentVisibleToSql, peopleWhoCannotSee, refuseWhoCannotSee, ROLES_READING_ALL_PRIVATE, visibleIncidentsWhere } from "@/lib/incidents/access";
import { InvalidInputError } from "@/lib/errors";
import { createTestIncident } from "@/lib/action-items/test-fixtures";
import { createTestUser } from "@/lib/users/test-fixtures";

type Relation = "author" | "participant" | "outsider";
const RELATIONS: Relation[] = ["author", "participant", "outsider"];

/** The rule in words: public reports for everyone; private ones for their author, participants, managers, admins. */
function expected(role: Role, relation: Relation, isPrivate: boolean): boolean {
  return !isPrivate || relation !== "outsider" || role === "MANAGER" || role === "ADMIN";
}

async function sqlVisible(userId: string, incidentIds: string[]): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT i.id FROM "Incident" i JOIN "User" u ON u.id = ${userId}
    WHERE i.id = ANY(${incidentIds}::text[]) AND ${incidentVisibleToSql("i", "u")}`);
  return rows.map((row) => row.id).sort();
}

async function prismaVisible(user: { id: string; role: Role }, incidentIds: string[]): Promise<string[]> {
  const rows = await getDb().incident.findMany({ where: { AND: [{ id: { in: incidentIds } }, visibleIncidentsWhere(user)] }, select: { id: true } });
  return rows.map((row) => row.id).sort();
}

describe("who may see an incident", () => {
  it("reads every private report only with incident:read-private (managers and admins)", () => {
    expect([...ROLES_READING_ALL_PRIVATE]).toEqual(["MANAGER", "ADMIN"]);
  });

  it("the SQL condition and the Prisma filter agree for every role, relation and visibility", async () => {
    let checked = 0;
    for (const role of ROLES) {
      for (const relation of RELATIONS) {
        const user = await createTestUser({ role });
        const other = await createTestUser({ role: "SRE" });
        const reports = [];
        for (const isPrivate of [false, true]) {
          const incident = await createTestIncident({ authorId: relation === "author" ? user.id : other.id, private: isPrivate });
          if (relation === "participant") await getDb().incidentParticipant.create({ data: { incidentId: incident.id, userId: user.id } });
          reports.push({ id: incident.id, isPrivate });
        }
        const ids = reports.map((report) => report.id);
        const want = reports
          .filter((report) => expected(role, relation, report.isPrivate))
          .map((report) => report.id)
          .sort();

        expect(await prismaVisible(user, ids), `${role} ${relation} (Prisma)`).toEqual(want);
        expect(await sqlVisible(user.id, ids), `${role} ${relation} (SQL)`).toEqual(want);
        for (const report of reports) {
          const hidden = await peopleWhoCannotSee(getDb(), report.id, [user.id]);
          expect(hidden.length === 0, `${role} ${relation} private=${report.isPrivate} (peopleWhoCannotSee)`).toBe(want.includes(report.id));
          checked++;
        }
      }
    }
    expect(checked).toBe(ROLES.length * RELATIONS.length * 2);
  });

  it("refuses work on a private report for people who cannot open it, naming them and the field", async () => {
    const author = await createTestUser({ role: "SRE" });
    const viewer = await createTestUser({ role: "VIEWER", name: "Vic Viewer" });
    const manager = await createTestUser({ role: "MANAGER" });
    const incident = await createTestIncident({ authorId: author.id, private: true });

    const refusal = refuseWhoCannotSee(
      getDb(),
      incident.id,
      [
        { userId: manager.id, path: "owners.0" },
        { userId: viewer.id, path: "owners.1" },
      ],
      "owner",
    );
    await expect(refusal).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refusal).rejects.toMatchObject({
      message: expect.stringContaining(`Vic Viewer (${viewer.email}) cannot open this private report`),
      issues: [{ path: "owners.1", message: expect.stringMatching(/^Vic Viewer cannot open this private report: pick its author, a participant/) }],
    });
    await expect(refuseWhoCannotSee(getDb(), incident.id, [{ userId: author.id, path: "owner" }], "owner")).resolves.toBeUndefined();
  });
});
