// Header facts written in other words and places (issue 15): incident ids under other labels and in the title, time
// zones stated with comments, abbreviations and offsets, and the incident's day written in a sentence.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseReportText, type ParseReportOptions } from "@/lib/incidents/report-text/parse";

const SAMPLE = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma/seed-data/inc-2024-1127-001.txt"), "utf8");

const NOW = new Date("2025-06-01T12:00:00Z");

function parse(text: string, opts: ParseReportOptions = {}) {
  return parseReportText(text, { now: NOW, ...opts });
}

/** A plain-text report: title, header lines, then the body. */
function report(header: string, body = "Root cause:\nA bad deploy.", title = "INCIDENT REPORT - Checkout errors"): string {
  return `${title}\n\n${header}\nSeverity: High\nStatus: Resolved\n\n${body}\n`;
}

const timeline = (lines: string) => `Timeline:\n${lines}`;
const times = (result: ReturnType<typeof parse>) => result.document.timeline.map((e) => e.occurredAt);
const otherWarnings = (result: ReturnType<typeof parse>) => result.warnings.filter((w) => !result.guesses.some((g) => g.message === w));

describe("the reference report", () => {
  it("has nothing guessed and nothing to ask, in any zone chosen for the import", () => {
    for (const timeZone of [undefined, "Europe/Berlin", "Asia/Kolkata"]) {
      const result = parse(SAMPLE, { timeZone });
      expect([result.guesses, result.questions, result.warnings]).toEqual([[], [], []]);
      expect(result.document.timeline[0].occurredAt).toBe("2024-11-27T14:23:00.000Z");
    }
  });
});

describe("incident ids under other labels", () => {
  it.each([
    ["Ticket: OPS-1234", "OPS-1234"],
    ["Ticket #: 58213", "58213"],
    ["Ref: SHOP-PM-0228", "SHOP-PM-0228"],
    ["Reference: CHG-2207", "CHG-2207"],
    ["Case: 00123456", "00123456"],
    ["Jira: INFRA-1094", "INFRA-1094"],
    ["ServiceNow ticket: INC0012345", "INC0012345"],
    ["PagerDuty incident: Q1X2Y3Z4", "Q1X2Y3Z4"],
  ])("takes %s as the incident id, says so and keeps the line under Details", (line, id) => {
    const result = parse(report(line));
    expect(result.document.publicId).toBe(id);
    expect(result.guesses).toEqual([
      { kind: "publicId", line: 3, message: `Line 3: the incident id ${id} was taken from "${line}"; the line is kept under Details too.` },
    ]);
    expect(result.document.extraSections).toEqual([{ heading: "Details", body: line }]);
    expect(result.lineMap).toContainEqual({ line: 3, field: "publicId" });
  });

  it.each([
    ["Incident #: 4711", "4711"],
    ["Incident number: 2021-0042", "2021-0042"],
    ["Incident No.: INC-77", "INC-77"],
    ["Postmortem ID: PM-2021-03", "PM-2021-03"],
  ])("reads %s as the incident id without a note, as the label says what it is", (line, id) => {
    const result = parse(report(line));
    expect(result.document.publicId).toBe(id);
    expect(result.guesses).toEqual([]);
    expect(result.document.extraSections).toEqual([]);
  });

  it("prefers the Incident ID line and keeps another tracker's id under Details, whatever the order", () => {
    const result = parse(report("Jira: OPS-77\nIncident ID: INC-2024-0101-001\nCase: 991"));
    expect(result.document.publicId).toBe("INC-2024-0101-001");
    expect(result.guesses).toEqual([]);
    expect(result.document.extraSections).toEqual([{ heading: "Details", body: "Jira: OPS-77\nCase: 991" }]);
  });

  it("stores an id written with '#' or a space in the form the schema allows, and keeps it as written", () => {
    const result = parse(report("Incident ID: SEV #1234"));
    expect(result.document.publicId).toBe("SEV-1234");
    expect(result.guesses.map((g) => g.message)).toEqual([
      `Line 3: the incident id was read as SEV-1234 from "Incident ID: SEV #1234" (an id may contain only letters, digits, '.', '_' and '-'); the line is kept under Details as written.`,
    ]);
    expect(result.document.extraSections).toEqual([{ heading: "Details", body: "Incident ID: SEV #1234" }]);
  });

  it("reads the one id in a link or among other words", () => {
    expect(parse(report("Jira: https://acme.atlassian.net/browse/OPS-1234?focusedCommentId=1")).document.publicId).toBe("OPS-1234");
    expect(parse(report("Ticket: OPS-1234 (Jira)")).document.publicId).toBe("OPS-1234");
    expect(parse(report("Ticket: INC 2021-03")).document.publicId).toBe("INC-2021-03");
  });

  it("keeps a line that holds no usable id under Details: with a warning when it is the Incident ID line", () => {
    const refused = parse(report("Incident ID: see the ticket"));
    expect(refused.document.publicId).toBeUndefined();
    expect(refused.warnings).toContain('Line 3: "see the ticket" cannot be used as an incident id; a new id will be given and the line kept under Details.');
    const other = parse(report("Ticket: see the #ops channel\nCase: none"));
    expect(other.document.publicId).toBeUndefined();
    expect(other.warnings).toEqual([]);
    expect(other.document.extraSections).toEqual([{ heading: "Details", body: "Ticket: see the #ops channel\nCase: none" }]);
    expect(parse(report("Ticket: OPS-12 and OPS-13")).document.publicId).toBeUndefined();
  });

  it("dates the timeline from a dated id given under another label", () => {
    const result = parse(report("Ticket: INC-2024-1127-009", timeline("14:23 - Alert fired")));
    expect(times(result)).toEqual(["2024-11-27T14:23:00.000Z"]);
  });
});

