// Demo data: one user per role and the sample incident INC-2024-1127-001 as a structured report, plus the default
// report template. Loaded on first start of the embedded database, or on purpose with `npm run db:seed`.
// Safe to run twice: users are matched by email, the incident by its public id.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getDb } from "../lib/db/client";
import { hashPassword } from "../lib/auth/password";
import { parseReportText } from "../lib/incidents/report-text/parse";
import { insertReport } from "../lib/incidents/store";
import { DEFAULT_TEMPLATE_NAME, defaultTemplateSections } from "../lib/templates/default-template";
import { recordAudit } from "../lib/audit/record";
import { DEMO_USERS, type DemoUser } from "./demo-users";

export { DEMO_USERS, type DemoUser };

const SAMPLE_REPORT = path.join(path.dirname(fileURLToPath(import.meta.url)), "seed-data", "inc-2024-1127-001.txt");

export async function seedDemo(log: (line: string) => void = console.log): Promise<{ users: DemoUser[] }> {
  const db = getDb();
  const users = await Promise.all(DEMO_USERS.map(async (user) => ({ ...user, passwordHash: await hashPassword(user.password) })));
  const sample = parseReportText(await readFile(SAMPLE_REPORT, "utf8"), { timeZone: "UTC" }).document;

  await db.$transaction(
    async (tx) => {
      const ids: Record<string, string> = {};
      for (const user of users) {
        const row = await tx.user.upsert({
          where: { email: user.email },
          update: {},
          create: { email: user.email, name: user.name, role: user.role, passwordHash: user.passwordHash },
          select: { id: true },
        });
        ids[user.role] = row.id;
      }
      await tx.template.upsert({
        where: { name: DEFAULT_TEMPLATE_NAME },
        update: {},
        create: {
          name: DEFAULT_TEMPLATE_NAME,
          description: "Summary, impact, root causes, trigger, resolution, detection, action items, lessons learned, timeline.",
          sections: defaultTemplateSections,
          isDefault: true,
        },
      });
      const existing = await tx.incident.findUnique({ where: { publicId: sample.publicId ?? "" }, select: { id: true } });
      if (!existing) {
        const created = await insertReport(tx, sample, { authorId: ids.SRE ?? null });
        await recordAudit(tx, {
          actor: { type: "system", label: "seed" },
          action: "incident.import",
          entityType: "Incident",
          entityId: created.id,
          incidentId: created.id,
          meta: { source: "demo seed" },
        });
      }
    },
    { timeout: 30_000 },
  );
  log(`Demo data loaded: ${DEMO_USERS.length} users and the sample incident ${sample.publicId}.`);
  return { users: DEMO_USERS };
}
