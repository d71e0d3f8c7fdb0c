// Jira Cloud's REST API v3 (https://developer.atlassian.com/cloud/jira/platform/rest/v3/): create an issue, and move
// it to the done status or back to a "To Do" status through its workflow's transitions. Basic auth with the account's
// email and an API token.
import "server-only";
import { callTracker, TrackerError } from "@/lib/trackers/http";
import { toAdf, type IssueContent } from "@/lib/trackers/issue-content";
import type { CreatedIssue } from "@/lib/trackers/github";
import type { JiraSettings } from "@/lib/trackers/settings";

const JIRA_KEY = /^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;

function headers(settings: JiraSettings): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${settings.config.email}:${settings.token}`, "utf8").toString("base64")}` };
}

function issueUrl(settings: JiraSettings, key: string): string {
  if (!JIRA_KEY.test(key)) throw new TrackerError(`"${key}" is not a Jira issue key (PROJECT-number).`);
  return `${settings.config.baseUrl}/rest/api/3/issue/${key}`;
}

export async function createJiraIssue(settings: JiraSettings, content: IssueContent): Promise<CreatedIssue> {
  const { projectKey, issueType } = settings.config;
  const answer = (await callTracker({
    tracker: "Jira",
    what: `create a ${issueType} in project ${projectKey}`,
    method: "POST",
    url: `${settings.config.baseUrl}/rest/api/3/issue`,
    headers: headers(settings),
    body: { fields: { project: { key: projectKey }, summary: content.title, issuetype: { name: issueType }, description: toAdf(content) } },
  })) as { key?: unknown } | null;
  if (typeof answer?.key !== "string" || !JIRA_KEY.test(answer.key)) throw new TrackerError("Jira created the issue but did not answer its key.");
  return { key: answer.key, url: `${settings.config.baseUrl}/browse/${answer.key}` };
}

type Status = { name?: string; statusCategory?: { key?: string } };
type Transition = { id: string; name?: string; to?: Status };

/**
 * Moves the issue to the integration's done status ("done"), or back to a status of the To Do category ("open"). An
 * issue already on that side is left alone, so a retried delivery changes nothing.
 */
export async function setJiraIssueState(settings: JiraSettings, key: string, target: "done" | "open"): Promise<void> {
  const url = issueUrl(settings, key);
  const issue = (await callTracker({ tracker: "Jira", what: `read ${key}`, method: "GET", url: `${url}?fields=status`, headers: headers(settings) })) as {
    fields?: { status?: Status };
  } | null;
  const status = issue?.fields?.status;
  const isDone = status?.statusCategory?.key === "done";
  if ((target === "done") === isDone) return;

  const listed = (await callTracker({
    tracker: "Jira",
    what: `list the transitions of ${key}`,
    method: "GET",
    url: `${url}/transitions`,
    headers: headers(settings),
  })) as {
    transitions?: Transition[];
  } | null;
  const transitions = (listed?.transitions ?? []).filter((transition) => typeof transition?.id === "string");
  const doneStatus = settings.config.doneStatus.toLowerCase();
  const chosen =
    target === "done"
      ? (transitions.find((transition) => transition.to?.name?.toLowerCase() === doneStatus) ??
        transitions.find((transition) => transition.to?.statusCategory?.key === "done"))
      : transitions.find((transition) => transition.to?.statusCategory?.key === "new");
  if (!chosen) {
    const wanted = target === "done" ? `the status "${settings.config.doneStatus}" (or any done status)` : "a To Do status";
    throw new TrackerError(`${key} has no transition from "${status?.name ?? "its status"}" to ${wanted} that this account may use.`);
  }
  await callTracker({
    tracker: "Jira",
    what: `move ${key} to "${chosen.to?.name ?? chosen.name ?? chosen.id}"`,
    method: "POST",
    url: `${url}/transitions`,
    headers: headers(settings),
    body: { transition: { id: chosen.id } },
  });
}
