// Rendering chat messages: Slack's control characters, Teams' Markdown, and each format's documented shape.
import { describe, expect, it } from "vitest";
import { escapeSlackText, escapeTeamsText, slackLink, slackMessage, teamsMessage } from "@/lib/chat/format";
import type { ChatMessage } from "@/lib/chat/schema";

const message: ChatMessage = {
  heading: "Postmortem approved",
  subject: { text: "INC-7 · Cache <!channel> & co > 90%", url: "https://hindsight.example/incidents/INC-7" },
  facts: [{ label: "Signed off by", value: "Ann <ann@example.com>" }],
  items: [{ text: "Fix *all* the [things]", url: "https://hindsight.example/incidents/INC-8", detail: "INC-8 · due 2024-12-01" }],
  notes: ["and 2 more", "1 item in private reports (not listed)"],
  action: { title: "Open the report", url: "https://hindsight.example/incidents/INC-7" },
};

describe("Slack and Mattermost messages", () => {
  it("escape &, < and > in every text from a user, so a title cannot mention @channel or break a link", () => {
    expect(escapeSlackText("a & b <!channel> c > d")).toBe("a &amp; b &lt;!channel&gt; c &gt; d");
    expect(slackLink("https://x.example/a|b", "<x|y>")).toBe("<https://x.example/a%7Cb|&lt;x|y&gt;>");
    const { text, blocks } = slackMessage(message);
    expect(text).not.toContain("<!channel>");
    expect(text).toContain("<https://hindsight.example/incidents/INC-7|INC-7 · Cache &lt;!channel&gt; &amp; co &gt; 90%>");
    expect(text).toContain("Signed off by: Ann &lt;ann@example.com&gt;");
    expect(text).toContain("• <https://hindsight.example/incidents/INC-8|Fix *all* the [things]> — INC-8 · due 2024-12-01");
    expect(JSON.stringify(blocks)).not.toContain("<!channel>");
  });

  it("carry the whole message in `text` (what Mattermost shows) and a mrkdwn section in `blocks` (what Slack shows)", () => {
    const { text, blocks } = slackMessage(message);
    expect(text.split("\n")[0]).toBe("Postmortem approved: <https://hindsight.example/incidents/INC-7|INC-7 · Cache &lt;!channel&gt; &amp; co &gt; 90%>");
    expect(text).toContain("and 2 more");
    expect(text).toContain("<https://hindsight.example/incidents/INC-7|Open the report>");
    expect(blocks[0]).toMatchObject({
      type: "section",
      text: { type: "mrkdwn", text: expect.stringMatching(/^\*Postmortem approved\*\n<https:\/\/hindsight\.example\/incidents\/INC-7\|/) },
      fields: [{ type: "mrkdwn", text: "*Signed off by*\nAnn &lt;ann@example.com&gt;" }],
    });
    expect(blocks.every((block) => block.type === "section")).toBe(true);
  });
});

describe("Teams workflow messages", () => {
  it("are a message activity with one Adaptive Card 1.4 attachment and an Action.OpenUrl to the report", () => {
    const body = teamsMessage(message);
    expect(body.type).toBe("message");
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment).toMatchObject({
      contentType: "application/vnd.microsoft.card.adaptive",
      contentUrl: null,
      content: {
        $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
        type: "AdaptiveCard",
        version: "1.4",
        actions: [{ type: "Action.OpenUrl", title: "Open the report", url: "https://hindsight.example/incidents/INC-7" }],
      },
    });
    const cardBody = attachment!.content.body as { type: string; text?: string }[];
    expect(cardBody[0]).toMatchObject({ type: "TextBlock", text: "Postmortem approved", weight: "Bolder" });
    expect(cardBody.find((block) => block.type === "FactSet")).toMatchObject({ facts: [{ title: "Signed off by", value: "Ann <ann@example.com>" }] });
  });

  it("escape Markdown in user text: emphasis, links, and a list or heading at the start of a line", () => {
    expect(escapeTeamsText("Fix *all* the [things]_now_")).toBe("Fix \\*all\\* the \\[things\\]\\_now\\_");
    expect(escapeTeamsText("- not a list\n# not a heading\n1. not numbered")).toBe("\\- not a list\n\\# not a heading\n1\\. not numbered");
    const texts = (teamsMessage(message).attachments[0]!.content.body as { text?: string }[]).map((block) => block.text ?? "");
    expect(texts).toContain("[Fix \\*all\\* the \\[things\\]](https://hindsight.example/incidents/INC-8) — INC-8 · due 2024-12-01");
  });
});
