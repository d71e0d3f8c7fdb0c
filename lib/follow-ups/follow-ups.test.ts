import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { userActor, type ActorUser } from "@/lib/auth/actor";
import { ConflictError, ForbiddenError, InvalidInputError } from "@/lib/errors";
import { loadReport } from "@/lib/incidents/store";
import { auditRowsFor, createTestUser } from "@/lib/users/test-fixtures";
import { createTestIncident } from "@/lib/action-items/test-fixtures";
import { recordFollowUpOutcome, scheduleFollowUp, updateFollowUp } from "@/lib/follow-ups/mutations";
import { getFollowUpPanel } from "@/lib/follow-ups/queries";
import { outcomeFromForm, recordOutcomeInput, scheduleFromForm } from "@/lib/follow-ups/schema";

const db = () => getDb();

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

async function setup() {
  const sre = await createTestUser({ role: "SRE" });
  const attendee = await createTestUser({ role: "MANAGER", name: "Morgan Attendee" });
  const incident = await createTestIncident({
    authorId: sre.id,
    preventiveMeasures: ["Pool alert", "Load test in CI"],
    items: [
      { title: "Alert on pool usage", dueDate: "2020-01-01", status: "OPEN" },
      { title: "Already done", status: "DONE" },
      { title: "Runbook", status: "IN_PROGRESS" },
    ],
  });
  const measures = await db().preventiveMeasure.findMany({ where: { incidentId: incident.id }, orderBy: { position: "asc" } });
  return { sre, attendee, incident, measures };
}

async function scheduled(sre: ActorUser, incidentId: string, attendeeIds: string[] = []) {
  return (
    await scheduleFollowUp(
      { incident: incidentId, scheduledAt: "2025-03-01T15:00:00Z", note: "Check the alert fired in February", attendeeIds },
      userActor(sre),
    )
  ).review;
}

describe("scheduling a follow-up review", () => {
  it("schedules one with attendees, audited, and the report shows it as its follow-up", async () => {
    const { sre, attendee, incident } = await setup();
    const review = await scheduled(sre, incident.publicId, [attendee.id, sre.id]);
    expect(review).toMatchObject({ scheduledAt: "2025-03-01T15:00:00.000Z", note: "Check the alert fired in February", version: 1, completedAt: null });
    expect(review.attendees.map((person) => person.id).sort()).toEqual([attendee.id, sre.id].sort());
    expect((await auditRowsFor(review.id)).map((row) => row.action)).toEqual(["follow-up.schedule"]);
    expect((await loadReport(db(), incident.id))?.followUp).toMatchObject({ id: review.id, scheduledAt: "2025-03-01T15:00:00.000Z" });
    expect((await db().incident.findUniqueOrThrow({ where: { id: incident.id } })).version).toBe(incident.version + 1);
  });

  it("refuses a second review while one is still to happen, and a viewer", async () => {
    const { sre, incident } = await setup();
    await scheduled(sre, incident.id);
    expect(await caught(scheduled(sre, incident.id))).toBeInstanceOf(ConflictError);
    const viewer = await createTestUser({ role: "VIEWER" });
    expect(await caught(scheduleFollowUp({ incident: incident.id, scheduledAt: "2025-03-01T15:00:00Z" }, userActor(viewer)))).toBeInstanceOf(ForbiddenError);
  });

  it("changes date, note and attendees against the version it was opened at", async () => {
    const { sre, attendee, incident } = await setup();
    const review = await scheduled(sre, incident.id, [sre.id]);
    const { review: changed } = await updateFollowUp(
      { id: review.id, version: 1, scheduledAt: "2025-03-02T09:30:00Z", note: "Moved", attendeeIds: [attendee.id] },
      userActor(sre),
    );
    expect(changed).toMatchObject({
      scheduledAt: "2025-03-02T09:30:00.000Z",
      note: "Moved",
      version: 2,
      attendees: [expect.objectContaining({ id: attendee.id })],
    });
    expect(await caught(updateFollowUp({ id: review.id, version: 1, scheduledAt: "2025-04-01T09:30:00Z", attendeeIds: [] }, userActor(sre)))).toBeInstanceOf(
      ConflictError,
    );
    expect((await db().followUpReview.findUniqueOrThrow({ where: { id: review.id } })).note).toBe("Moved");
    const [, update] = await auditRowsFor(review.id);
    expect(update?.changes).toMatchObject({
      scheduledAt: { before: "2025-03-01T15:00:00.000Z", after: "2025-03-02T09:30:00.000Z" },
      attendeeIds: { before: [sre.id], after: [attendee.id] },
    });
  });
});

