// Writing report templates (managers and admins). Each export is a guarded action: call it as `action(rawInput, actor)`.
// Every template write takes one advisory lock, so name checks and "exactly one default" hold under concurrent saves.
import "server-only";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser, type AnyActor } from "@/lib/auth/actor";
import { changesBetween } from "@/lib/audit/record";
import type { Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { getDefaultTemplate, getTemplate, type TemplateView } from "@/lib/templates/queries";
import { createTemplateInput, templateIdInput, updateTemplateInput } from "@/lib/templates/schema";

const TEMPLATES_PATH = "/admin/templates";
// Any constant bigint, distinct from the other advisory locks in this database.
const TEMPLATE_LOCK = 0x4853_7401n;

export type StoredTemplate = TemplateView & { id: string; updatedAt: Date };

async function lockTemplates(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TEMPLATE_LOCK})`;
}

async function loadTemplate(tx: Tx, id: string): Promise<StoredTemplate> {
  const template = await getTemplate(id, tx);
  if (!template) throw new NotFoundError("The template");
  return template as StoredTemplate;
}

/** Names are unique regardless of case: "SRE postmortem" and "SRE Postmortem" would confuse everyone choosing. */
async function assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.template.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash) throw new ConflictError(`A template named “${clash.name}” already exists. Choose another name.`);
}

const updatedBy = (actor: AnyActor) => actingUser(actor)?.id ?? null;

// ---------------------------------------------------------------------------------------------------------------

/** Without `sections`, the new template starts as a copy of the current default. The first template becomes the default. */
export const createTemplate = defineAction({
  name: "template.create",
  permission: "template:manage",
  input: createTemplateInput,
  run: async ({ tx, input, actor }) => {
    await lockTemplates(tx);
    await assertNameFree(tx, input.name);
    const sections = input.sections ?? (await getDefaultTemplate(tx)).sections;
    const isDefault = (await tx.template.count({ where: { isDefault: true } })) === 0;
    const { id } = await tx.template.create({
      data: { name: input.name, description: input.description, sections, isDefault, updatedById: updatedBy(actor) },
      select: { id: true },
    });
    return loadTemplate(tx, id);
  },
  audit: (template) => ({
    entityType: "Template",
    entityId: template.id,
    changes: {
      name: { after: template.name },
      description: { after: template.description },
      sections: { after: template.sections },
      isDefault: { after: template.isDefault },
    },
  }),
  revalidate: () => [TEMPLATES_PATH],
});

/**
 * Saves name, description and sections. `expectedUpdatedAt` is the `updatedAt` the editor loaded: when the template
 * changed since, the save is a ConflictError and nothing is overwritten.
 */
export const updateTemplate = defineAction({
  name: "template.update",
  permission: "template:manage",
  input: updateTemplateInput,
  run: async ({ tx, input, actor }) => {
    await lockTemplates(tx);
    const before = await loadTemplate(tx, input.id);
    const expected = new Date(input.expectedUpdatedAt);
    if (before.updatedAt.getTime() !== expected.getTime()) {
      throw new ConflictError("Someone else saved this template after you opened it. Reload the page to see their version, then make your change again.", {
        currentUpdatedAt: before.updatedAt.toISOString(),
      });
    }
    const next = { name: input.name, description: input.description, sections: input.sections };
    const changes = changesBetween(before, next, ["name", "description", "sections"]);
    if (Object.keys(changes).length === 0) return { template: before, changes };

    if (changes.name) await assertNameFree(tx, input.name, input.id);
    // Strictly later than the stamp the editor holds, even within the same millisecond, so a stale stamp never matches.
    const updatedAt = new Date(Math.max(Date.now(), expected.getTime() + 1));
    const { count } = await tx.template.updateMany({
      where: { id: input.id, updatedAt: expected },
      data: { ...next, updatedAt, updatedById: updatedBy(actor) },
    });
    if (count !== 1) throw new ConflictError("Someone else saved this template at the same moment. Reload the page and try again.");
    return { template: await loadTemplate(tx, input.id), changes };
  },
  audit: ({ template, changes }) => (Object.keys(changes).length ? { entityType: "Template", entityId: template.id, changes } : null),
  revalidate: ({ template }) => [TEMPLATES_PATH, `${TEMPLATES_PATH}/${template.id}`],
});

/** Makes one template the default for new reports and every other one not: exactly one default, also under races. */
export const setDefaultTemplate = defineAction({
  name: "template.set-default",
  permission: "template:manage",
  input: templateIdInput,
  run: async ({ tx, input }) => {
    await lockTemplates(tx);
    const target = await loadTemplate(tx, input.id);
    const previous = await tx.template.findMany({ where: { isDefault: true, id: { not: target.id } }, select: { id: true, updatedAt: true } });
    // Passing each row's own `updatedAt` keeps its version stamp: being (un)marked default is not an edit that
    // should turn someone's open editor into a conflict.
    for (const row of previous) await tx.template.update({ where: { id: row.id }, data: { isDefault: false, updatedAt: row.updatedAt } });
    if (!target.isDefault) await tx.template.update({ where: { id: target.id }, data: { isDefault: true, updatedAt: target.updatedAt } });
    return { template: { ...target, isDefault: true }, wasDefault: target.isDefault, previousDefaultIds: previous.map((row) => row.id) };
  },
  audit: ({ template, wasDefault, previousDefaultIds }) =>
    wasDefault && previousDefaultIds.length === 0
      ? null
      : { entityType: "Template", entityId: template.id, changes: { isDefault: { before: wasDefault, after: true } }, meta: { previousDefaultIds } },
  revalidate: () => [TEMPLATES_PATH],
});

/** Reports started from a deleted template keep their content; they just no longer point at it. */
export const deleteTemplate = defineAction({
  name: "template.delete",
  permission: "template:manage",
  input: templateIdInput,
  run: async ({ tx, input }) => {
    await lockTemplates(tx);
    const template = await loadTemplate(tx, input.id);
    if ((await tx.template.count()) <= 1) {
      throw new ConflictError(`“${template.name}” is the only template, and new reports need one. Create another template first.`);
    }
    if (template.isDefault) {
      throw new ConflictError(`“${template.name}” is the default template for new reports. Make another template the default first.`);
    }
    const incidentCount = await tx.incident.count({ where: { templateId: template.id } });
    await tx.template.delete({ where: { id: template.id } });
    return { template, incidentCount };
  },
  audit: ({ template, incidentCount }) => ({
    entityType: "Template",
    entityId: template.id,
    changes: { name: { before: template.name }, sections: { before: template.sections } },
    meta: { incidentCount },
  }),
  revalidate: () => [TEMPLATES_PATH],
});
