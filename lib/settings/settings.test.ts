import { afterAll, afterEach, describe, expect, it } from "vitest";
import { getDb, type Tx } from "@/lib/db/client";
import { ConflictError, ForbiddenError, InvalidInputError } from "@/lib/errors";
import { systemActor } from "@/lib/auth/actor";
import { updateSettings } from "@/lib/settings/mutations";
import { ATTACHMENT_MAX_MB_ENV, getAttachmentMaxBytes, getEditableSettings, getSetting, getSettings, getSeverityScale } from "@/lib/settings/queries";
import { createTestActor } from "@/lib/users/test-fixtures";

const db = () => getDb();
const MB = 1024 * 1024;

/** Runs `fn` on a transaction that is always rolled back. */
async function inRolledBackTransaction(fn: (tx: Tx) => Promise<void>) {
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

/** Settings are one set per instance: each test starts from a state it sets itself, through the system actor. */
async function reset(values: Record<string, unknown>) {
  await updateSettings(values, systemActor("test"));
}

const auditRowsBy = (actorId: string) => db().auditEvent.findMany({ where: { actorId, action: "settings.update" }, orderBy: { id: "asc" } });

afterEach(() => {
  delete process.env[ATTACHMENT_MAX_MB_ENV];
});

// Later test files get the defaults they would get on a fresh database.
afterAll(async () => {
  await db().setting.deleteMany();
});

describe("reading settings", () => {
  it("gives every default when nothing is stored", async () => {
    await inRolledBackTransaction(async (tx) => {
      await tx.setting.deleteMany();
      expect(await getSettings(tx)).toEqual({
        "severity.scale": ["Critical", "High", "Medium", "Low"],
        "attachments.maxMb": 25,
        "reviews.allowSelfApproval": false,
        "postmortem.requiredSeverities": null,
        "postmortem.dueBusinessDays": 5,
        "reminders.dueSoonDays": 3,
        "reminders.followUpSoonDays": 3,
        "reminders.reviewWaitingDays": 2,
        "reminders.overdueDailyDays": 7,
        "reminders.overdueRepeatDays": 7,
        "reminders.overdueDigestOnlyAfterDays": 90,
        "reminders.windowStartHour": 8,
        "reminders.windowEndHour": 18,
        "reminders.windowWeekdaysOnly": true,
        "instance.baseUrl": null,
      });
      expect(await getSeverityScale(tx)).toEqual(["Critical", "High", "Medium", "Low"]);
      expect(await getSetting("reminders.reviewWaitingDays", tx)).toBe(2);
      expect(await getAttachmentMaxBytes(tx)).toBe(25 * MB);
      expect((await getEditableSettings(tx)).stamp).toBe("none");
    });
  });

  it("reads a stored value that no longer passes its rules as the default", async () => {
    await inRolledBackTransaction(async (tx) => {
      await tx.setting.upsert({ where: { key: "attachments.maxMb" }, create: { key: "attachments.maxMb", value: 5000 }, update: { value: 5000 } });
      expect(await getSetting("attachments.maxMb", tx)).toBe(25);
    });
  });
});

describe("updateSettings", () => {
  it("saves the keys given, keeps the others, and audits before and after per changed key", async () => {
    await reset({ "severity.scale": ["Critical", "High", "Medium", "Low"], "attachments.maxMb": 25, "reminders.dueSoonDays": 3 });
    const admin = await createTestActor("ADMIN");
    await updateSettings({ "severity.scale": "SEV1\nSEV2\n\nSEV3\n", "attachments.maxMb": "40", "reminders.dueSoonDays": 3 }, admin);

    const settings = await getSettings();
    expect(settings["severity.scale"]).toEqual(["SEV1", "SEV2", "SEV3"]);
    expect(settings["attachments.maxMb"]).toBe(40);
    expect(settings["reminders.dueSoonDays"]).toBe(3);
    const rows = await auditRowsBy(admin.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changes).toEqual({
      "severity.scale": { before: ["Critical", "High", "Medium", "Low"], after: ["SEV1", "SEV2", "SEV3"] },
      "attachments.maxMb": { before: 25, after: 40 },
    });
  });

  it("records nothing when no value changes", async () => {
    await reset({ "reminders.reviewWaitingDays": 2 });
    const admin = await createTestActor("ADMIN");
    await updateSettings({ "reminders.reviewWaitingDays": "2" }, admin);
    expect(await auditRowsBy(admin.user.id)).toEqual([]);
  });

  it("refuses a bad severity scale naming severity.scale, and changes nothing", async () => {
    await reset({ "severity.scale": ["Critical", "High", "Medium", "Low"], "attachments.maxMb": 25 });
    const admin = await createTestActor("ADMIN");
    for (const scale of [["Only one"], ["High", "high"], ["A", "", "C"], ["1", "2", "3", "4", "5", "6", "7", "8", "9"]]) {
      const error = await updateSettings({ "severity.scale": scale, "attachments.maxMb": 30 }, admin).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual(["severity.scale"]);
    }
    expect(await getSeverityScale()).toEqual(["Critical", "High", "Medium", "Low"]);
    expect(await getSetting("attachments.maxMb")).toBe(25);
    expect(await auditRowsBy(admin.user.id)).toEqual([]);
  });

  it("names each bad field, and refuses unknown keys", async () => {
    const admin = await createTestActor("ADMIN");
    const error = await updateSettings(
      { "attachments.maxMb": "0", "reminders.dueSoonDays": "2.5", "reminders.followUpSoonDays": "", "instance.baseUrl": "ftp://example.com" },
      admin,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path).sort()).toEqual([
      "attachments.maxMb",
      "instance.baseUrl",
      "reminders.dueSoonDays",
      "reminders.followUpSoonDays",
    ]);
    await expect(updateSettings({ "severity.scal": ["A", "B"] }, admin)).rejects.toThrow(/Unknown setting: severity.scal/);
  });

  it("saves the severities that require a postmortem from the form's lines, and an empty field as the scale's default", async () => {
    const admin = await createTestActor("ADMIN");
    await updateSettings({ "postmortem.requiredSeverities": "Critical\n\n High \n", "postmortem.dueBusinessDays": "10" }, admin);
    expect(await getSetting("postmortem.requiredSeverities")).toEqual(["Critical", "High"]);
    expect(await getSetting("postmortem.dueBusinessDays")).toBe(10);
    await updateSettings({ "postmortem.requiredSeverities": ["Medium"] }, admin);
    expect(await getSetting("postmortem.requiredSeverities")).toEqual(["Medium"]);
    await updateSettings({ "postmortem.requiredSeverities": " \n" }, admin);
    expect(await getSetting("postmortem.requiredSeverities")).toBeNull();
    await updateSettings({ "postmortem.requiredSeverities": [], "postmortem.dueBusinessDays": 5 }, admin);
    expect(await getSetting("postmortem.requiredSeverities")).toBeNull();
  });

  it("refuses a bad postmortem policy with a message under each field, and changes nothing", async () => {
    await reset({ "postmortem.requiredSeverities": null, "postmortem.dueBusinessDays": 5 });
    const admin = await createTestActor("ADMIN");
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ "postmortem.requiredSeverities": ["High", "high"] }, "postmortem.requiredSeverities", /“high” is listed twice/],
      [{ "postmortem.requiredSeverities": ["High", 3] }, "postmortem.requiredSeverities", /Entry 2 is not text/],
      [{ "postmortem.requiredSeverities": "x".repeat(51) }, "postmortem.requiredSeverities", /longer than 50 characters/],
      [{ "postmortem.requiredSeverities": "1\n2\n3\n4\n5\n6\n7\n8\n9" }, "postmortem.requiredSeverities", /at most 8 severities \(this list has 9\)/],
      [{ "postmortem.requiredSeverities": 7 }, "postmortem.requiredSeverities", /List the severity names/],
      [{ "postmortem.dueBusinessDays": "0" }, "postmortem.dueBusinessDays", /at least 1/],
      [{ "postmortem.dueBusinessDays": "61" }, "postmortem.dueBusinessDays", /at most 60/],
      [{ "postmortem.dueBusinessDays": "2.5" }, "postmortem.dueBusinessDays", /whole number/],
      [{ "postmortem.dueBusinessDays": "" }, "postmortem.dueBusinessDays", /as a number/],
    ];
    for (const [input, path, message] of cases) {
      const error = await updateSettings(input, admin).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).issues.map((issue) => [issue.path, issue.message])).toEqual([[path, expect.stringMatching(message)]]);
    }
    expect(await getSetting("postmortem.requiredSeverities")).toBeNull();
    expect(await getSetting("postmortem.dueBusinessDays")).toBe(5);
  });

  it("stores the instance address without a trailing slash, and an empty one as not set", async () => {
    const admin = await createTestActor("ADMIN");
    await updateSettings({ "instance.baseUrl": "https://hindsight.example.com/" }, admin);
    expect(await getSetting("instance.baseUrl")).toBe("https://hindsight.example.com");
    await updateSettings({ "instance.baseUrl": "" }, admin);
    expect(await getSetting("instance.baseUrl")).toBeNull();
  });

  it("refuses a save from a form loaded before someone else's change", async () => {
    const admin = await createTestActor("ADMIN");
    const { stamp } = await getEditableSettings();
    await updateSettings({ "reminders.followUpSoonDays": 5, expectedStamp: stamp }, admin);
    await expect(updateSettings({ "reminders.followUpSoonDays": 3, expectedStamp: stamp }, admin)).rejects.toBeInstanceOf(ConflictError);
    expect(await getSetting("reminders.followUpSoonDays")).toBe(5);
  });

  it.each(["VIEWER", "SRE", "MANAGER"] as const)("is refused to a %s, and nothing changes", async (role) => {
    await reset({ "reviews.allowSelfApproval": false });
    const before = await getEditableSettings();
    const actor = await createTestActor(role);
    await expect(updateSettings({ "reviews.allowSelfApproval": true }, actor)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await getEditableSettings()).toEqual(before);
    expect(await auditRowsBy(actor.user.id)).toEqual([]);
  });
});

describe("getAttachmentMaxBytes", () => {
  it("uses the stored limit, unless HINDSIGHT_ATTACHMENT_MAX_MB overrides it", async () => {
    await reset({ "attachments.maxMb": 10 });
    expect(await getAttachmentMaxBytes()).toBe(10 * MB);
    process.env[ATTACHMENT_MAX_MB_ENV] = "2";
    expect(await getAttachmentMaxBytes()).toBe(2 * MB);
    process.env[ATTACHMENT_MAX_MB_ENV] = "0.5";
    expect(await getAttachmentMaxBytes()).toBe(MB / 2);
    expect((await getEditableSettings()).attachmentMaxMbOverride).toBe(0.5);
  });

  it("ignores an override that is not a positive number", async () => {
    await reset({ "attachments.maxMb": 12 });
    process.env[ATTACHMENT_MAX_MB_ENV] = "lots";
    expect(await getAttachmentMaxBytes()).toBe(12 * MB);
    process.env[ATTACHMENT_MAX_MB_ENV] = "";
    expect(await getAttachmentMaxBytes()).toBe(12 * MB);
  });
});