describe("recording the outcome of a follow-up review", () => {
  it("records each measure's verdict and the overall outcome, and schedules the further review it asks for", async () => {
    const { sre, attendee, incident, measures } = await setup();
    const review = await scheduled(sre, incident.id, [attendee.id]);
    const result = await recordFollowUpOutcome(
      {
        id: review.id,
        version: 1,
        outcome: "The alert works; the load test is still flaky.",
        measures: [
          { preventiveMeasureId: measures[0]!.id, effective: true, note: "Fired twice, both real" },
          { preventiveMeasureId: measures[1]!.id, effective: false, note: "Flaky on CI runners" },
        ],
        furtherReviewNeeded: true,
        nextScheduledAt: "2025-06-01T15:00:00Z",
      },
      userActor(sre),
    );
    expect(result.review).toMatchObject({ outcome: "The alert works; the load test is still flaky.", furtherReviewNeeded: true, version: 2 });
    expect(result.review.completedAt).not.toBeNull();
    expect(result.review.measureOutcomes).toEqual([
      { preventiveMeasureId: measures[0]!.id, text: "Pool alert", effective: true, note: "Fired twice, both real" },
      { preventiveMeasureId: measures[1]!.id, text: "Load test in CI", effective: false, note: "Flaky on CI runners" },
    ]);
    expect(result.next).toMatchObject({
      scheduledAt: "2025-06-01T15:00:00.000Z",
      previousReviewId: review.id,
      completedAt: null,
      attendees: [expect.objectContaining({ id: attendee.id })],
    });
    expect((await auditRowsFor(review.id)).map((row) => row.action)).toEqual(["follow-up.schedule", "follow-up.record-outcome"]);
    expect((await auditRowsFor(result.next!.id)).map((row) => row.action)).toEqual(["follow-up.schedule"]);

    // the report now points at the next review, and the panel shows the held one with its findings
    expect((await loadReport(db(), incident.id))?.followUp?.id).toBe(result.next!.id);
    const panel = await getFollowUpPanel({ ...sre, timeZone: "UTC" }, incident.publicId, new Date("2025-01-10T12:00:00Z"));
    expect(panel?.current?.id).toBe(result.next!.id);
    expect(panel?.held.map((held) => held.id)).toEqual([review.id]);
    expect(panel?.agenda.actionItems.map((item) => [item.title, item.overdue])).toEqual([
      ["Alert on pool usage", true],
      ["Runbook", false],
    ]);
    expect(panel?.agenda.preventiveMeasures.map((measure) => measure.text)).toEqual(["Pool alert", "Load test in CI"]);
  });

  it("needs a verdict for every preventive measure and a date for the further review, and writes nothing otherwise", async () => {
    const { sre, incident, measures } = await setup();
    const review = await scheduled(sre, incident.id);
    const missing = await caught(
      recordFollowUpOutcome(
        { id: review.id, version: 1, outcome: "Fine", measures: [{ preventiveMeasureId: measures[0]!.id, effective: true }] },
        userActor(sre),
      ),
    );
    expect((missing as InvalidInputError).issues).toEqual([{ path: "measures.1.effective", message: "Say whether it worked" }]);

    const allMeasures = measures.map((measure) => ({ preventiveMeasureId: measure.id, effective: true }));
    const noDate = await caught(
      recordFollowUpOutcome({ id: review.id, version: 1, outcome: "Fine", measures: allMeasures, furtherReviewNeeded: true }, userActor(sre)),
    );
    expect((noDate as InvalidInputError).issues).toEqual([{ path: "nextScheduledAt", message: "Pick the date of the next review" }]);

    const stored = await db().followUpReview.findUniqueOrThrow({ where: { id: review.id } });
    expect(stored).toMatchObject({ completedAt: null, outcome: null, version: 1 });
    expect(await db().preventiveMeasureOutcome.count({ where: { followUpReviewId: review.id } })).toBe(0);

    // without a further review, nothing new is scheduled; a second recording is refused
    const done = await recordFollowUpOutcome({ id: review.id, version: 1, outcome: "All good", measures: allMeasures }, userActor(sre));
    expect(done.next).toBeNull();
    expect(await db().followUpReview.count({ where: { incidentId: incident.id } })).toBe(1);
    expect(await caught(recordFollowUpOutcome({ id: review.id, version: 2, outcome: "Again", measures: allMeasures }, userActor(sre)))).toBeInstanceOf(
      ConflictError,
    );
  });

  it("refuses a stale version and a viewer", async () => {
    const { sre, incident, measures } = await setup();
    const review = await scheduled(sre, incident.id);
    await updateFollowUp({ id: review.id, version: 1, scheduledAt: "2025-03-05T10:00:00Z", attendeeIds: [] }, userActor(sre));
    const allMeasures = measures.map((measure) => ({ preventiveMeasureId: measure.id, effective: true }));
    expect(await caught(recordFollowUpOutcome({ id: review.id, version: 1, outcome: "Fine", measures: allMeasures }, userActor(sre)))).toBeInstanceOf(
      ConflictError,
    );
    const viewer = await createTestUser({ role: "VIEWER" });
    expect(await caught(recordFollowUpOutcome({ id: review.id, version: 2, outcome: "Fine", measures: allMeasures }, userActor(viewer)))).toBeInstanceOf(
      ForbiddenError,
    );
    expect((await db().followUpReview.findUniqueOrThrow({ where: { id: review.id } })).completedAt).toBeNull();
  });
});

