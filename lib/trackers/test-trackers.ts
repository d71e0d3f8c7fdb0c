// Test-only: a local HTTP server standing in for GitHub and Jira, implementing the few documented endpoints Hindsight
// calls, and refusing (as they do) a request without the right credentials or headers:
//   GitHub (https://docs.github.com/en/rest/issues/issues), under /github:
//     POST  /repos/{owner}/{repo}/issues           { title, body } -> 201 { number, html_url, state }
//     PATCH /repos/{owner}/{repo}/issues/{number}  { state, state_reason? } -> 200 the issue
//   Jira Cloud REST v3 (https://developer.atlassian.com/cloud/jira/platform/rest/v3/), under /jira:
//     POST  /rest/api/3/issue                      { fields: { project, summary, issuetype, description (ADF) } } -> 201 { id, key, self }
//     GET   /rest/api/3/issue/{key}?fields=status  -> { id, key, fields: { status: { name, statusCategory: { key } } } }
//     GET   /rest/api/3/issue/{key}/transitions    -> { transitions: [{ id, name, to: { name, statusCategory } }] }
//     POST  /rest/api/3/issue/{key}/transitions    { transition: { id } } -> 204
import http from "node:http";
import type { AddressInfo } from "node:net";

export const GITHUB_TEST_TOKEN = "github_pat_test_0123456789";
export const JIRA_TEST_EMAIL = "bot@example.test";
export const JIRA_TEST_TOKEN = "jira-api-token-test-0123456789";

export type GithubIssue = { repository: string; number: number; title: string; body: string; state: "open" | "closed"; state_reason: string | null };
export type JiraIssue = { id: string; key: string; summary: string; issueType: string; description: unknown; status: string };
export type RecordedRequest = { method: string; path: string; body: unknown };

/** A simple Jira workflow whose transitions are all global (any status to any), as Jira's default "simplified" one. */
const JIRA_STATUSES: Record<string, { id: string; category: "new" | "indeterminate" | "done" }> = {
  "To Do": { id: "11", category: "new" },
  "In Progress": { id: "21", category: "indeterminate" },
  Done: { id: "31", category: "done" },
};

export type FakeTrackers = {
  githubApiUrl: string;
  jiraBaseUrl: string;
  github: GithubIssue[];
  jira: JiraIssue[];
  requests: RecordedRequest[];
  /** the next create answers this status with an error body instead */
  refuseNextCreate: (status: number) => void;
  close: () => Promise<void>;
};