describe("incident ids in the title", () => {
  it.each([
    ["# [INC-4711] Checkout errors", "INC-4711", "Checkout errors", true],
    ["# Database outage (SEV #1234)", "SEV-1234", "Database outage", false],
    ["Postmortem: Checkout errors — INC 2021-03", "INC-2021-03", "Checkout errors", false],
    ["# OPS-1234: Payment retries doubled", "OPS-1234", "Payment retries doubled", true],
    ["# Login failures (Incident #42)", "42", "Login failures", false],
    ["# Queue backlog [INC0012345]", "INC0012345", "Queue backlog", true],
  ])("reads %s as the id and leaves it out of the title", (title, id, rest, asWritten) => {
    const result = parse(`${title}\n\nSeverity: High\n\n## Root cause\n\nA bad deploy.\n`);
    expect(result.document.publicId).toBe(id);
    expect(result.document.title).toBe(rest);
    expect(result.guesses.map((g) => g.kind)).toEqual(["publicId"]);
    expect(result.guesses[0].message).toMatch(new RegExp(`^Line 1: the incident id ${id} was taken from the title .* which is now "${rest}"\\.$`));
    expect(result.lineMap).toContainEqual({ line: 1, field: "publicId" });
    // an id stored in another form than written is kept as written
    expect(result.document.extraSections).toEqual(
      asWritten ? [] : [{ heading: "Details", body: expect.stringMatching(/^Incident ID as written in the title: /) }],
    );
  });

  it.each([
    "# COVID-19: traffic surge",
    "# Database outage (SEV 1)",
    "# Checkout down (P1)",
    "# Upgrade failure (PHP 8)",
    "# Outage in us-east-1 (us-east-1)",
    "# 2024-11-27 - Database outage",
    "# Outage (#7)",
    "# INC-4711",
  ])("keeps %s as it is: no id in it", (title) => {
    const result = parse(`${title}\n\nSeverity: High\n\n## Root cause\n\nA bad deploy.\n`);
    expect(result.document.publicId).toBeUndefined();
    expect(result.document.title).toBe(title.slice(2));
  });

  it("leaves the title alone when a header line gives the id", () => {
    const result = parse(report("Incident ID: INC-2024-0101-001", undefined, "# Checkout errors [OPS-77]"));
    expect(result.document.publicId).toBe("INC-2024-0101-001");
    expect(result.document.title).toBe("Checkout errors [OPS-77]");
  });

  it("takes the id from a Title line too", () => {
    const result = parse(report("Title: [OPS-2001] Search timeouts"));
    expect([result.document.publicId, result.document.title]).toEqual(["OPS-2001", "Search timeouts"]);
  });
});

