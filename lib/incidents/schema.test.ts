import { describe, expect, it } from "vitest";
import { reportDocumentSchema } from "@/lib/incidents/schema";

function issuesOf(input: unknown): Record<string, string> {
  const result = reportDocumentSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

const minimal = { title: "Pool exhaustion", severity: "High" };

describe("reportDocumentSchema", () => {
  it("fills the defaults of a new report", () => {
    const doc = reportDocumentSchema.parse(minimal);
    expect(doc).toMatchObject({
      status: "INVESTIGATING",
      private: false,
      timeZone: "UTC",
      startedAt: null,
      timeline: [],
      impact: { usersAffected: null, errorRate: null, dataLoss: null, dataLossNote: null, metrics: [] },
      followUp: null,
      extraSections: [],
    });
    expect(doc.publicId).toBeUndefined();
  });

  it("normalises times to UTC ISO strings", () => {
    const doc = reportDocumentSchema.parse({
      ...minimal,
      startedAt: "2024-11-27T15:23:00+01:00",
      timeline: [{ occurredAt: "2024-11-27T14:23:00Z", text: "Alert fired", kind: "ALERT", milestone: "DETECTED" }],
    });
    expect(doc.startedAt).toBe("2024-11-27T14:23:00.000Z");
    expect(doc.timeline[0].occurredAt).toBe("2024-11-27T14:23:00.000Z");
  });

  it("names the path of invalid dates", () => {
    expect(issuesOf({ ...minimal, startedAt: "yesterday" })).toEqual({ startedAt: "must be an ISO-8601 date-time such as 2024-11-27T14:23:00Z" });
    expect(issuesOf({ ...minimal, endedAt: "2024-02-30T10:00:00Z" })).toEqual({ endedAt: "must be an ISO-8601 date-time such as 2024-11-27T14:23:00Z" });
    expect(issuesOf({ ...minimal, actionItems: [{ title: "Fix", dueDate: "2024-12-32" }] })).toEqual({
      "actionItems.0.dueDate": "must be a calendar day written YYYY-MM-DD",
    });
    expect(issuesOf({ ...minimal, timeline: [{ occurredAt: "14:23", text: "x" }] })).toHaveProperty(["timeline.0.occurredAt"]);
  });

  it("refuses an end, a detection, a mitigation or a resolution before the start", () => {
    expect(
      issuesOf({
        ...minimal,
        startedAt: "2024-11-27T15:00:00Z",
        endedAt: "2024-11-27T14:00:00Z",
        detectedAt: "2024-11-27T14:59:00Z",
      }),
    ).toEqual({
      endedAt: "the end (2024-11-27T14:00:00.000Z) is before the start (2024-11-27T15:00:00.000Z)",
      detectedAt: "the detected time (2024-11-27T14:59:00.000Z) is before the start (2024-11-27T15:00:00.000Z)",
    });
  });

  it("refuses an error rate written as a percentage, an unknown zone and a service listed twice", () => {
    expect(
      issuesOf({
        ...minimal,
        timeZone: "Mars/Olympus",
        impact: { errorRate: 23 },
        services: ["API", "api"],
      }),
    ).toEqual({
      timeZone: "must be an IANA time zone such as UTC or Europe/Berlin",
      "impact.errorRate": "must be a fraction between 0 and 1 (23% is 0.23)",
      "services.1": '"api" is listed twice (also at 0)',
    });
  });

  it("refuses a count of users affected beyond what the database column holds, naming the field (a 422, not a 500)", () => {
    expect(issuesOf({ ...minimal, impact: { usersAffected: 3_000_000_000 } })).toEqual({
      "impact.usersAffected": "must be at most 2,147,483,647",
    });
  });

  it("keeps an owner who is not a user as a name, absent when empty, and refuses an owner given both ways", () => {
    const doc = reportDocumentSchema.parse({
      ...minimal,
      actionItems: [{ title: "A", ownerName: "  @dba-team " }, { title: "B", ownerName: null }, { title: "C", ownerName: "  " }, { title: "D" }],
    });
    expect(doc.actionItems.map((item) => item.ownerName)).toEqual(["@dba-team", undefined, undefined, undefined]);
    // absent, not null: a report without names reads (and hashes) as before names existed
    expect(JSON.stringify(doc.actionItems[3])).not.toContain("ownerName");
    expect(
      issuesOf({
        ...minimal,
        actionItems: [
          { title: "E", ownerEmail: "ann@example.com", ownerName: "Ann" },
          { title: "F", ownerName: "x".repeat(201) },
        ],
      }),
    ).toEqual({
      "actionItems.0.ownerName": "give the owner as a user's email or as a name, not both",
      "actionItems.1.ownerName": "must be at most 200 characters",
    });
  });

  it("refuses an owner that is not an email, an empty title and a public id with spaces", () => {
    expect(issuesOf({ ...minimal, title: " ", publicId: "INC 1", actionItems: [{ title: "Fix", ownerEmail: "bob" }] })).toEqual({
      title: "must not be empty",
      publicId: "may contain only letters, digits, '.', '_' and '-'",
      "actionItems.0.ownerEmail": "must be an email address",
    });
  });
});
