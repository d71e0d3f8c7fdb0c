// Reading report templates. Until a template is saved (a fresh install before any seed), the built-in default
// from default-template.ts stands in, with `id: null`, so creating a report always has a template to start from.
import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_TEMPLATE_DESCRIPTION, DEFAULT_TEMPLATE_NAME, defaultTemplateSections } from "@/lib/templates/default-template";
import { parseStoredSections, type TemplateSection } from "@/lib/templates/schema";

export type TemplateView = {
  /** null for the built-in default, which is not stored */
  id: string | null;
  name: string;
  description: string | null;
  isDefault: boolean;
  sections: TemplateSection[];
  /** the version stamp an editor sends back; null for the built-in default */
  updatedAt: Date | null;
};

export type TemplateSummary = TemplateView & { id: string; updatedAt: Date; updatedBy: string | null; incidentCount: number };

const templateSelect = {
  id: true,
  name: true,
  description: true,
  isDefault: true,
  sections: true,
  updatedAt: true,
} as const satisfies Prisma.TemplateSelect;

type TemplateRow = Prisma.TemplateGetPayload<{ select: typeof templateSelect }>;

// The default first. Should two rows ever claim to be the default (a hand-edited database; the mutations never leave
// two), the latest change wins, the same everywhere.
const templateOrder = [{ isDefault: "desc" }, { updatedAt: "desc" }] as const satisfies Prisma.TemplateOrderByWithRelationInput[];

function toView(row: TemplateRow): TemplateView {
  return { ...row, sections: parseStoredSections(row.sections) };
}

/** The built-in default, as a fresh copy each call: callers may change what they get. */
export function builtInTemplate(): TemplateView {
  return {
    id: null,
    name: DEFAULT_TEMPLATE_NAME,
    description: DEFAULT_TEMPLATE_DESCRIPTION,
    isDefault: true,
    sections: defaultTemplateSections.map((section) => ({ ...section })),
    updatedAt: null,
  };
}

/** All templates, the default first; just the built-in one while none is stored. */
export async function listTemplates(db: Db | Tx = getDb()): Promise<TemplateView[]> {
  const rows = await db.template.findMany({ select: templateSelect, orderBy: templateOrder });
  if (rows.length === 0) return [builtInTemplate()];
  const [first, ...rest] = rows.map(toView);
  const others = rest.map((view) => ({ ...view, isDefault: false })).sort((a, b) => a.name.localeCompare(b.name));
  return [first!, ...others];
}

/** For the admin list: who changed each template last and how many reports were started from it. Stored rows only. */
export async function listTemplateSummaries(db: Db | Tx = getDb()): Promise<TemplateSummary[]> {
  const rows = await db.template.findMany({
    select: { ...templateSelect, updatedBy: { select: { name: true } }, _count: { select: { incidents: true } } },
    orderBy: { name: "asc" },
  });
  const defaultId = rows.filter((row) => row.isDefault).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0]?.id;
  return rows.map(({ updatedBy, _count, ...row }) => ({
    ...toView(row),
    id: row.id,
    updatedAt: row.updatedAt,
    isDefault: row.id === defaultId,
    updatedBy: updatedBy?.name ?? null,
    incidentCount: _count.incidents,
  }));
}

export async function getTemplate(id: string, db: Db | Tx = getDb()): Promise<TemplateView | null> {
  const row = await db.template.findUnique({ where: { id }, select: templateSelect });
  return row ? toView(row) : null;
}

/**
 * The template a new report starts from: the one marked default, or the built-in default (`id: null`) while the
 * table is empty. (Stored templates always include a default: the first one saved becomes it, and the default cannot
 * be deleted. A hand-edited table without one gets the most recently changed template.)
 */
export async function getDefaultTemplate(db: Db | Tx = getDb()): Promise<TemplateView> {
  const row = await db.template.findFirst({ select: templateSelect, orderBy: templateOrder });
  return row ? toView(row) : builtInTemplate();
}