describe("time zones stated in other words", () => {
  it.each([
    ["Time zone: Europe/Paris (times are local)", "2021-03-03", "2021-03-03T13:05:00.000Z", "Europe/Paris"],
    ["Timezone: US/Pacific", "2024-07-10", "2024-07-10T21:05:00.000Z", "America/Los_Angeles"],
    ["Times in PDT", "2024-07-10", "2024-07-10T21:05:00.000Z", "America/Los_Angeles"],
    ["All times CET", "2021-03-03", "2021-03-03T13:05:00.000Z", "Europe/Berlin"],
    ["All times CEST.", "2024-07-19", "2024-07-19T12:05:00.000Z", "Europe/Berlin"],
    ["All times are UTC+2", "2024-07-10", "2024-07-10T12:05:00.000Z", "UTC"],
    ["All times are in Asia/Kolkata", "2024-07-10", "2024-07-10T08:35:00.000Z", "Asia/Kolkata"],
    ["_All times are Pacific Time._", "2024-01-15", "2024-01-15T22:05:00.000Z", "America/Los_Angeles"],
    ["Time zone: CET/CEST", "2024-07-10", "2024-07-10T12:05:00.000Z", "Europe/Berlin"],
    ["TZ: EST", "2024-01-15", "2024-01-15T19:05:00.000Z", "America/New_York"],
    ["Time zone: local time (Europe/Berlin)", "2024-01-15", "2024-01-15T13:05:00.000Z", "Europe/Berlin"],
  ])("reads %s (on %s): 14:05 is %s, shown in %s", (line, day, instant, zone) => {
    const result = parse(report(`Date: ${day}\n${line}`, timeline("14:05 - Alert fired")));
    expect(times(result)).toEqual([instant]);
    expect(result.document.timeZone).toBe(zone);
    expect(result.lineMap).toContainEqual({ line: 4, field: "timeZone" });
    expect(otherWarnings(result)).toEqual([]);
  });

  it("says which zone an abbreviation was read as; a zone's own name needs no note", () => {
    const cet = parse(report("Date: 2021-03-03\nAll times CET", timeline("14:05 - Alert fired")));
    expect(cet.guesses).toEqual([
      { kind: "timeZone", line: 4, message: 'Line 4: times were read as Europe/Berlin from "All times CET" (Central Europe (CET, UTC+1)).' },
    ]);
    const named = parse(report("Date: 2021-03-03\nTime zone: Europe/Paris (times are local)", timeline("14:05 - Alert fired")));
    expect(named.guesses).toEqual([]);
  });

  it("shows an abbreviation's times in the zone chosen for the import when it keeps that clock", () => {
    const result = parse(report("Date: 2021-03-03\nAll times CET", timeline("14:05 - Alert fired")), { timeZone: "Europe/Paris" });
    expect(result.document.timeZone).toBe("Europe/Paris");
    expect(times(result)).toEqual(["2021-03-03T13:05:00.000Z"]);
  });

  it("says how an offset is shown: in the chosen zone when it keeps the offset then, else UTC", () => {
    const text = report("Date: 2024-07-10\nAll times are UTC+2", timeline("14:05 - Alert fired"));
    expect(parse(text).guesses.map((g) => g.message)).toEqual([
      'Line 4: times were read as UTC+2 from "All times are UTC+2"; the report is shown in UTC: no time zone was named.',
    ]);
    const berlin = parse(text, { timeZone: "Europe/Berlin" });
    expect(berlin.document.timeZone).toBe("Europe/Berlin");
    expect(berlin.guesses.map((g) => g.message)).toEqual([
      'Line 4: times were read as UTC+2 from "All times are UTC+2"; the report is shown in Europe/Berlin, the time zone chosen for the import, which is on UTC+2 then.',
    ]);
  });

  it("reads a zone stated in the Timeline heading, on a day line or on the timeline's first line", () => {
    const heading = parse(report("Date: 2024-01-15", "Timeline (all times PST):\n09:30 - Deploy started"));
    expect([times(heading), heading.document.timeZone]).toEqual([["2024-01-15T17:30:00.000Z"], "America/Los_Angeles"]);
    const day = parse(report("Severity: Low", "## Timeline\n\n### 2024-01-15 (all times CET)\n09:30 - Deploy started"));
    expect([times(day), day.document.timeZone]).toEqual([["2024-01-15T08:30:00.000Z"], "Europe/Berlin"]);
    const line = parse(report("Date: 2024-01-15", "Timeline:\nAll times are IST.\n09:30 - Deploy started"), { timeZone: "Asia/Kolkata" });
    expect([times(line), line.document.timeZone]).toEqual([["2024-01-15T04:00:00.000Z"], "Asia/Kolkata"]);
    expect(line.lineMap).toContainEqual({ line: 8, field: "timeZone" });
  });

  it("reads a zone that changes in the middle of the timeline from that line on, and says so", () => {
    const result = parse(report("Date: 2024-01-15", timeline("09:30 - Deploy started\nAll times below are CET.\n10:30 - Alert fired")));
    expect(times(result)).toEqual(["2024-01-15T09:30:00.000Z", "2024-01-15T09:30:00.000Z"]);
    expect(result.guesses.map((g) => g.message)).toEqual([
      'Line 9: times after this line were read as Central Europe (CET, UTC+1), from "All times below are CET".',
    ]);
  });

  it("still refuses a zone it does not know, keeping the line", () => {
    const result = parse(report("Time zone: Mars time", timeline("14:23 - Alert fired")));
    expect(result.warnings).toContain('Line 3: "Mars time" is not a time zone I know; times without a zone are read as UTC.');
    expect(result.document.extraSections).toEqual([{ heading: "Details", body: "Time zone: Mars time" }]);
  });
});

