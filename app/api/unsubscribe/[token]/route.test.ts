// The unsubscribe link of a reminder mail, against the test database: the one-click POST a mail client sends
// (RFC 8058: no cookie, no Origin), the form of the public page, and the page itself.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactElement } from "react";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestUser } from "@/lib/users/test-fixtures";
import { unsubscribePostTarget } from "@/lib/auth/proxy-rules";
import { POST } from "@/app/api/unsubscribe/[token]/route";
import UnsubscribePage from "@/app/(auth)/unsubscribe/[token]/page";

const BASE = "http://127.0.0.1:3107";

async function personWithToken() {
  const user = await createTestUser({ email: `olga.owner.${crypto.randomUUID().slice(0, 8)}@example.test` });
  const { unsubscribeToken } = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { unsubscribeToken: true } });
  return { user, token: unsubscribeToken };
}

const mailSettings = (id: string) => getDb().user.findUniqueOrThrow({ where: { id }, select: { receiveReminders: true, receiveDigests: true } });

/** What Gmail and others send: a form body, and nothing that says who or where from. */
function oneClick(token: string, type: "multipart" | "urlencoded" = "urlencoded") {
  let body: BodyInit;
  if (type === "multipart") {
    body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
  } else body = new URLSearchParams({ "List-Unsubscribe": "One-Click" });
  const path = unsubscribePostTarget(`/unsubscribe/${token}`, "POST")!;
  return POST(new Request(`${BASE}${path}`, { method: "POST", headers: { host: "127.0.0.1:3107" }, body }), { params: Promise.resolve({ token }) });
}

async function renderPage(token: string): Promise<string> {
  return renderToStaticMarkup((await UnsubscribePage({ params: Promise.resolve({ token }) })) as ReactElement);
}

describe("POST /unsubscribe/{token} (one-click, RFC 8058)", () => {
  it("is a POST the proxy hands to the unsubscribe route; a GET stays the page", () => {
    expect(unsubscribePostTarget("/unsubscribe/abc-123", "POST")).toBe("/api/unsubscribe/abc-123");
    expect(unsubscribePostTarget("/unsubscribe/abc-123", "GET")).toBeNull();
    expect(unsubscribePostTarget("/unsubscribe/abc/def", "POST")).toBeNull();
    expect(unsubscribePostTarget("/incidents/abc", "POST")).toBeNull();
  });

  it("turns off reminders and digests without cookie or Origin, answering 200 with a sentence", async () => {
    const { user, token } = await personWithToken();
    const response = await oneClick(token);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Hindsight sends no more reminder or digest mail");
    expect(await mailSettings(user.id)).toEqual({ receiveReminders: false, receiveDigests: false });
  });

  it("accepts the multipart body RFC 8058 recommends", async () => {
    const { user, token } = await personWithToken();
    expect((await oneClick(token, "multipart")).status).toBe(200);
    expect(await mailSettings(user.id)).toEqual({ receiveReminders: false, receiveDigests: false });
  });

  it("is harmless the second time: 200 again, nothing changes, one audit record", async () => {
    const { user, token } = await personWithToken();
    await oneClick(token);
    const second = await oneClick(token);
    expect(second.status).toBe(200);
    expect(await mailSettings(user.id)).toEqual({ receiveReminders: false, receiveDigests: false });
    expect(await getDb().auditEvent.count({ where: { entityId: user.id, action: "user.unsubscribe" } })).toBe(1);
  });

  it("answers a token that names no one with a 404 saying the link is not valid, changing no one", async () => {
    const { user } = await personWithToken();
    for (const token of ["00000000-0000-4000-8000-000000000000", "not%ZZa-token", "a%00b"]) {
      const response = await oneClick(token);
      expect(response.status, token).toBe(404);
      expect(await response.text()).toContain("This link is not valid");
    }
    expect(await mailSettings(user.id)).toEqual({ receiveReminders: true, receiveDigests: true });
  });

  it("sends the page's own form back to the page (303)", async () => {
    const { user, token } = await personWithToken();
    const form = new URLSearchParams({ from: "page" });
    const response = await POST(new Request(`${BASE}/api/unsubscribe/${token}`, { method: "POST", body: form }), { params: Promise.resolve({ token }) });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/unsubscribe/${token}`);
    expect(await mailSettings(user.id)).toEqual({ receiveReminders: false, receiveDigests: false });
  });
});

describe("GET /unsubscribe/{token} (the page)", () => {
  it("names whose mail it is, partly masked, with a button that posts to the page's own address", async () => {
    const { user, token } = await personWithToken();
    const html = await renderPage(token);
    const [local, domain] = user.email.split("@");
    expect(html).toContain(`${local![0]}••••••••${local!.at(-1)}@${domain}`);
    expect(html).not.toContain(user.email);
    expect(html).toContain("Stop reminder mail");
    expect(html).toContain(`<form action="/unsubscribe/${token}" method="post">`);
    expect(await mailSettings(user.id)).toEqual({ receiveReminders: true, receiveDigests: true }); // opening it changes nothing
  });

  it("says the mail is off once it is, with no button", async () => {
    const { token } = await personWithToken();
    await oneClick(token);
    const html = await renderPage(token);
    expect(html).toContain("Reminder mail is off");
    expect(html).not.toContain("Stop reminder mail");
  });

  it("is a 404 (the 'not valid' page) for a token that names no one", async () => {
    for (const token of ["00000000-0000-4000-8000-000000000000", "%E0%A4%A", "a%00b"]) {
      const error = await renderPage(token).catch((e: unknown) => e);
      expect((error as { digest?: string }).digest, token).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    }
  });
});
