import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { htmlToMarkdown } from "@/lib/incidents/report-formats/html-to-markdown";
import { parseReportText } from "@/lib/incidents/report-text/parse";

const fixture = (name: string) => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", name), "utf8");
const markdown = (html: string, title?: string) => htmlToMarkdown(html, { title }).markdown;

describe("a Google Docs page (Download > Web page)", () => {
  const { markdown: text, notes } = htmlToMarkdown(fixture("google-docs-export.html"));

  it("has the title paragraph as its title, bold labels as fields and bold lines as headings", () => {
    expect(text.startsWith("# Postmortem: card payments declined after a certificate expired\n")).toBe(true);
    // "Incident" and " ID:" are two bold spans (bold through the page's CSS class): one label
    expect(text).toContain("**Incident ID:** INC-2021-0303");
    expect(text).toContain("**Time zone:** UTC");
    expect(text).toMatch(/^## Summary$/m);
    expect(text).toMatch(/^## Impact$/m);
    expect(text).toMatch(/^## Timeline$/m); // a real heading stays what it was
    expect(notes).toContain("5 lines in bold were read as headings.");
  });

  it("writes each table with its bold first row as the header, one line per row", () => {
    expect(text).toContain("| Time | Event |\n| --- | --- |\n| 14:00 | The client certificate expires; the gateway starts refusing the TLS handshake |");
    expect(text).toContain("| Action | Owner | Due | Status |\n| --- | --- | --- | --- |");
    // a mailto link is the address, so the owner matches a user by email
    expect(text).toContain(
      "| Issue the gateway certificate from the internal CA with automatic renewal | maria.silva@example.com | 2021-03-20 | In progress |",
    );
  });

  it("keeps code, nested lists and real links, and leaves out comments", () => {
    expect(text).toContain("`gateway.client_cert`");
    expect(text).toContain("```\nopenssl x509 -enddate -noout -in client.pem\nnotAfter=Mar  3 14:00:00 2021 GMT\n```");
    expect(text).toContain("- The alert fired within five minutes\n    - _it was tuned after last year's outage_");
    expect(text).toContain("[runbook](https://wiki.example.com/runbooks/certificates)");
    expect(text).not.toMatch(/\[a\]|cmnt|Ask finance|google\.com\/url/);
    expect(notes).toContain("1 comment was left out.");
  });

  it("reads as a report: header fields, the timeline in the stated zone, action items with owners, due dates and status", () => {
    const { document } = parseReportText(text);
    expect(document).toMatchObject({ publicId: "INC-2021-0303", severity: "High", status: "RESOLVED", timeZone: "UTC" });
    expect(document.summary).toMatch(/^For 47 minutes, card payments/);
    expect(document.impact).toMatchObject({ usersAffected: 1900, errorRate: 0.38 });
    expect(document.timeline.map((entry) => entry.occurredAt)).toEqual([
      "2021-03-03T14:00:00.000Z",
      "2021-03-03T14:05:00.000Z",
      "2021-03-03T14:31:00.000Z",
      "2021-03-03T14:47:00.000Z",
    ]);
    expect(document.actionItems).toEqual([
      expect.objectContaining({
        title: "Issue the gateway certificate from the internal CA with automatic renewal",
        ownerEmail: "maria.silva@example.com",
        dueDate: "2021-03-20",
        status: "IN_PROGRESS",
      }),
      expect.objectContaining({
        title: "Alert 30 days before any certificate expires",
        ownerEmail: "sre-team@example.com",
        dueDate: "2021-03-31",
        status: "OPEN",
      }),
    ]);
    expect(document.lessonsLearned.map((lesson) => lesson.category)).toEqual(["WENT_WELL", "WENT_WELL"]);
  });
});

describe("a Confluence page (Export to HTML)", () => {
  const { markdown: text } = htmlToMarkdown(fixture("confluence-export.html"));

  it("takes the page title without its space and leaves the page's chrome, scripts and styles out", () => {
    expect(text.startsWith("# INC-2021-0412 Search results empty after index migration\n")).toBe(true);
    expect(text).not.toMatch(/Engineering :|Postmortems|Created by|last modified|Document generated|Atlassian|window\.AJS|confluenceTh|not a report/);
  });

  it("writes the page properties as a table without a header, status lozenges in bold, dates as written", () => {
    expect(text).toContain("|  |  |\n| --- | --- |\n| Incident ID | INC-2021-0412 |\n| Severity | Medium |\n| Status | **RESOLVED** |\n| Date | 12 Apr 2021 |");
    expect(text).toContain("| Read the index alias from one shared setting | Priya Natarajan | 30 Apr 2021 | **IN PROGRESS** |");
    // a list inside a cell stays on the row's line
    expect(text).toContain("| Alert when search returns no results for more than 5% of queries; per region; per language | tomasz.kowalski@example.com |");
  });

  it("keeps the code block with its language and the task list's check boxes", () => {
    expect(text).toContain("```bash\nSEARCH_INDEX_ALIAS=products-v1   # search-api\nINDEX_ALIAS=products-v2          # catalog-indexer\n```");
    expect(text).toContain("- [x] Run the migration's dry run against production aliases\n- [ ] Add the alias check to the migration checklist");
  });

  it("reads as a report: the properties as header fields, times in the page's zone, owners by name or email", () => {
    const { document } = parseReportText(text);
    expect(document).toMatchObject({ publicId: "INC-2021-0412", severity: "Medium", status: "RESOLVED", timeZone: "Europe/Berlin" });
    expect(document.services).toEqual(["search-api", "catalog-indexer"]);
    expect(document.timeline).toHaveLength(5);
    expect(document.timeline[0].occurredAt).toBe("2021-04-12T07:40:00.000Z"); // 09:40 in Berlin (CEST)
    expect(document.actionItems.map(({ title, dueDate, status }) => ({ title, dueDate, status }))).toEqual([
      { title: "Read the index alias from one shared setting", dueDate: "2021-04-30", status: "IN_PROGRESS" },
      { title: "Alert when search returns no results for more than 5% of queries; per region; per language", dueDate: "2021-04-23", status: "DONE" },
    ]);
    expect(document.actionItems[1].ownerEmail).toBe("tomasz.kowalski@example.com");
  });
});

describe("a Confluence page's storage format", () => {
  const storage = `<p><strong>Incident ID:</strong> INC-2021-0610</p>
<h1>Timeline</h1>
<ul><li>10:02 Alert fired for <ac:link><ri:user ri:username="jdoe" /></ac:link></li><li>10:40 Rolled back <ac:structured-macro ac:name="jira" ac:schema-version="1"><ac:parameter ac:name="key">OPS-311</ac:parameter></ac:structured-macro></li></ul>
<h1>Root cause</h1>
<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">yaml</ac:parameter><ac:plain-text-body><![CDATA[replicas: 1 # was 3
limits: { memory: <512Mi> }]]></ac:plain-text-body></ac:structured-macro>
<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">Note</ac:parameter><ac:rich-text-body><p>Found by the nightly check.</p></ac:rich-text-body></ac:structured-macro>
<h1>Action items</h1>
<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Restore 3 replicas (due <time datetime="2021-06-15" />)</ac:task-body></ac:task><ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Alert on replica count <ac:structured-macro ac:name="status"><ac:parameter ac:name="title">TODO</ac:parameter></ac:structured-macro></ac:task-body></ac:task></ac:task-list>`;

  it("keeps code from CDATA, mentions, Jira keys, dates and tasks; leaves out macro parameters", () => {
    const text = markdown(storage, "Cache evictions after the replica change");
    expect(text).toContain("# Cache evictions after the replica change");
    expect(text).toContain("- 10:02 Alert fired for jdoe\n- 10:40 Rolled back OPS-311");
    expect(text).toContain("```yaml\nreplicas: 1 # was 3\nlimits: { memory: <512Mi> }\n```");
    expect(text).toContain("Found by the nightly check.");
    expect(text).toContain("- [x] Restore 3 replicas (due 2021-06-15)\n- [ ] Alert on replica count **TODO**");
    expect(text).not.toMatch(/\bNote\b|schema-version|language/);
  });
});

describe("rules every page follows", () => {
  it("writes no Markdown escapes: the parser would keep them in the report", () => {
    const text = markdown("<h1>Disk full</h1><p>[14:05] db_pool_size set to 5 * 2</p><p>1. not a list</p>");
    expect(text).toContain("[14:05] db_pool_size set to 5 * 2");
    expect(text).toContain("1. not a list");
    expect(text).not.toContain("\\");
  });

  it("takes <title> when the first h1 names a section, and the given title when there is neither", () => {
    expect(markdown("<title>Queue backlog</title><h1>Summary</h1><p>The queue backed up.</p>")).toMatch(/^# Queue backlog\n\n# Summary\n/);
    expect(markdown("<h2>Summary</h2><p>The queue backed up.</p>", "From the document properties")).toMatch(/^# From the document properties\n\n## Summary\n/);
    expect(markdown("<h2>Queue backlog on 3 March</h2><h3>Summary</h3><p>x</p>")).toMatch(/^# Queue backlog on 3 March\n\n### Summary\n/);
  });

  it("takes a first line in bold for the title when the page has no heading at all", () => {
    expect(markdown("<p><b>Queue backlog</b></p><p><b>Summary</b></p><p>The queue backed up.</p>")).toBe(
      "# Queue backlog\n\n## Summary\n\nThe queue backed up.\n",
    );
  });

  it("does not take a bold sentence, a bold 'Label: value' or bold text in a table or list for a heading", () => {
    const text = markdown(
      "<h1>Title</h1><p><b>We rolled back at once.</b></p><p><b>Severity: High</b></p><ul><li><b>Timeline</b></li></ul><table><tr><td><b>Impact</b></td><td>x</td></tr><tr><td>a</td><td>b</td></tr></table>",
    );
    expect(text).not.toMatch(/^#{2,} /m);
    expect(text).toContain("**We rolled back at once.**");
    expect(text).toContain("**Severity: High**");
  });

  it("a bold line is one level below the heading before it", () => {
    const text = markdown("<h1>Title</h1><h2>Details</h2><p><strong>Database</strong></p><p>x</p><h3>Deeper</h3><p><strong>Cache</strong></p>");
    expect(text).toContain("## Details\n\n### Database");
    expect(text).toContain("### Deeper\n\n#### Cache");
  });

  it("promotes a first row of column words to the header; a row of values is data under an empty header", () => {
    expect(markdown("<table><tr><td>When</td><td>What happened</td></tr><tr><td>10:00</td><td>x</td></tr></table>")).toBe(
      "| When | What happened |\n| --- | --- |\n| 10:00 | x |\n",
    );
    expect(markdown("<table><tr><td>Severity</td><td>High</td></tr><tr><td>Status</td><td>Open</td></tr></table>")).toBe(
      "|  |  |\n| --- | --- |\n| Severity | High |\n| Status | Open |\n",
    );
  });

  it("escapes pipes in cells, repeats cells for colspan, pads short rows, and flattens layout tables", () => {
    expect(markdown("<table><tr><th>A</th><th>B</th><th>C</th></tr><tr><td colspan='2'>grep x | wc -l</td><td>3</td></tr><tr><td>only</td></tr></table>")).toBe(
      "| A | B | C |\n| --- | --- | --- |\n| grep x \\| wc -l |  | 3 |\n| only |  |  |\n",
    );
    const layout = markdown("<table><tr><td><h2>Summary</h2><table><tr><th>K</th><th>V</th></tr><tr><td>a</td><td>b</td></tr></table></td></tr></table>");
    expect(layout).toBe("## Summary\n\n| K | V |\n| --- | --- |\n| a | b |\n");
  });

  it("leaves out scripts, styles, hidden text, forms and images, and says how many images", () => {
    const { markdown: text, notes } = htmlToMarkdown(
      "<h1>T</h1><script>alert(1)</script><style>p{}</style><p style='display:none'>secret</p><p hidden>also</p><p>shown <img src='a.png' alt='graph'><img src='data:image/png;base64,AAAA'></p><button>Click</button><!-- a comment -->",
    );
    expect(text).toBe("# T\n\nshown\n");
    expect(notes).toEqual(["2 images were left out: attach screenshots to the report after creating it."]);
  });

  it("turns line breaks into lines, keeps relative links as their text, and check-box characters as tasks", () => {
    const text = markdown(
      "<h1>T</h1><p><strong>Date:</strong> 2021-03-03<br><strong>Severity:</strong> Low</p><p><a href='attachments/12/graph.png'>graph</a> and <a href='https://example.com/x'>https://example.com/x</a></p><ul><li>☐ open task</li><li>☒ done task</li></ul>",
    );
    expect(text).toContain("**Date:** 2021-03-03\n**Severity:** Low");
    expect(text).toContain("graph and https://example.com/x");
    expect(text).toContain("- [ ] open task\n- [x] done task");
  });

  it("reads bold from inline styles as well as tags, and not from a <b> styled back to normal", () => {
    const text = markdown(
      '<h1>T</h1><p><span style="font-weight:700">Owner:</span> ops</p><b style="font-weight:normal"><p>plain</p></b><p><span style="font-style:italic">aside</span> and <span style="text-decoration: line-through">old</span></p>',
    );
    expect(text).toContain("**Owner:** ops");
    expect(text).toContain("\nplain\n");
    expect(text).toContain("_aside_ and ~~old~~");
  });

  it("numbers ordered lists from their start", () => {
    expect(markdown('<h1>T</h1><ol start="3"><li>third</li><li>fourth</li></ol>')).toBe("# T\n\n3. third\n4. fourth\n");
  });

  it("removes non-breaking and zero-width spaces and control characters", () => {
    expect(markdown("<h1>T</h1><p>a\u00a0b\u200bc\u0007d</p>")).toBe("# T\n\na bcd\n");
  });
});

describe("a Confluence task list (ul.inline-task-list)", () => {
  const html = `<h1>Postmortem: gateway saturation</h1><p><strong>Date:</strong> 2021-01-04</p><h2>Action items</h2><ul class="inline-task-list">
<li class="checked"><span class="placeholder-inline-tasks">Pre-scale the gateways <a href="/display/~jlee" class="confluence-userlink user-mention" data-username="jlee">Jordan Lee</a> <time datetime="2021-01-15" class="date-past">15 Jan 2021</time></span></li>
<li><span class="placeholder-inline-tasks">Move dashboards off the network path, with <a class="user-mention" data-username="ann">Ann Bo</a> helping <a class="user-mention" data-username="mo">Mo Okafor</a> <time datetime="2021-02-26">26 Feb 2021</time></span></li>
<li><span class="placeholder-inline-tasks">Write the runbook</span></li>
</ul>`;

  it("writes each task's closing mention as its owner and its date as the due day, after the title", () => {
    expect(markdown(html)).toContain(
      [
        "- [x] Pre-scale the gateways — owner: Jordan Lee, due: 2021-01-15",
        "- [ ] Move dashboards off the network path, with Ann Bo helping — owner: Mo Okafor, due: 2021-02-26",
        "- [ ] Write the runbook",
      ].join("\n"),
    );
  });

  it("gives the report's action items their owners and due dates", () => {
    const { document } = parseReportText(markdown(html), { now: new Date("2021-06-01T00:00:00Z") });
    expect(document.actionItems.map((a) => [a.title, a.ownerName ?? null, a.dueDate, a.status])).toEqual([
      ["Pre-scale the gateways", "Jordan Lee", "2021-01-15", "DONE"],
      ["Move dashboards off the network path, with Ann Bo helping", "Mo Okafor", "2021-02-26", "OPEN"],
      ["Write the runbook", null, null, "OPEN"],
    ]);
  });
});