describe("zone abbreviations beside times", () => {
  it.each([
    ["2021-03-03", "14:05 CET - Alert fired", "2021-03-03T13:05:00.000Z"],
    ["2024-07-10", "09:12 PDT - Alert fired", "2024-07-10T16:12:00.000Z"],
    ["2024-01-10", "09:12 PST - Alert fired", "2024-01-10T17:12:00.000Z"],
    ["2024-07-19", "06:09 CEST - Alert fired", "2024-07-19T04:09:00.000Z"],
    ["2024-01-10", "9:12 am EST - Alert fired", "2024-01-10T14:12:00.000Z"],
    ["2024-06-10", "11:30 JST - Alert fired", "2024-06-10T02:30:00.000Z"],
    ["2024-06-10", "14:05 UTC+2 - Alert fired", "2024-06-10T12:05:00.000Z"],
  ])("on %s reads %s as %s", (day, line, instant) => {
    expect(times(parse(report(`Date: ${day}`, timeline(line))))).toEqual([instant]);
  });

  it("tells PDT from PST in the hour US clocks repeat", () => {
    const result = parse(report("Date: 2024-11-03", timeline("01:30 PDT - Alert fired\n01:10 PST - Rollback done, errors back to normal")));
    expect(times(result)).toEqual(["2024-11-03T08:30:00.000Z", "2024-11-03T09:10:00.000Z"]);
    expect(otherWarnings(result)).toEqual([]);
  });

  it("tells CEST from CET in the hour Central Europe repeats", () => {
    const result = parse(report("Date: 2024-10-27", timeline("02:30 CEST - Alert fired\n02:10 CET - Failover done, back to normal")));
    expect(times(result)).toEqual(["2024-10-27T00:30:00.000Z", "2024-10-27T01:10:00.000Z"]);
  });

  it("reads an abbreviation written out of season as the local clock, and says so", () => {
    const result = parse(report("Date: 2024-07-10", timeline("14:05 CET - Alert fired")));
    expect(times(result)).toEqual(["2024-07-10T12:05:00.000Z"]);
    expect(result.guesses.map((g) => g.message)).toContain(
      'Line 8: "CET" (UTC+1) is written for 2024-07-10, when Europe/Berlin is on UTC+2: the times were read as local time in Europe/Berlin (UTC+2). If they really are UTC+1, write "UTC+1".',
    );
  });

  it("reads times without a zone in the zone written beside the timeline's other times, and says so", () => {
    const result = parse(report("Date: 2021-03-03", timeline("14:00 - Deploy started\n14:05 CET - Alert fired\n14:10 - On-call paged")));
    expect(times(result)).toEqual(["2021-03-03T13:00:00.000Z", "2021-03-03T13:05:00.000Z", "2021-03-03T13:10:00.000Z"]);
    expect(result.document.timeZone).toBe("Europe/Berlin");
    expect(result.guesses.map((g) => g.message)).toEqual([
      "Line 9: times written without a zone were read as Central Europe (CET, UTC+1), the zone written beside the time on line 9; the report is shown in Europe/Berlin.",
    ]);
  });

  it("lets a zone the report states win over one written beside a time, for times that name none", () => {
    const result = parse(report("Date: 2021-03-03", "Timeline (UTC):\n14:05 CET - Alert fired\n14:10 - On-call paged"));
    expect(times(result)).toEqual(["2021-03-03T13:05:00.000Z", "2021-03-03T14:10:00.000Z"]);
  });

  it("reads a time without a zone among UTC times as UTC, not in the zone chosen for the import, and says so", () => {
    const result = parse(report("Date: 2024-11-27", timeline("14:23 UTC - Alert fired\n14:25 - Paged")), { timeZone: "Europe/Berlin" });
    expect(times(result)).toEqual(["2024-11-27T14:23:00.000Z", "2024-11-27T14:25:00.000Z"]);
    expect(result.document.timeZone).toBe("Europe/Berlin");
    expect(result.guesses.map((g) => g.message)).toEqual([
      "Line 8: times written without a zone were read as UTC, the zone written beside the time on line 8.",
    ]);
    const allZoned = parse(report("Date: 2024-11-27", timeline("14:23 UTC - Alert fired\n14:25 UTC - Paged")), { timeZone: "Europe/Berlin" });
    expect(allZoned.guesses).toEqual([]);
  });

  it.each([
    ["14:05 MIST rolled in over the data center", "MIST rolled in over the data center"],
    ["14:05 PST-123 deployed", "PST-123 deployed"],
    ["14:05 eat lunch, then the alert fired", "eat lunch, then the alert fired"],
    ["14:05 West region failed over", "West region failed over"],
  ])("takes no zone from %j", (line, text) => {
    const result = parse(report("Date: 2024-07-10", timeline(line)));
    expect(result.document.timeline.map((e) => [e.occurredAt, e.text])).toEqual([["2024-07-10T14:05:00.000Z", text]]);
    expect(result.guesses).toEqual([]);
  });
});

