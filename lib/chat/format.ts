// Rendering a chat message for the webhook it goes to. Pure.
//
// "slack" (Slack and Mattermost incoming webhooks): `{ text, blocks }`. Slack shows the blocks and uses `text` for
// notifications; Mattermost ignores blocks and shows `text`, so `text` says everything on its own, in the syntax both
// read (`<url|label>` links; Mattermost translates them to Markdown). Slack's control characters &, < and > are
// written as &amp;, &lt; and &gt; in every piece of text that came from a user, as Slack's formatting reference
// asks: a title such as "<!channel> down" then shows as written instead of paging the channel. (Mattermost renders
// those entities back to the characters.)
//
// "teams" (a Microsoft Teams workflow, template "Post to a channel when a webhook request is received"): the message
// activity the workflow expects, `{ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.
// adaptive", content: <Adaptive Card 1.4> }] }`. TextBlocks render a subset of Markdown, so user text is escaped with
// backslashes; the link to the report is an Action.OpenUrl button.
import type { ChatFormat } from "@/lib/integrations/schema";
import type { ChatMessage } from "@/lib/chat/schema";

/** Slack's three control characters as the entities Slack asks for. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `<url|label>`; a `|` in the URL would end it early, so it is percent-encoded. */
export function slackLink(url: string, label: string): string {
  return `<${escapeSlackText(url.replace(/\|/g, "%7C"))}|${escapeSlackText(label)}>`;
}

/** Section texts hold at most 3,000 characters (Block Kit); field texts 2,000. */
const SLACK_SECTION_MAX = 3_000;
const SLACK_FIELD_MAX = 2_000;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export type SlackMessage = { text: string; blocks: Record<string, unknown>[] };

export function slackMessage(message: ChatMessage): SlackMessage {
  const subject = message.subject ? slackLink(message.subject.url, message.subject.text) : null;
  const facts = message.facts.map((fact) => `${escapeSlackText(fact.label)}: ${escapeSlackText(fact.value)}`);
  const items = (message.items ?? []).map((item) => `• ${slackLink(item.url, item.text)} — ${escapeSlackText(item.detail)}`);
  const notes = (message.notes ?? []).map(escapeSlackText);
  const action = slackLink(message.action.url, message.action.title);

  const text = [subject ? `${escapeSlackText(message.heading)}: ${subject}` : escapeSlackText(message.heading), ...facts, ...items, ...notes, action].join(
    "\n",
  );

  const blocks: Record<string, unknown>[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: clip([`*${escapeSlackText(message.heading)}*`, ...(subject ? [subject] : [])].join("\n"), SLACK_SECTION_MAX) },
      ...(message.facts.length
        ? {
            fields: message.facts
              .slice(0, 10)
              .map((fact) => ({ type: "mrkdwn", text: clip(`*${escapeSlackText(fact.label)}*\n${escapeSlackText(fact.value)}`, SLACK_FIELD_MAX) })),
          }
        : {}),
    },
  ];
  if (items.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(items.join("\n"), SLACK_SECTION_MAX) } });
  blocks.push({ type: "section", text: { type: "mrkdwn", text: clip([...notes, action].join("\n"), SLACK_SECTION_MAX) } });
  return { text, blocks };
}

/**
 * User text as literal text in an Adaptive Card TextBlock: Markdown's emphasis, link and code characters are
 * backslash-escaped, and so is what would start a list or heading at the beginning of a line.
 */
export function escapeTeamsText(text: string): string {
  return text
    .replace(/([\\*_[\]`~])/g, "\\$1")
    .split("\n")
    .map((line) => line.replace(/^(\s*)([-+#>])/, "$1\\$2").replace(/^(\s*\d+)\./, "$1\\."))
    .join("\n");
}

/** A Markdown link's URL must not hold spaces or parentheses. */
function teamsUrl(url: string): string {
  return url.replace(/ /g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29");
}

export const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

export type TeamsMessage = {
  type: "message";
  attachments: { contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: Record<string, unknown> }[];
};

export function teamsMessage(message: ChatMessage): TeamsMessage {
  const body: Record<string, unknown>[] = [{ type: "TextBlock", text: escapeTeamsText(message.heading), weight: "Bolder", size: "Medium", wrap: true }];
  if (message.subject) {
    body.push({ type: "TextBlock", text: `[${escapeTeamsText(message.subject.text)}](${teamsUrl(message.subject.url)})`, wrap: true, spacing: "Small" });
  }
  if (message.facts.length) {
    body.push({ type: "FactSet", facts: message.facts.map((fact) => ({ title: escapeTeamsText(fact.label), value: escapeTeamsText(fact.value) })) });
  }
  for (const item of message.items ?? []) {
    body.push({
      type: "TextBlock",
      text: `[${escapeTeamsText(item.text)}](${teamsUrl(item.url)}) — ${escapeTeamsText(item.detail)}`,
      wrap: true,
      spacing: "Small",
    });
  }
  for (const note of message.notes ?? []) body.push({ type: "TextBlock", text: escapeTeamsText(note), wrap: true, isSubtle: true });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: ADAPTIVE_CARD_SCHEMA,
          type: "AdaptiveCard",
          version: "1.4",
          body,
          actions: [{ type: "Action.OpenUrl", title: message.action.title, url: message.action.url }],
        },
      },
    ],
  };
}

export function renderChatMessage(format: ChatFormat, message: ChatMessage): SlackMessage | TeamsMessage {
  return format === "teams" ? teamsMessage(message) : slackMessage(message);
}