describe("follow-up forms", () => {
  it("reads the outcome form: per-measure fields, the checkbox, and the next date in the viewer's zone", () => {
    const values = outcomeFromForm(
      {
        id: "r1",
        version: "3",
        outcome: "Mostly fine",
        "measures.0.preventiveMeasureId": "m1",
        "measures.0.effective": "yes",
        "measures.0.note": "",
        "measures.1.preventiveMeasureId": "m2",
        "measures.1.effective": "no",
        "measures.1.note": "Still flaky",
        furtherReviewNeeded: "on",
        nextScheduledAt: "2025-06-01T10:00",
      },
      "Europe/Berlin",
    );
    expect(recordOutcomeInput.parse(values)).toEqual({
      id: "r1",
      version: 3,
      outcome: "Mostly fine",
      measures: [
        { preventiveMeasureId: "m1", effective: true, note: null },
        { preventiveMeasureId: "m2", effective: false, note: "Still flaky" },
      ],
      furtherReviewNeeded: true,
      nextScheduledAt: "2025-06-01T08:00:00.000Z",
    });
    // an unanswered measure is named by its field
    const unanswered = recordOutcomeInput.safeParse(outcomeFromForm({ id: "r1", version: "1", outcome: "x", "measures.0.preventiveMeasureId": "m1" }, "UTC"));
    expect(unanswered.error?.issues.map((issue) => issue.path.join("."))).toEqual(["measures.0.effective"]);
  });

  it("reads the schedule form's local time in the viewer's zone and names an unreadable one", () => {
    expect(scheduleFromForm({ scheduledAt: "2025-01-15T10:00" }, "America/New_York").scheduledAt).toBe("2025-01-15T15:00:00.000Z");
    expect(scheduleFromForm({ scheduledAt: "soon" }, "UTC").scheduledAt).toBe("soon");
  });
});