describe("ambiguous zone abbreviations", () => {
  const ist = report("Incident ID: INC-2024-0610-001\nAll times IST", timeline("14:05 - Alert fired"));

  it("reads IST as India when nothing says which, warns, and asks", () => {
    const result = parse(ist);
    expect(times(result)).toEqual(["2024-06-10T08:35:00.000Z"]);
    expect(result.document.timeZone).toBe("Asia/Kolkata");
    expect(result.questions).toEqual([
      {
        kind: "timeZone",
        written: "IST",
        line: 4,
        choices: [
          { zone: "Asia/Kolkata", label: "India (IST, UTC+5:30)" },
          { zone: "Europe/Dublin", label: "Ireland (IST, UTC+1)" },
          { zone: "Asia/Jerusalem", label: "Israel (IST, UTC+2)" },
        ],
        chosen: "Asia/Kolkata",
      },
    ]);
    expect(result.guesses.map((g) => g.message)).toEqual([
      'Line 4: "IST" can mean India (UTC+5:30), Ireland (UTC+1) or Israel (UTC+2); it was read as India (IST, UTC+5:30). Choose the right one before creating the report.',
    ]);
  });

  it.each([
    ["Europe/Dublin", "2024-06-10T13:05:00.000Z", "Europe/Dublin", "Ireland (IST, UTC+1)"],
    ["Asia/Jerusalem", "2024-06-10T11:05:00.000Z", "Asia/Jerusalem", "Israel (IST, UTC+2)"],
    ["Asia/Calcutta", "2024-06-10T08:35:00.000Z", "Asia/Kolkata", "India (IST, UTC+5:30)"],
  ])("reads IST as the zone chosen for the import (%s) without asking", (option, instant, shown, label) => {
    const result = parse(ist, { timeZone: option });
    expect(times(result)).toEqual([instant]);
    expect(result.document.timeZone).toBe(shown);
    expect(result.questions).toEqual([]);
    expect(result.guesses[0].message).toBe(`Line 4: "IST" was read as ${label}, the time zone chosen for the import (${shown}).`);
  });

  it("reads Israel's IST in summer as Israel's summer clock, and says so", () => {
    const result = parse(ist, { timeZone: "Asia/Jerusalem" });
    expect(result.guesses[1].message).toBe(
      'Line 4: "IST" (UTC+2) is written for 2024-06-10, when Asia/Jerusalem is on UTC+3: the times were read as local time in Asia/Jerusalem (UTC+3). If they really are UTC+2, write "UTC+2".',
    );
  });

  it("asks once per abbreviation, at its first line, however often it is written", () => {
    const result = parse(report("Date: 2024-01-15\nStarted: 08:55 CST", timeline("09:00 CST - Alert fired\n09:30 CST - Failover done, back to normal")));
    expect(times(result)).toEqual(["2024-01-15T15:00:00.000Z", "2024-01-15T15:30:00.000Z"]);
    expect(result.questions.map((q) => [q.written, q.line, q.chosen, q.choices.map((c) => c.zone)])).toEqual([
      ["CST", 4, "America/Chicago", ["America/Chicago", "Asia/Shanghai", "America/Havana"]],
    ]);
    const china = parse(report("Date: 2024-01-15\nStarted: 08:55 CST", timeline("09:00 CST - Alert fired")), { timeZone: "Asia/Shanghai" });
    expect([china.document.startedAt, times(china)]).toEqual(["2024-01-15T00:55:00.000Z", ["2024-01-15T01:00:00.000Z"]]);
  });

  it("asks nothing for a report whose zones are clear", () => {
    const result = parse(report("Date: 2024-01-15\nAll times PST", timeline("09:00 - Alert fired")));
    expect(result.questions).toEqual([]);
  });
});

