import { describe, expect, it } from "vitest";
import { approvedEmail, changesRequestedEmail, reviewRequestedEmail } from "@/lib/reviews/emails";

const report = { publicId: "INC-1", title: 'Cache <b>outage</b> & "friends"', url: "https://hindsight.example/incidents/INC-1" };

describe("review emails", () => {
  it("ask a reviewer to review, with the requester, the note and a link, in text and HTML", () => {
    const mail = reviewRequestedEmail("m@example.com", { report, requester: "Sam", note: "Root cause first,\nplease." });
    expect(mail.to).toBe("m@example.com");
    expect(mail.subject).toBe('Review requested: INC-1 Cache <b>outage</b> & "friends"');
    expect(mail.text).toContain("Sam asks you to review and sign off this postmortem.");
    expect(mail.text).toContain("> Root cause first,\n> please.");
    expect(mail.text).toContain("Review the report: https://hindsight.example/incidents/INC-1");
    expect(mail.html).toContain('href="https://hindsight.example/incidents/INC-1"');
    expect(mail.html).toContain("Root cause first,<br>please.");
  });

  it("escape everything people wrote in the HTML part", () => {
    const mail = changesRequestedEmail("a@example.com", { report, reviewer: "Mo <script>", comment: "<img src=x onerror=alert(1)>", section: "Root cause" });
    expect(mail.html).not.toMatch(/<b>|<script>|<img/);
    expect(mail.html).toContain("Cache &lt;b&gt;outage&lt;/b&gt; &amp; &quot;friends&quot;");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.text).toContain("asks for changes (Root cause)");
  });

  it("tell the author their report was approved, with the revision and the reviewer's comment", () => {
    const mail = approvedEmail("a@example.com", { report, reviewer: "Morgan", comment: "Great work", revisionNumber: 3 });
    expect(mail.subject).toBe('Approved: INC-1 Cache <b>outage</b> & "friends"');
    expect(mail.text).toContain("Morgan signed off your postmortem (revision 3). It is now read-only.");
    expect(mail.text).toContain("> Great work");
    const plain = approvedEmail("a@example.com", { report, reviewer: "Morgan", revisionNumber: 3 });
    expect(plain.text).not.toMatch(/^> /m);
  });
});
