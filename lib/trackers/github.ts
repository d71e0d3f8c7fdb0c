// GitHub's REST API for issues (https://docs.github.com/en/rest/issues/issues): create one, close or reopen it. A
// fine-grained token with Issues read and write on the repository is enough.
import "server-only";
import { callTracker, TrackerError } from "@/lib/trackers/http";
import { toMarkdown, type IssueContent } from "@/lib/trackers/issue-content";
import type { GithubSettings } from "@/lib/trackers/settings";

export type CreatedIssue = { key: string; url: string };

function headers(settings: GithubSettings): Record<string, string> {
  return {
    Authorization: `Bearer ${settings.token}`,
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
    "User-Agent": "Hindsight",
  };
}

/** "owner/repo#12" -> its parts; null for anything else. */
export function parseGithubKey(key: string): { repository: string; number: number } | null {
  const match = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)#([1-9][0-9]*)$/.exec(key);
  return match ? { repository: match[1]!, number: Number(match[2]) } : null;
}

export function githubKey(repository: string, number: number): string {
  return `${repository}#${number}`;
}

function issuesUrl(settings: GithubSettings, repository: string): string {
  const [owner, name] = repository.split("/");
  return `${settings.config.apiUrl}/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}/issues`;
}

export async function createGithubIssue(settings: GithubSettings, content: IssueContent): Promise<CreatedIssue> {
  const answer = (await callTracker({
    tracker: "GitHub",
    what: `create an issue in ${settings.config.repository}`,
    method: "POST",
    url: issuesUrl(settings, settings.config.repository),
    headers: headers(settings),
    body: { title: content.title, body: toMarkdown(content) },
  })) as { number?: unknown; html_url?: unknown } | null;
  if (typeof answer?.number !== "number" || typeof answer.html_url !== "string") {
    throw new TrackerError("GitHub created the issue but did not answer its number and address.");
  }
  // The repository as GitHub spells it (its webhooks say `full_name`), from the issue's page: /owner/repo/issues/12.
  const segments = new URL(answer.html_url).pathname.split("/").filter(Boolean);
  const repository = segments.length >= 4 && segments.at(-2) === "issues" ? `${segments.at(-4)}/${segments.at(-3)}` : settings.config.repository;
  return { key: githubKey(repository, answer.number), url: answer.html_url };
}

/** Closes ("completed", or "not_planned" for an item that won't be done) or reopens the issue; either twice is harmless. */
export async function setGithubIssueState(
  settings: GithubSettings,
  key: string,
  change: { state: "closed"; reason: "completed" | "not_planned" } | { state: "open" },
): Promise<void> {
  const parsed = parseGithubKey(key);
  if (!parsed) throw new TrackerError(`"${key}" is not a GitHub issue (owner/repo#number).`);
  await callTracker({
    tracker: "GitHub",
    what: `${change.state === "closed" ? "close" : "reopen"} ${key}`,
    method: "PATCH",
    url: `${issuesUrl(settings, parsed.repository)}/${parsed.number}`,
    headers: headers(settings),
    body: change.state === "closed" ? { state: "closed", state_reason: change.reason } : { state: "open" },
  });
}
