import { describe, expect, it } from "vitest";
import { convertOnServer, CONVERT_URL } from "@/components/incidents/import/convert-file";

const file = new File(["<h1>T</h1>"], "page.html", { type: "text/html" });

describe("convertOnServer", () => {
  it("posts the file to the API's conversion and answers the converted text", async () => {
    const calls: [string, RequestInit][] = [];
    const answer = { text: "# T\n", format: "html", fileName: "page.html", notes: [] };
    const result = await convertOnServer(file, async (url, init) => {
      calls.push([String(url), init!]);
      return new Response(JSON.stringify(answer), { status: 200 });
    });
    expect(result).toEqual({ ok: true, data: answer });
    expect(calls[0]![0]).toBe(CONVERT_URL);
    expect(calls[0]![1].method).toBe("POST");
    expect((calls[0]![1].body as FormData).get("file")).toBeInstanceOf(File);
  });

  it("gives the API's message when it refuses, a sentence for an ended session, and one when the server is unreachable", async () => {
    const refused = await convertOnServer(file, async () =>
      Response.json({ error: { message: '"page.pdf" is a PDF, which cannot be read as a report' } }, { status: 415 }),
    );
    expect(refused).toEqual({ ok: false, message: '"page.pdf" is a PDF, which cannot be read as a report' });
    expect(await convertOnServer(file, async () => new Response("", { status: 401 }))).toEqual({
      ok: false,
      message: "Your session has ended: sign in again, then open the file again.",
    });
    const offline = await convertOnServer(file, async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(offline.ok).toBe(false);
    expect(!offline.ok && offline.message).toMatch(/^page\.html could not be sent to be converted .*could not be reached/);
  });
});
