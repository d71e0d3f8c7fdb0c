import { afterEach, describe, expect, it } from "vitest";
import { PayloadTooLargeError } from "@/lib/errors";
import { contentDisposition, decodeText, IncompleteBodyError, publicOrigin, readBodyWithLimit, requireMediaType, UnsupportedMediaTypeError } from "./http";

const tooLarge = (bytes: number | null) => new PayloadTooLargeError(`too large: ${bytes}`);

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  return new Request("http://127.0.0.1:3000/api/v1/x", { method: "POST", body, headers });
}

describe("readBodyWithLimit", () => {
  it("reads a body up to the limit", async () => {
    expect(Array.from(await readBodyWithLimit(post("abc"), 3, tooLarge))).toEqual([97, 98, 99]);
    expect((await readBodyWithLimit(post(null), 3, tooLarge)).byteLength).toBe(0);
  });

  it("refuses by Content-Length before reading, and while streaming when none is sent", async () => {
    await expect(readBodyWithLimit(post("abcd", { "content-length": "4" }), 3, tooLarge)).rejects.toThrow("too large: 4");
    await expect(readBodyWithLimit(post("abcd"), 3, tooLarge)).rejects.toThrow("too large: null");
  });

  it("refuses a body shorter than its Content-Length: it was cut off on the way", async () => {
    const error = await readBodyWithLimit(post("abc", { "content-length": "10" }), 100, tooLarge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteBodyError);
    expect((error as Error).message).toBe("Only 3 of the 10 bytes sent arrived: the upload was cut off. Nothing was stored.");
  });
});

describe("requireMediaType and decodeText", () => {
  it("accepts the listed types with parameters and refuses others as 415", () => {
    expect(requireMediaType(post("x", { "content-type": "Text/Markdown; charset=UTF-8" }), ["text/markdown"])).toBe("text/markdown");
    expect(() => requireMediaType(post("x", { "content-type": "application/json" }), ["text/plain"])).toThrow(UnsupportedMediaTypeError);
  });

  it("decodes UTF-8 and other named charsets, refusing bytes that are not text", () => {
    expect(decodeText(new TextEncoder().encode("Zürich"), null)).toBe("Zürich");
    expect(decodeText(new Uint8Array([0x5a, 0xfc]), "iso-8859-1")).toBe("Zü");
    expect(() => decodeText(new Uint8Array([0xff]), "utf-8")).toThrow("not valid UTF-8");
    expect(() => decodeText(new Uint8Array([0x41]), "klingon")).toThrow(UnsupportedMediaTypeError);
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII fallback and the exact UTF-8 name, never a quote or line break in the header", () => {
    expect(contentDisposition("INC-2024-1127-001.md")).toBe(`attachment; filename="INC-2024-1127-001.md"; filename*=UTF-8''INC-2024-1127-001.md`);
    expect(contentDisposition('Grafik "Pool" ü.png')).toBe(`attachment; filename="Grafik _Pool_ _.png"; filename*=UTF-8''Grafik%20%22Pool%22%20%C3%BC.png`);
    expect(contentDisposition("a\r\nb")).not.toMatch(/[\r\n]/);
  });
});

describe("publicOrigin", () => {
  const saved = { AUTH_URL: process.env.AUTH_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("prefers AUTH_URL, then the forwarded host, then the Host header", () => {
    delete process.env.AUTH_URL;
    delete process.env.NEXTAUTH_URL;
    const request = (headers: Record<string, string>) => new Request("http://localhost:3000/api/v1/x", { headers });
    expect(publicOrigin(request({}))).toBe("http://localhost:3000");
    expect(publicOrigin(request({ host: "hindsight.internal:8080" }))).toBe("http://hindsight.internal:8080");
    expect(publicOrigin(request({ "x-forwarded-host": "hindsight.example.com", "x-forwarded-proto": "https" }))).toBe("https://hindsight.example.com");
    process.env.AUTH_URL = "https://postmortems.example.com/";
    expect(publicOrigin(request({ host: "evil.example" }))).toBe("https://postmortems.example.com");
  });
});
