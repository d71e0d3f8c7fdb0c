// The calendar feed end to end: the route called as a function with only the token in its URL.
import { describe, expect, it } from "vitest";
import { GET as feedRoute } from "@/app/api/calendar/[file]/route";
import { systemActor, userActor } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import { createTestUser, auditRowsFor } from "@/lib/users/test-fixtures";
import { createTestIncident } from "@/lib/action-items/test-fixtures";
import { scheduleFollowUp } from "@/lib/follow-ups/mutations";
import { regenerateCalendarToken } from "@/lib/calendar/mutations";

const BASE = "https://hindsight.example.com";

function fetchFeed(file: string) {
  return feedRoute(new Request(`${BASE}/api/calendar/${file}`), { params: Promise.resolve({ file }) });
}

/** The VEVENTs of a feed as { property: unescaped value } (unfolded first). */
function eventsOf(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, "").split("\r\n");
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") current = {};
    else if (line === "END:VEVENT") {
      events.push(current!);
      current = null;
    } else if (current) {
      const colon = line.indexOf(":");
      current[line.slice(0, colon)] = line.slice(colon + 1).replace(/\\([\\;,nN])/g, (_m, c: string) => (c.toLowerCase() === "n" ? "\n" : c));
    }
  }
  return events;
}

describe("the private calendar feed", () => {
  it("holds the user's action-item due dates (all-day) and follow-up reviews (timed), escaped", async () => {
    const me = await createTestUser({ role: "SRE", name: 'Sam, the "SRE"' });
    const colleague = await createTestUser({ role: "SRE" });
    const mine = await createTestIncident({
      authorId: me.id,
      title: "Pool exhaustion; checkout, login",
      items: [
        { title: "Mine, open; with \\ backslash", ownerId: me.id, dueDate: "2024-12-01" },
        { title: "Unowned in my report", dueDate: "2024-12-08", status: "IN_PROGRESS" },
        { title: "Mine but done", ownerId: me.id, dueDate: "2024-12-02", status: "DONE" },
        { title: "Colleague's in my report", ownerId: colleague.id, dueDate: "2024-12-03" },
        { title: "Mine without a date", ownerId: me.id },
      ],
    });
    const theirs = await createTestIncident({
      authorId: colleague.id,
      title: "Cache stampede",
      items: [
        { title: "Mine in their report", ownerId: me.id, dueDate: "2024-12-04" },
        { title: "Unowned in their report", dueDate: "2024-12-05" },
      ],
    });
    const mineReview = (await scheduleFollowUp({ incident: mine.id, scheduledAt: "2024-12-15T15:00:00Z", note: "Agenda:\n- alerts, runbooks" }, userActor(me)))
      .review;
    const attended = (await scheduleFollowUp({ incident: theirs.id, scheduledAt: "2024-12-20T09:30:00Z", attendeeIds: [me.id] }, userActor(colleague))).review;
    const other = await createTestIncident({ authorId: colleague.id });
    await scheduleFollowUp({ incident: other.id, scheduledAt: "2024-12-21T09:30:00Z" }, userActor(colleague));

    const { token } = await regenerateCalendarToken({}, userActor(me));
    const response = await fetchFeed(`${token}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = await response.text();
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain(`X-WR-CALNAME:Hindsight — Sam\\, the "SRE"\r\n`);

    const events = eventsOf(ics);
    const summaries = events.map((event) => event.SUMMARY);
    expect(summaries).toEqual([
      "Overdue: Mine, open; with \\ backslash",
      "Overdue: Mine in their report",
      "Overdue: Unowned in my report",
      `Follow-up review: ${mine.publicId} Pool exhaustion; checkout, login`,
      `Follow-up review: ${theirs.publicId} Cache stampede`,
    ]);
    const [firstItem] = events;
    expect(firstItem).toMatchObject({
      UID: `action-item-${mine.items[0]!.id}@hindsight`,
      "DTSTART;VALUE=DATE": "20241201",
      "DTEND;VALUE=DATE": "20241202",
      URL: `${BASE}/incidents/${mine.publicId}`,
      TRANSP: "TRANSPARENT",
    });
    expect(firstItem!.DESCRIPTION).toContain(`${mine.publicId} · Pool exhaustion; checkout, login`);
    expect(firstItem!.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
    const reviewEvent = events.find((event) => event.UID === `follow-up-review-${mineReview.id}@hindsight`);
    expect(reviewEvent).toMatchObject({ DTSTART: "20241215T150000Z", DTEND: "20241215T160000Z", DESCRIPTION: "Agenda:\n- alerts, runbooks" });
    expect(events.some((event) => event.UID === `follow-up-review-${attended.id}@hindsight`)).toBe(true);
    // the raw text escaped what needed escaping
    expect(ics).toContain("Mine\\, open\\; with \\\\ backslash");
  });

  it("lists nothing of a private report to someone who cannot open it, and all of it to a participant", async () => {
    const author = await createTestUser({ role: "SRE" });
    // given the item and the invitation while the report was public (or written straight to the database)
    const outsider = await createTestUser({ role: "VIEWER" });
    const participant = await createTestUser({ role: "VIEWER" });
    const secret = await createTestIncident({
      authorId: author.id,
      private: true,
      title: "Credential leak in the billing export",
      items: [
        { title: "Rotate the billing keys", ownerId: outsider.id, dueDate: "2024-12-01" },
        { title: "Audit the export bucket", ownerId: participant.id, dueDate: "2024-12-02" },
      ],
    });
    await getDb().incidentParticipant.create({ data: { incidentId: secret.id, userId: participant.id } });
    const review = await getDb().followUpReview.create({
      data: {
        incidentId: secret.id,
        scheduledAt: new Date("2024-12-10T10:00:00Z"),
        attendees: { create: [{ userId: outsider.id }, { userId: participant.id }] },
      },
    });

    const feedOf = async (user: typeof outsider) => {
      const { token } = await regenerateCalendarToken({}, userActor(user));
      const response = await fetchFeed(`${token}.ics`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const outsiderFeed = await feedOf(outsider);
    expect(eventsOf(outsiderFeed)).toEqual([]);
    for (const named of [secret.publicId, "Credential leak", "Rotate the billing keys", secret.items[0]!.id, review.id])
      expect(outsiderFeed).not.toContain(named);

    const participantEvents = eventsOf(await feedOf(participant));
    expect(participantEvents.map((event) => event.UID)).toEqual([`action-item-${secret.items[1]!.id}@hindsight`, `follow-up-review-${review.id}@hindsight`]);
  });

  it("names an owner a report gave who is not a user (in the report author's feed), and shows it to nobody who cannot open the report", async () => {
    const me = await createTestUser({ role: "SRE" });
    const colleague = await createTestUser({ role: "SRE" });
    const mine = await createTestIncident({
      authorId: me.id,
      items: [
        { title: "Owned by a team", ownerName: "@dba-team", dueDate: "2024-12-01" },
        { title: "Owned by nobody", dueDate: "2024-12-02" },
      ],
    });
    await createTestIncident({
      authorId: colleague.id,
      private: true,
      items: [{ title: "Their secret item", ownerName: "@secret-team", dueDate: "2024-12-03" }],
    });

    const { token } = await regenerateCalendarToken({}, userActor(me));
    const ics = await (await fetchFeed(`${token}.ics`)).text();
    const byUid = Object.fromEntries(eventsOf(ics).map((event) => [event.UID, event]));
    const named = byUid[`action-item-${mine.items[0]!.id}@hindsight`]!;
    expect(named.DESCRIPTION).toContain("Status: Open · Owner: @dba-team (not a user)");
    expect(named.DESCRIPTION).not.toContain("No owner yet");
    expect(byUid[`action-item-${mine.items[1]!.id}@hindsight`]!.DESCRIPTION).toContain("Status: Open · No owner yet");
    expect(ics).not.toContain("@secret-team");
    expect(ics).not.toContain("Their secret item");
  });

  it("answers 404 to an unknown or malformed token, and to a deactivated user's", async () => {
    expect((await fetchFeed("no-such-token-0123456789abcdef.ics")).status).toBe(404);
    expect((await fetchFeed("bad token.ics")).status).toBe(404);
    const gone = await createTestUser({ role: "SRE" });
    const { token } = await regenerateCalendarToken({}, userActor(gone));
    expect((await fetchFeed(`${token}.ics`)).status).toBe(200);
    expect((await fetchFeed(token)).status).toBe(404); // without .ics
    await getDb().user.update({ where: { id: gone.id }, data: { active: false } });
    expect((await fetchFeed(`${token}.ics`)).status).toBe(404);
  });

  it("regenerating revokes the old URL at once, audited without the secret", async () => {
    const user = await createTestUser({ role: "VIEWER" });
    const first = await regenerateCalendarToken({}, userActor(user));
    const second = await regenerateCalendarToken({}, userActor(user));
    expect(second.token).not.toBe(first.token);
    expect(second.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await fetchFeed(`${first.token}.ics`)).status).toBe(404);
    expect((await fetchFeed(`${second.token}.ics`)).status).toBe(200);
    const audits = await auditRowsFor(user.id);
    expect(audits.map((audit) => audit.action)).toEqual(["calendar.regenerate-token", "calendar.regenerate-token"]);
    const recorded = JSON.stringify(audits.map(({ changes, meta }) => ({ changes, meta })));
    expect(recorded).not.toContain(first.token);
    expect(recorded).not.toContain(second.token);
    await expect(regenerateCalendarToken({}, systemActor("test"))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