describe("the incident's day written in a sentence", () => {
  it("reads the first full date in the summary, keeps the times from the timeline, and quotes the sentence", () => {
    const text =
      "INCIDENT REPORT - Checkout errors\n\nSeverity: High\n\nSummary:\nShortly after 14:05 CET on 3 March 2021, the checkout API began returning errors for a third of requests.\n\nTimeline:\n14:05 - Alert fired\n14:40 - Rollback done, errors back to normal\n";
    const result = parse(text);
    expect(times(result)).toEqual(["2021-03-03T13:05:00.000Z", "2021-03-03T13:40:00.000Z"]);
    expect(result.guesses).toEqual([
      {
        kind: "date",
        line: 6,
        message: 'The incident date 3 March 2021 was read from the sentence "Shortly after 14:05 CET on 3 March 2021 ..." (line 6): check it.',
      },
      {
        kind: "timeZone",
        line: 6,
        message:
          "Line 6: times written without a zone were read as Central Europe (CET, UTC+1), the zone written in the sentence on line 6; the report is shown in Europe/Berlin.",
      },
    ]);
    expect(result.warnings.join(" ")).not.toMatch(/today/);
  });

  it.each([
    ["On Tuesday, March 2nd 2021 at 9:30 PST the deploy went out.", "2021-03-02", "2 March 2021"],
    ["The outage began at 09:30 on 2021-03-02 and lasted an hour.", "2021-03-02", "2 March 2021"],
    ["At 09:30 on Wed 3rd of March, 2021 the cache fell over.", "2021-03-03", "3 March 2021"],
    ["We were paged late on the evening of December 31st, 2020 by the billing team.", "2020-12-31", "31 December 2020"],
  ])("reads the day in %j", (sentence, day, written) => {
    const result = parse(`INCIDENT REPORT - X\n\nSeverity: High\n\n${sentence}\n\nTimeline:\n09:30 - Deploy went out\n`);
    expect(result.document.timeline[0].occurredAt.slice(0, 10)).toBe(day);
    expect(result.guesses.find((g) => g.kind === "date")?.message).toMatch(new RegExp(`^The incident date ${written} was read from the sentence "`));
  });

  it("quotes a long sentence around the date, and names the line the date is on", () => {
    const text =
      "INCIDENT REPORT - X\n\nSeverity: High\n\nSummary:\nAfter a long week of preparation for the quarterly traffic peak and several smaller changes,\nthe database failover test on 14 May 2023 went wrong. Customers noticed.\n\nTimeline:\n10:00 - Failover test started\n";
    const message = parse(text).guesses.find((g) => g.kind === "date")!.message;
    expect(message).toBe(
      'The incident date 14 May 2023 was read from the sentence "... and several smaller changes, the database failover test on 14 May 2023 ..." (line 7): check it.',
    );
  });

  it("says when the sentence's weekday is not the date's", () => {
    const result = parse("INCIDENT REPORT - X\n\nSeverity: High\n\nOn Monday, March 2nd 2021 the deploy went out.\n\nTimeline:\n09:30 - Deploy went out\n");
    expect(result.guesses[0].message).toBe(
      'The incident date 2 March 2021 was read from the sentence "On Monday, March 2nd 2021 ..." (line 5): check it. The sentence says Monday, but 2 March 2021 is a Tuesday.',
    );
  });

  it("reads a date in the timeline's notes when the summary has none", () => {
    const result = parse("INCIDENT REPORT - X\n\nSeverity: High\n\nTimeline:\nAll of this happened on 14 May 2023.\n10:00 - Failover test started\n");
    expect(times(result)).toEqual(["2023-05-14T10:00:00.000Z"]);
  });

  it.each([
    "On 03/04/2021 the deploy went out.",
    "Release 2021.03.1 went out.",
    "In March 2021 the deploy went out.",
    "Last Tuesday the deploy went out.",
    "The deploy went out on March 2nd.",
  ])("takes no day from %j: it is not a full date that means one day", (sentence) => {
    const result = parse(`INCIDENT REPORT - X\n\nSeverity: High\n\n${sentence}\n\nTimeline:\n09:30 - Deploy went out\n`);
    expect(times(result)).toEqual(["2025-06-01T09:30:00.000Z"]);
    expect(result.warnings).toContain("The report gives no date; the timeline was placed on 2025-06-01 (today). Check the times.");
  });

  it("lets a Date line, a dated id or the title's date win over prose", () => {
    const body = "Summary:\nOn 3 March 2021 the deploy went out.\n\nTimeline:\n09:30 - Deploy went out";
    expect(times(parse(report("Date: 2021-03-04", body)))).toEqual(["2021-03-04T09:30:00.000Z"]);
    expect(times(parse(report("Incident ID: INC-2021-0305-001", body)))).toEqual(["2021-03-05T09:30:00.000Z"]);
    expect(parse(report("Incident ID: INC-2021-0305-001", body)).guesses).toEqual([]);
  });

  it("reads a Date line written in words", () => {
    const result = parse(report("Date: Tuesday, 3rd of March 2021", timeline("09:30 - Deploy went out")));
    expect(times(result)).toEqual(["2021-03-03T09:30:00.000Z"]);
    expect(result.warnings).toEqual([]);
  });
});

