// Related past incidents on real PostgreSQL: similar causes found and explained, unrelated ones left out, the same
// service preferred, and private reports shown exactly to who may open them. Each test uses its own random words so
// that other tests' reports never look similar.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { UserActor } from "@/lib/auth/actor";
import { relatedIncidents } from "@/lib/incidents/related";

import { createTestActor } from "@/lib/users/test-fixtures";
import { createTestDocumentReport, uniqueWord, type DocumentInput } from "@/lib/incidents/test-fixtures";

function report(actor: UserActor, overrides: DocumentInput) {
  return createTestDocumentReport(actor, "INC-REL", { title: "An outage", severity: "High", startedAt: "2025-03-01T10:00:00Z", ...overrides });
}

/** A cause made of random words, so that only reports given the same words resemble it. */
function cause(words: string[]) {
  return {
    rootCause: `The ${words[0]} ${words[1]} was exhausted by ${words[2]}.`,
    trigger: `A ${words[3]} deploy.`,
    contributingFactors: [`No ${words[4]} alert`],
  };
}

describe("relatedIncidents", () => {
  it("finds reports with similar causes, the same service first, says why, and leaves unrelated ones out", async () => {
    const sre = await createTestActor("SRE");
    const words = Array.from({ length: 5 }, uniqueWord);
    const service = `svc-${uniqueWord()}`;
    const source = await report(sre, { title: "Pool exhausted", services: [service], ...cause(words) });
    const sameService = await report(sre, { title: "Pool exhausted again", services: [service], ...cause(words), startedAt: "2024-01-01T00:00:00Z" });
    const otherService = await report(sre, { title: "Pool exhausted elsewhere", services: [`svc-${uniqueWord()}`], ...cause(words) });
    const [x, y, z] = [uniqueWord(), uniqueWord(), uniqueWord()];
    const unrelated = await report(sre, { services: [service], rootCause: `A ${x} certificate expired on ${y}.`, trigger: `Clock ${z}.` });
    const barelyRelated = await report(sre, { services: [service], rootCause: `The ${words[0]} was slow.`, trigger: "A config change." });

    // Other tests' reports may resemble this one too (the template words): only this test's reports are compared.
    const mine = new Set([sameService.id, otherService.id, unrelated.id, barelyRelated.id]);
    const related = (await relatedIncidents(sre.user, source.id, 50)).filter((item) => mine.has(item.id));
    const ids = related.map((item) => item.id);
    expect(ids).toEqual([sameService.id, otherService.id]);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(barelyRelated.id);
    expect(related[0]).toMatchObject({
      publicId: sameService.publicId,
      title: "Pool exhausted again",
      severity: "High",
      startedAt: "2024-01-01T00:00:00.000Z",
      services: [service],
      sharedServices: [service],
    });
    expect(related[0]!.sharedTerms.length).toBeGreaterThanOrEqual(3);
    for (const term of related[0]!.sharedTerms) expect(words.join(" ") + " exhausted").toContain(term);
    expect(related[1]!.sharedServices).toEqual([]);
    expect(related[0]!.similarity).toBeGreaterThan(0.3);
  });

  it("is empty for a report without a cause, and honours the limit", async () => {
    const sre = await createTestActor("SRE");
    const words = Array.from({ length: 5 }, uniqueWord);
    const bare = await report(sre, {});
    expect(await relatedIncidents(sre.user, bare.id)).toEqual([]);
    const source = await report(sre, cause(words));
    for (let i = 0; i < 3; i++) await report(sre, cause(words));
    expect(await relatedIncidents(sre.user, source.id, 2)).toHaveLength(2);
  });

  it("shows a private report only to its author, participants, managers and admins, and nothing about a report the viewer may not open", async () => {
    const [author, participant, outsider, viewer, manager, admin] = await Promise.all([
      createTestActor("SRE"),
      createTestActor("SRE"),
      createTestActor("SRE"),
      createTestActor("VIEWER"),
      createTestActor("MANAGER"),
      createTestActor("ADMIN"),
    ]);
    const words = Array.from({ length: 5 }, uniqueWord);
    const open = await report(outsider, cause(words));
    const hidden = await report(author, { private: true, ...cause(words) });
    await getDb().incidentParticipant.create({ data: { incidentId: hidden.id, userId: participant.user.id } });

    const sees = async (actor: UserActor) => (await relatedIncidents(actor.user, open.id)).map((item) => item.id).includes(hidden.id);
    expect(await sees(author)).toBe(true);
    expect(await sees(participant)).toBe(true);
    expect(await sees(manager)).toBe(true);
    expect(await sees(admin)).toBe(true);
    expect(await sees(outsider)).toBe(false);
    expect(await sees(viewer)).toBe(false);

    // From the private report itself: only those who may open it learn what it resembles.
    expect(await relatedIncidents(outsider.user, hidden.id)).toEqual([]);
    expect(await relatedIncidents(viewer.user, hidden.id)).toEqual([]);
    expect((await relatedIncidents(participant.user, hidden.id)).map((item) => item.id)).toContain(open.id);
  });
});
