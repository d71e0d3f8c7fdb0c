// Postmortems that are owed, in SQL: which incidents owe one (policy: lib/incidents/postmortem-due.ts) and by which
// day, for the reminder planner (plan-sql.ts) and the managers' weekly digest. The day rule is the TypeScript one
// (postmortemDue) written as SQL: the end's local day in the author's zone (else the incident's) plus the policy's
// business days (dueDaySql).
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { incidentVisibleToSql } from "@/lib/incidents/access";
import type { PostmortemPolicy } from "@/lib/incidents/postmortem-due";
import { dueDaySql } from "@/lib/time/business-days-sql";
import { localDaySql } from "@/lib/time/local-day-sql";

/**
 * Rows (incident_id, due_day) of the incidents that owe a postmortem under `policy`: a required severity, ended, not
 * approved. `i` and `au` (the author, LEFT JOINed) must be in scope where it is used as a lateral subquery source.
 */
export function owedPostmortemsSql(policy: PostmortemPolicy): Prisma.Sql {
  if (policy.severities.length === 0) return Prisma.sql`SELECT NULL::text AS incident_id, NULL::date AS due_day WHERE false`;
  const endDay = localDaySql(Prisma.sql`i."endedAt"`, Prisma.sql`COALESCE(au."timeZone", i."timeZone")`);
  return Prisma.sql`
    SELECT i.id AS incident_id, ${dueDaySql(endDay, policy.businessDays)} AS due_day
    FROM "Incident" i LEFT JOIN "User" au ON au.id = i."authorId"
    WHERE i."endedAt" IS NOT NULL AND i."reportState" <> 'APPROVED' AND i.severity = ANY(${policy.severities}::text[])`;
}

/** The owed postmortems each manager's digest lists, as of each digest's day: only those the manager can open. */
export function digestPostmortemsSql(digests: { managerId: string; day: string }[], policy: PostmortemPolicy): Prisma.Sql {
  return Prisma.sql`
    WITH owed AS (${owedPostmortemsSql(policy)})
    SELECT m.manager_id AS "managerId", to_char(m.day, 'YYYY-MM-DD') AS "digestDay", i."publicId" AS "incidentPublicId",
           i.title AS "incidentTitle", to_char(o.due_day, 'YYYY-MM-DD') AS "dueDay"
    FROM unnest(${digests.map((digest) => digest.managerId)}::text[], ${digests.map((digest) => digest.day)}::date[]) AS m(manager_id, day)
    JOIN "User" mu ON mu.id = m.manager_id
    CROSS JOIN owed o
    JOIN "Incident" i ON i.id = o.incident_id
    WHERE ${incidentVisibleToSql("i", "mu")}
    ORDER BY "managerId", "digestDay", o.due_day, i."publicId"`;
}

export type DigestPostmortemRow = { managerId: string; digestDay: string; incidentPublicId: string; incidentTitle: string; dueDay: string };
