// Table rows with a pipe inside a cell, written escaped as GFM (and the HTML converter) write it.
import { describe, expect, it } from "vitest";
import { tableCells } from "@/lib/incidents/report-text/headings";
import { parseReportText } from "@/lib/incidents/report-text/parse";

describe("tableCells", () => {
  it("splits on unescaped pipes only and gives each cell its pipe back", () => {
    expect(tableCells("| 14:05 | Ran grep x \\| wc -l on the host | ops |")).toEqual(["14:05", "Ran grep x | wc -l on the host", "ops"]);
    expect(tableCells("| a | b |")).toEqual(["a", "b"]);
    expect(tableCells("| ends with a pipe \\|")).toEqual(["ends with a pipe |"]);
    expect(tableCells("no table")).toBeNull();
  });

  it("keeps the pipe in a timeline event and an action item's title, and the columns after it", () => {
    const text = [
      "# Disk full on the log hosts",
      "",
      "**Date:** 2024-03-05",
      "**Severity:** SEV-2",
      "**Status:** Resolved",
      "",
      "## Timeline",
      "",
      "| Time | Event |",
      "| --- | --- |",
      "| 14:05 | Counted the files with grep x \\| wc -l |",
      "| 14:30 | Old logs removed |",
      "",
      "## Action Items",
      "",
      "| Action | Owner | Due |",
      "| --- | --- | --- |",
      "| Alert when find /var/log \\| wc -l passes a million | ops@example.com | 2024-03-20 |",
      "",
    ].join("\n");
    const { document } = parseReportText(text, { now: new Date("2024-06-01T00:00:00Z") });
    expect(document.timeline[0]).toMatchObject({ text: "Counted the files with grep x | wc -l", occurredAt: "2024-03-05T14:05:00.000Z" });
    expect(document.actionItems.map((a) => [a.title, a.ownerEmail, a.dueDate])).toEqual([
      ["Alert when find /var/log | wc -l passes a million", "ops@example.com", "2024-03-20"],
    ]);
  });
});
