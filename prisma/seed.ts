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
import type { Role } from "../lib/generated/prisma/enums";

export type DemoUser = { email: string; name: string; role: Role; password: string };

// Demo credentials are public by design: they exist to try the app, on a database created for that.
export const DEMO_USERS: DemoUser[] = [
  { email: "admin@example.com", name: "Ada Admin", role: "ADMIN", password: "hindsight-admin" },
  { email: "manager@example.com", name: "Morgan Manager", role: "MANAGER", password: "hindsight-manager" },
  { email: "sre@example.com", name: "Sam Reliability", role: "SRE", password: "hindsight-sre" },
  { email: "viewer@example.com", name: "Vic Viewer", role: "VIEWER", password: "hindsight-viewer" },
];

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