export async function startFakeTrackers(): Promise<FakeTrackers> {
  const github: GithubIssue[] = [];
  const jira: JiraIssue[] = [];
  const requests: RecordedRequest[] = [];
  let refusal: number | null = null;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return send(response, 400, { message: "Problems parsing JSON" });
      }
      const url = new URL(request.url ?? "/", "http://localhost");
      requests.push({ method: request.method ?? "", path: `${url.pathname}${url.search}`, body });
      if (url.pathname.startsWith("/github/")) return githubRoute(request, response, url.pathname.slice("/github".length), body);
      if (url.pathname.startsWith("/jira/")) return jiraRoute(request, response, url, body);
      send(response, 404, { message: "Not Found" });
    });
  });

  function githubRoute(request: http.IncomingMessage, response: http.ServerResponse, path: string, body: unknown) {
    if (request.headers.authorization !== `Bearer ${GITHUB_TEST_TOKEN}`) return send(response, 401, { message: "Bad credentials" });
    if (request.headers.accept !== "application/vnd.github+json" || request.headers["x-github-api-version"] !== "2022-11-28")
      return send(response, 400, { message: "Send Accept: application/vnd.github+json and X-GitHub-Api-Version: 2022-11-28" });
    const create = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(path);
    if (create && request.method === "POST") {
      if (refusal) {
        const status = refusal;
        refusal = null;
        return send(response, status, { message: "Issues are disabled for this repo", documentation_url: "https://docs.github.com/rest/issues/issues" });
      }
      const { title, body: text } = (body ?? {}) as { title?: unknown; body?: unknown };
      if (typeof title !== "string" || !title)
        return send(response, 422, { message: "Validation Failed", errors: [{ resource: "Issue", field: "title", code: "missing_field" }] });
      const repository = `${create[1]}/${create[2]}`;
      const issue: GithubIssue = { repository, number: github.length + 1, title, body: String(text ?? ""), state: "open", state_reason: null };
      github.push(issue);
      return send(response, 201, githubJson(issue));
    }
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(path);
    if (one && request.method === "PATCH") {
      const issue = github.find((candidate) => candidate.repository === `${one[1]}/${one[2]}` && candidate.number === Number(one[3]));
      if (!issue) return send(response, 404, { message: "Not Found" });
      const change = (body ?? {}) as { state?: "open" | "closed"; state_reason?: string };
      if (change.state) issue.state = change.state;
      issue.state_reason = change.state === "open" ? "reopened" : (change.state_reason ?? "completed");
      return send(response, 200, githubJson(issue));
    }
    send(response, 404, { message: "Not Found" });
  }

  function githubJson(issue: GithubIssue) {
    return {
      number: issue.number,
      html_url: `https://github.com/${issue.repository}/issues/${issue.number}`,
      title: issue.title,
      state: issue.state,
      state_reason: issue.state_reason,
    };
  }

  function jiraRoute(request: http.IncomingMessage, response: http.ServerResponse, url: URL, body: unknown) {
    const expected = `Basic ${Buffer.from(`${JIRA_TEST_EMAIL}:${JIRA_TEST_TOKEN}`).toString("base64")}`;
    if (request.headers.authorization !== expected) return send(response, 401, { errorMessages: ["You are not authenticated."], errors: {} });
    const path = url.pathname.slice("/jira".length);
    if (path === "/rest/api/3/issue" && request.method === "POST") {
      if (refusal) {
        const status = refusal;
        refusal = null;
        return send(response, status, { errorMessages: [], errors: { issuetype: "Specify a valid issue type" } });
      }
      const fields = ((body ?? {}) as { fields?: Record<string, unknown> }).fields ?? {};
      const project = (fields.project as { key?: unknown } | undefined)?.key;
      const issueType = (fields.issuetype as { name?: unknown } | undefined)?.name;
      const description = fields.description as { type?: unknown; version?: unknown } | undefined;
      if (typeof project !== "string" || typeof issueType !== "string" || typeof fields.summary !== "string")
        return send(response, 400, { errorMessages: [], errors: { project: "Specify a valid project ID or key" } });
      if (description && (description.type !== "doc" || description.version !== 1))
        return send(response, 400, { errorMessages: [], errors: { description: "Operation value must be an Atlassian Document." } });
      const id = String(10000 + jira.length);
      const issue: JiraIssue = { id, key: `${project}-${jira.length + 1}`, summary: fields.summary, issueType, description, status: "To Do" };
      jira.push(issue);
      return send(response, 201, { id, key: issue.key, self: `${url.origin}/jira/rest/api/3/issue/${id}` });
    }
    const match = /^\/rest\/api\/3\/issue\/([A-Z][A-Z0-9_]*-\d+)(\/transitions)?$/.exec(path);
    const issue = match ? jira.find((candidate) => candidate.key === match[1]) : undefined;
    if (!match || !issue) return send(response, 404, { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} });
    if (!match[2] && request.method === "GET") {
      const status = JIRA_STATUSES[issue.status]!;
      return send(response, 200, {
        id: issue.id,
        key: issue.key,
        fields: { status: { name: issue.status, id: status.id, statusCategory: { key: status.category } } },
      });
    }
    if (match[2] && request.method === "GET") {
      return send(response, 200, {
        transitions: Object.entries(JIRA_STATUSES).map(([name, status]) => ({
          id: status.id,
          name,
          to: { name, id: status.id, statusCategory: { key: status.category } },
          isGlobal: true,
        })),
      });
    }
    if (match[2] && request.method === "POST") {
      const id = ((body ?? {}) as { transition?: { id?: unknown } }).transition?.id;
      const target = Object.entries(JIRA_STATUSES).find(([, status]) => status.id === id);
      if (!target) return send(response, 400, { errorMessages: ["Transition id is not valid for this issue."], errors: {} });
      issue.status = target[0];
      response.writeHead(204).end();
      return;
    }
    send(response, 405, { errorMessages: ["Method not allowed"], errors: {} });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    githubApiUrl: `http://127.0.0.1:${port}/github`,
    jiraBaseUrl: `http://127.0.0.1:${port}/jira`,
    github,
    jira,
    requests,
    refuseNextCreate: (status) => {
      refusal = status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(response: http.ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}
