// Who may see which incident: the one rule every read and every outbound channel (mail, calendar feed, API) uses.
// A private incident is visible to its author, its participants, and the roles that hold `incident:read-private` in
// lib/auth/permissions.ts (managers and admins); every other incident is visible to every signed-in user.
import "server-only";
import { can, ROLES } from "@/lib/auth/permissions";
import type { Db, Tx } from "@/lib/db/client";
import { InvalidInputError, type FieldIssue } from "@/lib/errors";
import { Prisma, type Role } from "@/lib/generated/prisma/client";

export type Viewer = { id: string; role: Role };

/** The roles that read every private incident without taking part in it. */
export const ROLES_READING_ALL_PRIVATE: readonly Role[] = ROLES.filter((role) => can(role, "incident:read-private"));

export function seesAllPrivate(role: Role): boolean {
  return can(role, "incident:read-private");
}

/** A Prisma filter that keeps only the incidents `viewer` may see. */
export function visibleIncidentsWhere(viewer: Viewer): Prisma.IncidentWhereInput {
  if (seesAllPrivate(viewer.role)) return {};
  return {
    OR: [{ private: false }, { authorId: viewer.id }, { participants: { some: { userId: viewer.id } } }],
  };
}

const SQL_ALIAS = /^[a-z_][a-z0-9_]*$/;

/**
 * The same rule as an SQL condition, for statements that decide for many people at once (the reminder planner):
 * true when the "User" row aliased `userAlias` may see the "Incident" row aliased `incidentAlias`. It must say what
 * visibleIncidentsWhere says: access.test.ts compares the two for every role and every way of (not) taking part.
 */
export function incidentVisibleToSql(incidentAlias: string, userAlias: string): Prisma.Sql {
  if (!SQL_ALIAS.test(incidentAlias) || !SQL_ALIAS.test(userAlias)) throw new Error(`Not an SQL alias: ${incidentAlias}, ${userAlias}`);
  const incident = Prisma.raw(incidentAlias);
  const user = Prisma.raw(userAlias);
  const readsAll = ROLES_READING_ALL_PRIVATE.length
    ? Prisma.sql`${user}.role IN (${Prisma.join(ROLES_READING_ALL_PRIVATE.map((role) => Prisma.sql`${role}::"Role"`))})`
    : Prisma.sql`false`;
  return Prisma.sql`(NOT ${incident}.private OR ${readsAll} OR ${incident}."authorId" = ${user}.id
    OR EXISTS (SELECT 1 FROM "IncidentParticipant" ip WHERE ip."incidentId" = ${incident}.id AND ip."userId" = ${user}.id))`;
}

export type Person = { id: string; name: string; email: string };

/**
 * Of `userIds`, the people who may not see the incident as `db` sees it now (inside a transaction: with that
 * transaction's own writes, such as a report made private in the same save). Unknown ids are left out.
 */
export async function peopleWhoCannotSee(db: Db | Tx, incidentId: string, userIds: string[]): Promise<Person[]> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return [];
  const incident = await db.incident.findUnique({ where: { id: incidentId }, select: { private: true } });
  if (!incident?.private) return [];
  const people = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, email: true, role: true } });
  const hidden: Person[] = [];
  // One after the other: inside a transaction every query shares one connection.
  for (const { role, ...person } of people) {
    const visible = await db.incident.count({ where: { AND: [{ id: incidentId }, visibleIncidentsWhere({ id: person.id, role })] } });
    if (!visible) hidden.push(person);
  }
  return hidden;
}

const TASKS = { owner: "own one of its action items", attendee: "attend its follow-up review" } as const;

/**
 * Refuses to give a private report's work to people who cannot open it (an action item's owner, a follow-up's
 * attendee): they would be reminded of a report the app answers 404 to them about. `people` name the field each
 * came from. A 422 naming them and why; the caller's transaction then writes nothing.
 */
export async function refuseWhoCannotSee(db: Db | Tx, incidentId: string, people: { userId: string; path: string }[], as: keyof typeof TASKS): Promise<void> {
  const hidden = await peopleWhoCannotSee(
    db,
    incidentId,
    people.map((entry) => entry.userId),
  );
  if (hidden.length === 0) return;
  const issues: FieldIssue[] = people.flatMap(({ userId, path }) => {
    const person = hidden.find((candidate) => candidate.id === userId);
    return person ? [{ path, message: `${person.name} cannot open this private report: pick its author, a participant, a manager or an admin` }] : [];
  });
  const names = hidden.map((person) => `${person.name} (${person.email})`).join(", ");
  throw new InvalidInputError(
    `${names} cannot open this private report (only its author, its participants, managers and admins can), so cannot ${TASKS[as]}. ` +
      "Choose someone who can open it.",
    issues,
  );
}