describe("other wordings seen in the corpus", () => {
  it("reads Priority as the severity, Postmortem owner as the author and an e-mail's Subject as the title", () => {
    const result = parse(
      "From: Network Reliability <netrel@example.com>\nSubject: Multi-region network congestion\n\nPriority: P1\nPostmortem owner: Priya Raman\n\nRoot cause:\nA bad change.\n",
    );
    expect([result.document.title, result.document.severity, result.document.preparedBy]).toEqual(["Multi-region network congestion", "P1", "Priya Raman"]);
  });

  it("keeps an e-mail's sign-off out of the list above it", () => {
    const result = parse(report("Date: 2019-06-02", "Next steps:\n- Refuse changes outside their scope\n- Review the alert thresholds\n\nThanks,\nAna"));
    expect(result.document.actionItems.map((a) => a.title)).toEqual(["Refuse changes outside their scope", "Review the alert thresholds"]);
    expect(result.document.extraSections).toEqual([{ heading: "Sign-off", body: "Thanks,\nAna" }]);
  });

  it("files What didn't go so well as what went wrong", () => {
    const result = parse(report("Date: 2021-06-08", "### What didn't go so well\n\n- The status page lagged"));
    expect(result.document.lessonsLearned).toEqual([{ category: "WENT_WRONG", text: "The status page lagged" }]);
  });

  it("reads a pager alert that fires as the alert that detected the incident", () => {
    const result = parse(
      report("Date: 2019-07-02", timeline("13:42 - First pager alert for the WAF fires\n13:44 - Alerts for HTTP 502 errors fire\n14:09 - Back to normal")),
    );
    expect(result.document.timeline.map((e) => [e.kind, e.milestone])).toEqual([
      ["ALERT", "DETECTED"],
      ["ALERT", null],
      ["OBSERVATION", "MITIGATED"],
    ]);
  });

  it("takes the first support ticket as the detection when no alert fired", () => {
    const result = parse(
      report(
        "Date: 2022-04-05",
        timeline("07:38 - The script starts deleting sites\n07:46 - First support ticket from a customer\n08:17 - Major incident declared"),
      ),
    );
    expect(result.document.detectedAt).toBe("2022-04-05T07:46:00.000Z");
  });

  it("takes the line that says the incident was mitigated over an earlier partial recovery", () => {
    const result = parse(
      report("Date: 2021-06-08", timeline("09:48 - Alerts fire\n11:00 - Majority of services recovered\n12:35 - Incident mitigated; remaining errors cleared")),
    );
    expect(result.document.mitigatedAt).toBe("2021-06-08T12:35:00.000Z");
  });

  it("ends the impact at OUTAGE MITIGATED when no line says the outage ended", () => {
    const text = report(
      "Date: 2019-07-02",
      timeline("13:42 - **OUTAGE BEGINS**\n14:09 - Traffic back to normal. **OUTAGE MITIGATED**\n14:52 - Rule re-enabled. **INCIDENT RESOLVED**"),
    );
    expect([parse(text).document.endedAt, parse(text).document.resolvedAt]).toEqual(["2019-07-02T14:09:00.000Z", "2019-07-02T14:52:00.000Z"]);
  });
});

