import { describe, expect, it } from "vitest";
import { describePostmortemDue, postmortemDue, postmortemPolicy, type PostmortemDueFacts } from "@/lib/incidents/postmortem-due";
import { defaultSettings } from "@/lib/settings/schema";

const policy = { severities: ["Critical", "High"], businessDays: 5 };
const critical = (endedAt: string, authorTimeZone: string | null = "UTC", timeZone = "UTC"): PostmortemDueFacts => ({
  severity: "Critical",
  endedAt: new Date(endedAt),
  reportState: "DRAFT",
  authorTimeZone,
  timeZone,
});

describe("postmortemPolicy", () => {
  it("requires the two most severe of the scale by default, 5 business days, and follows a new scale", () => {
    expect(postmortemPolicy(defaultSettings())).toEqual({ severities: ["Critical", "High"], businessDays: 5 });
    expect(postmortemPolicy({ ...defaultSettings(), "severity.scale": ["SEV1", "SEV2", "SEV3"] }).severities).toEqual(["SEV1", "SEV2"]);
  });

  it("uses the configured severities as the scale spells them, ignoring names not on the scale", () => {
    const settings = { ...defaultSettings(), "postmortem.requiredSeverities": ["medium", "Critical", "Blocker"], "postmortem.dueBusinessDays": 3 };
    expect(postmortemPolicy(settings)).toEqual({ severities: ["Critical", "Medium"], businessDays: 3 });
    expect(postmortemPolicy({ ...settings, "postmortem.requiredSeverities": ["Blocker"] }).severities).toEqual([]);
  });
});

describe("postmortemDue", () => {
  it("is owed only for a required severity, once ended, until approved", () => {
    const now = new Date("2025-03-04T12:00:00Z");
    expect(postmortemDue(critical("2025-03-03T10:00:00Z"), policy, now)).not.toBeNull();
    expect(postmortemDue({ ...critical("2025-03-03T10:00:00Z"), severity: "Medium" }, policy, now)).toBeNull();
    expect(postmortemDue({ ...critical("2025-03-03T10:00:00Z"), endedAt: null }, policy, now)).toBeNull();
    expect(postmortemDue({ ...critical("2025-03-03T10:00:00Z"), reportState: "APPROVED" }, policy, now)).toBeNull();
    for (const reportState of ["IN_REVIEW", "CHANGES_REQUESTED"]) {
      expect(postmortemDue({ ...critical("2025-03-03T10:00:00Z"), reportState }, policy, now)?.dueDay).toBe("2025-03-10");
    }
  });

  it("skips the weekend: ended Thursday, due the Thursday after; counts down, is due today, then overdue by calendar days", () => {
    const incident = critical("2025-03-06T15:00:00Z"); // Thursday
    expect(postmortemDue(incident, policy, new Date("2025-03-07T09:00:00Z"))).toEqual({ dueDay: "2025-03-13", state: "due", days: 6 });
    expect(postmortemDue(incident, policy, new Date("2025-03-11T09:00:00Z"))).toEqual({ dueDay: "2025-03-13", state: "due", days: 2 });
    expect(postmortemDue(incident, policy, new Date("2025-03-13T23:59:00Z"))).toEqual({ dueDay: "2025-03-13", state: "due", days: 0 });
    expect(postmortemDue(incident, policy, new Date("2025-03-14T00:00:00Z"))).toEqual({ dueDay: "2025-03-13", state: "overdue", days: 1 });
    expect(postmortemDue(incident, policy, new Date("2025-03-16T12:00:00Z"))).toEqual({ dueDay: "2025-03-13", state: "overdue", days: 3 });
  });

  it("counts from the Monday after when the incident ended on a Saturday", () => {
    const incident = critical("2025-03-08T11:00:00Z"); // Saturday
    expect(postmortemDue(incident, policy, new Date("2025-03-08T12:00:00Z"))).toEqual({ dueDay: "2025-03-17", state: "due", days: 9 });
    expect(postmortemDue(incident, { ...policy, businessDays: 1 }, new Date("2025-03-10T12:00:00Z"))).toEqual({ dueDay: "2025-03-11", state: "due", days: 1 });
  });

  it("reads days in the author's zone across a DST change: Friday 23:30 in Berlin is Friday, due the next Friday", () => {
    // Friday 28 March 2025, 23:30 CET (UTC+1); Berlin moves to CEST (UTC+2) on Sunday 30 March.
    const incident = critical("2025-03-28T22:30:00Z", "Europe/Berlin");
    expect(postmortemDue(incident, policy, new Date("2025-03-28T22:45:00Z"))?.dueDay).toBe("2025-04-04");
    // 23:59 CEST on Friday 4 April is still the due day; one minute later it is Saturday in Berlin.
    expect(postmortemDue(incident, policy, new Date("2025-04-04T21:59:00Z"))).toEqual({ dueDay: "2025-04-04", state: "due", days: 0 });
    expect(postmortemDue(incident, policy, new Date("2025-04-04T22:00:00Z"))).toEqual({ dueDay: "2025-04-04", state: "overdue", days: 1 });
    // The same end read in Tokyo is Saturday morning: counting starts on Monday, so due Monday 7 April.
    expect(postmortemDue({ ...incident, authorTimeZone: "Asia/Tokyo" }, policy, new Date("2025-04-04T22:00:00Z"))).toEqual({
      dueDay: "2025-04-07",
      state: "due",
      days: 2,
    });
  });

  it("uses the incident's zone only when the report has no author", () => {
    // Friday 18:00 in Los Angeles is Saturday 02:00 UTC.
    const endedAt = "2025-03-08T02:00:00Z";
    const now = new Date("2025-03-10T20:00:00Z");
    expect(postmortemDue(critical(endedAt, "America/Los_Angeles", "UTC"), policy, now)?.dueDay).toBe("2025-03-14");
    expect(postmortemDue(critical(endedAt, null, "UTC"), policy, now)?.dueDay).toBe("2025-03-17");
    expect(postmortemDue(critical(endedAt, null, "America/Los_Angeles"), policy, now)?.dueDay).toBe("2025-03-14");
  });
});

describe("describePostmortemDue", () => {
  it("says how long is left, or how late it is", () => {
    expect(describePostmortemDue({ dueDay: "2025-03-13", state: "due", days: 2 })).toBe("Postmortem due in 2 days");
    expect(describePostmortemDue({ dueDay: "2025-03-13", state: "due", days: 1 })).toBe("Postmortem due in 1 day");
    expect(describePostmortemDue({ dueDay: "2025-03-13", state: "due", days: 0 })).toBe("Postmortem due today");
    expect(describePostmortemDue({ dueDay: "2025-03-13", state: "overdue", days: 3 })).toBe("Postmortem overdue by 3 days");
    expect(describePostmortemDue({ dueDay: "2025-03-13", state: "overdue", days: 1 })).toBe("Postmortem overdue by 1 day");
  });
});
