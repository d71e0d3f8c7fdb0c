import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError } from "@/lib/errors";
import { DEFAULT_TEMPLATE_NAME, defaultTemplateSections } from "@/lib/templates/default-template";
import { createTemplate, deleteTemplate, setDefaultTemplate, updateTemplate } from "@/lib/templates/mutations";
import { getDefaultTemplate, getTemplate, listTemplates } from "@/lib/templates/queries";
import { auditRowsFor, createTestActor } from "@/lib/users/test-fixtures";

const db = () => getDb();
const uniqueName = (prefix = "Template") => `${prefix} ${randomUUID().slice(0, 8)}`;

/** Runs `fn` on a transaction that is always rolled back: a view of the database that changes nothing for later tests. */
async function inRolledBackTransaction(fn: (tx: Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0]) => Promise<void>) {
  const rollback = new Error("rollback");
  await db()
    .$transaction(async (tx) => {
      await fn(tx);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
}

const sections = [
  { key: "summary", title: "Summary", help: "What happened." },
  { key: "customerComms", title: "Customer communication", help: "What we told customers, and when." },
];

describe("template queries", () => {
  it("fall back to the built-in Google SRE template while no template is stored", async () => {
    await inRolledBackTransaction(async (tx) => {
      await tx.template.deleteMany();
      const fallback = await getDefaultTemplate(tx);
      expect(fallback).toMatchObject({ id: null, name: DEFAULT_TEMPLATE_NAME, isDefault: true, updatedAt: null });
      expect(fallback.sections.map((section) => section.key)).toEqual([
        "summary",
        "impact",
        "rootCause",
        "trigger",
        "resolution",
        "detection",
        "actionItems",
        "lessonsLearned",
        "timeline",
        "supportingInfo",
      ]);
      expect(await listTemplates(tx)).toEqual([fallback]);
    });
  });

  it("the built-in lessons-learned help names what went well, what went wrong and where we got lucky", () => {
    const help = defaultTemplateSections.find((section) => section.key === "lessonsLearned")!.help.toLowerCase();
    expect(help).toContain("went well");
    expect(help).toContain("went wrong");
    expect(help).toContain("got lucky");
  });

  it("keep the usable sections of a hand-edited row instead of failing", async () => {
    const row = await db().template.create({
      data: { name: uniqueName(), sections: [{ key: "summary", title: "Summary" }, { key: "", title: "broken" }, "junk", { key: "summary", title: "Again" }] },
    });
    expect((await getTemplate(row.id))!.sections).toEqual([{ key: "summary", title: "Summary", help: "" }]);
  });
});

describe("createTemplate", () => {
  it("creates a template from the default's sections when none are given, audited", async () => {
    const manager = await createTestActor("MANAGER");
    const name = uniqueName();
    const template = await createTemplate({ name, description: "For database incidents" }, manager);
    expect(template).toMatchObject({ name, description: "For database incidents" });
    expect(template.sections).toEqual((await getDefaultTemplate()).sections);
    const [audit] = await auditRowsFor(template.id);
    expect(audit).toMatchObject({ action: "template.create", actorId: manager.user.id, entityType: "Template" });
  });

  it("accepts custom section keys and refuses empty titles, duplicate keys and bad keys with field paths", async () => {
    const manager = await createTestActor("MANAGER");
    const created = await createTemplate({ name: uniqueName(), sections: JSON.stringify(sections) }, manager);
    expect(created.sections).toEqual(sections);

    const error = await createTemplate(
      {
        name: uniqueName(),
        sections: [
          { key: "summary", title: "  ", help: "" },
          { key: "Summary", title: "Summary again", help: "" },
          { key: "1st", title: "Bad key", help: "" },
        ],
      },
      manager,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path).sort()).toEqual(["sections.0.title", "sections.1.key", "sections.2.key"]);
  });

  it("refuses a name that exists in another case", async () => {
    const manager = await createTestActor("MANAGER");
    const name = uniqueName("Unique");
    await createTemplate({ name }, manager);
    await expect(createTemplate({ name: name.toUpperCase() }, manager)).rejects.toBeInstanceOf(ConflictError);
  });

  it("is refused to an SRE, and nothing is saved", async () => {
    const name = uniqueName();
    await expect(createTemplate({ name }, await createTestActor("SRE"))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db().template.count({ where: { name } })).toBe(0);
  });
});

describe("updateTemplate", () => {
  it("saves name, description and sections with the stamp it loaded, and audits before/after", async () => {
    const manager = await createTestActor("MANAGER");
    const template = await createTemplate({ name: uniqueName(), sections }, manager);
    const edited = [sections[1]!, { ...sections[0]!, help: "Two sentences for someone who reads nothing else." }];
    const { template: saved } = await updateTemplate(
      { id: template.id, expectedUpdatedAt: template.updatedAt.toISOString(), name: template.name, description: "Edited", sections: JSON.stringify(edited) },
      manager,
    );
    expect(saved.sections).toEqual(edited);
    expect(saved.updatedAt.getTime()).toBeGreaterThan(template.updatedAt.getTime());
    expect(await getTemplate(template.id)).toMatchObject({ description: "Edited", sections: edited });
    const audit = (await auditRowsFor(template.id)).at(-1);
    expect(audit).toMatchObject({
      action: "template.update",
      changes: { description: { before: null, after: "Edited" }, sections: { before: sections, after: edited } },
    });
  });

  it("refuses a save based on a stale version as a conflict and keeps the newer save", async () => {
    const manager = await createTestActor("MANAGER");
    const template = await createTemplate({ name: uniqueName(), sections }, manager);
    const loaded = template.updatedAt.toISOString();
    const first = [{ ...sections[0]!, help: "First editor's help" }];
    await updateTemplate({ id: template.id, expectedUpdatedAt: loaded, name: template.name, sections: first }, manager);

    const stale = updateTemplate(
      { id: template.id, expectedUpdatedAt: loaded, name: template.name, sections: [{ ...sections[0]!, help: "Second editor's help" }] },
      manager,
    );
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect((await getTemplate(template.id))!.sections).toEqual(first);
    expect((await auditRowsFor(template.id)).map((row) => row.action)).toEqual(["template.create", "template.update"]);
  });
});

describe("setDefaultTemplate", () => {
  it("leaves exactly one default, even when managers set different defaults at the same moment", async () => {
    const manager = await createTestActor("MANAGER");
    const admin = await createTestActor("ADMIN");
    const candidates = await Promise.all(Array.from({ length: 6 }, (_, index) => createTemplate({ name: uniqueName(`Race ${index}`) }, manager)));

    await Promise.all(candidates.map((template, index) => setDefaultTemplate({ id: template.id }, index % 2 ? manager : admin)));

    const defaults = await db().template.findMany({ where: { isDefault: true }, select: { id: true } });
    expect(defaults).toHaveLength(1);
    expect(candidates.map((template) => template.id)).toContain(defaults[0]!.id);
    expect((await getDefaultTemplate()).id).toBe(defaults[0]!.id);
    expect((await listTemplates()).filter((template) => template.isDefault)).toHaveLength(1);
  });

  it("does not change the version stamp, so an open editor can still save", async () => {
    const manager = await createTestActor("MANAGER");
    const template = await createTemplate({ name: uniqueName() }, manager);
    await setDefaultTemplate({ id: template.id }, manager);
    const after = (await getTemplate(template.id))!;
    expect(after.isDefault).toBe(true);
    expect(after.updatedAt).toEqual(template.updatedAt);
    await expect(
      updateTemplate({ id: template.id, expectedUpdatedAt: template.updatedAt.toISOString(), name: `${template.name} v2`, sections }, manager),
    ).resolves.toBeTruthy();
    expect((await auditRowsFor(template.id)).map((row) => row.action)).toEqual(["template.create", "template.set-default", "template.update"]);
  });
});

describe("deleteTemplate", () => {
  it("deletes a template that is not the default, audited", async () => {
    const manager = await createTestActor("MANAGER");
    const keep = await createTemplate({ name: uniqueName() }, manager);
    await setDefaultTemplate({ id: keep.id }, manager);
    const gone = await createTemplate({ name: uniqueName() }, manager);
    await deleteTemplate({ id: gone.id }, manager);
    expect(await getTemplate(gone.id)).toBeNull();
    expect((await auditRowsFor(gone.id)).at(-1)).toMatchObject({ action: "template.delete" });
  });

  it("refuses to delete the default template", async () => {
    const manager = await createTestActor("MANAGER");
    const template = await createTemplate({ name: uniqueName() }, manager);
    await createTemplate({ name: uniqueName() }, manager);
    await setDefaultTemplate({ id: template.id }, manager);
    await expect(deleteTemplate({ id: template.id }, manager)).rejects.toThrow(/default template.*Make another template the default first/);
    expect(await getTemplate(template.id)).not.toBeNull();
  });

  it("makes the first stored template the default and refuses to delete the last one", async () => {
    // This test owns the table for a moment: no other test relies on templates it did not create.
    await db().template.deleteMany();
    const manager = await createTestActor("MANAGER");
    const only = await createTemplate({ name: uniqueName("Only") }, manager);
    expect(only.isDefault).toBe(true);
    const error = await deleteTemplate({ id: only.id }, manager).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/only template/);
    expect(await db().template.count()).toBe(1);
  });
});
