// Test-only: a node:http server on 127.0.0.1 standing in for chat webhooks, answering as the documented endpoints do:
//   /slack/...  a Slack incoming webhook (https://hooks.slack.com/services/...): 200 "ok" for a JSON body with a
//               `text` (and, if given, `blocks` as an array of typed blocks); 400 "no_text" / "invalid_blocks" else.
//               Mattermost's incoming webhooks take the same body.
//   /teams/...  a Teams workflow's "When a Teams webhook request is received" trigger: 202 with an empty body for a
//               message activity carrying an Adaptive Card attachment; 400 else.
// A test can script the next answers of a path (500, 429 with Retry-After...) and delay every answer.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedAnswer = { status: number; body?: string; headers?: Record<string, string> };
export type ReceivedPost = { path: string; body: unknown; contentType: string | undefined; answeredWith: number };

export type TestWebhookServer = {
  url(path: string): string;
  /** every POST, in arrival order, with the status it was answered with */
  received: ReceivedPost[];
  /** the bodies accepted (2xx) at `path` */
  accepted(path: string): unknown[];
  /** the next answers at `path`, before the documented behaviour resumes */
  script(path: string, answers: ScriptedAnswer[]): void;
  /** always answer `path` like this (a webhook that is broken until `repair`) */
  breakPath(path: string, answer: ScriptedAnswer): void;
  repair(path: string): void;
  delayMs: number;
  stop(): Promise<void>;
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function slackAnswer(body: unknown): ScriptedAnswer {
  if (!isObject(body) || typeof body.text !== "string" || body.text.trim() === "") return { status: 400, body: "no_text" };
  if (body.blocks !== undefined && !(Array.isArray(body.blocks) && body.blocks.every((block) => isObject(block) && typeof block.type === "string"))) {
    return { status: 400, body: "invalid_blocks" };
  }
  return { status: 200, body: "ok" };
}

function teamsAnswer(body: unknown): ScriptedAnswer {
  const attachment = isObject(body) && Array.isArray(body.attachments) ? body.attachments[0] : undefined;
  const card = isObject(attachment) ? attachment.content : undefined;
  const valid =
    isObject(body) &&
    body.type === "message" &&
    isObject(attachment) &&
    attachment.contentType === "application/vnd.microsoft.card.adaptive" &&
    isObject(card) &&
    card.type === "AdaptiveCard" &&
    Array.isArray(card.body);
  return valid
    ? { status: 202, body: "" }
    : { status: 400, body: '{"error":{"code":"InvalidRequestContent","message":"The input body for trigger is not valid."}}' };
}

export async function startWebhookServer(): Promise<TestWebhookServer> {
  const scripts = new Map<string, ScriptedAnswer[]>();
  const broken = new Map<string, ScriptedAnswer>();
  const received: ReceivedPost[] = [];
  const state = { delayMs: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        body = null;
      }
      const answer: ScriptedAnswer =
        request.method !== "POST"
          ? { status: 405, body: "" }
          : (scripts.get(path)?.shift() ?? broken.get(path) ?? (path.startsWith("/teams/") ? teamsAnswer(body) : slackAnswer(body)));
      received.push({ path, body, contentType: request.headers["content-type"], answeredWith: answer.status });
      setTimeout(() => {
        response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
        response.end(answer.body ?? "");
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    accepted: (path) => received.filter((post) => post.path === path && post.answeredWith < 300).map((post) => post.body),
    script: (path, answers) => scripts.set(path, [...(scripts.get(path) ?? []), ...answers]),
    breakPath: (path, answer) => broken.set(path, answer),
    repair: (path) => broken.delete(path),
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