describe("an Impact header paragraph of several sentences", () => {
  const text = report(
    "Impact: The network was degraded for 27 minutes. Visitors received HTTP 502 errors. Median time to first byte went from 45 ms to 3.8 s. The API was unreachable for the same period.",
  );

  it("reads each sentence that states a measure as a metric, the sentence as its statement, and keeps the rest as the summary", () => {
    const { document } = parse(text);
    expect(document.impact.metrics.map((m) => [m.kind, m.value, m.unit, m.baseline, m.baselineUnit, m.statement])).toEqual([
      ["DURATION", 27, "min", null, null, "The network was degraded for 27 minutes."],
      ["LATENCY", 3.8, "s", 45, "ms", "Median time to first byte went from 45 ms to 3.8 s."],
    ]);
    expect(document.impactSummary).toBe("Visitors received HTTP 502 errors. The API was unreachable for the same period.");
  });

  it("exported and imported again, gives the same metrics once and the same summary", async () => {
    const { toMarkdown, toPlainText } = await import("@/lib/incidents/report-export");
    const first = parse(text).document;
    for (const exported of [toMarkdown(first), toPlainText(first)]) {
      const again = parse(exported).document;
      expect(again.impact.metrics.map(({ id: _id, ...m }) => m)).toEqual(first.impact.metrics.map(({ id: _id, ...m }) => m));
      expect(again.impactSummary).toBe(first.impactSummary);
    }
  });
});

describe("header values written as Markdown links", () => {
  it("reads the id from a linked ticket and keeps the line, with its address, under Details once", () => {
    const result = parse(report("**Ticket:** [OPS-1](https://jira.example.com/browse/OPS-1)", "## Root cause\n\nA bad deploy.", "# Checkout errors"));
    expect(result.document.publicId).toBe("OPS-1");
    const details = result.document.extraSections.filter((s) => s.heading === "Details");
    expect(details).toEqual([{ heading: "Details", body: "**Ticket:** [OPS-1](https://jira.example.com/browse/OPS-1)" }]);
  });

  it("takes a link's text for other header fields, and keeps the address under Details", () => {
    const { document } = parse(
      report("Incident ID: [INC-2024-0301-7](https://status.example.com/incidents/7)\nAuthors: [Ana Lima](https://wiki.example.com/~ana)"),
    );
    expect(document.publicId).toBe("INC-2024-0301-7");
    expect(document.preparedBy).toBe("Ana Lima");
    expect(document.extraSections).toContainEqual({
      heading: "Details",
      body: "Incident ID: [INC-2024-0301-7](https://status.example.com/incidents/7)\nAuthors: [Ana Lima](https://wiki.example.com/~ana)",
    });
  });

  it("leaves a link in a prose field as written", () => {
    const { document } = parse(report("Summary: Checkout failed after [a deploy](https://ci.example.com/run/9)."));
    expect(document.summary).toContain("Checkout failed after [a deploy](https://ci.example.com/run/9).");
    expect(document.extraSections.filter((s) => s.heading === "Details")).toEqual([]);
  });
});
