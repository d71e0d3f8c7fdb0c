import { describe, expect, it } from "vitest";
import { ForbiddenError, InvalidInputError, UnauthenticatedError } from "@/lib/errors";
import { apiHandler, readJsonBody } from "@/lib/api/handler";

const request = (body?: string, contentType = "application/json") =>
  new Request("http://localhost/api/v1/x", { method: "POST", body, headers: body === undefined ? {} : { "content-type": contentType } });

describe("apiHandler", () => {
  it("passes a successful response through", async () => {
    const handler = apiHandler(async () => Response.json({ ok: true }, { status: 201 }));
    const response = await handler(request(), {});
    expect(response.status).toBe(201);
  });

  it("maps domain errors to their status and { error: { code, message, issues } }", async () => {
    const invalid = apiHandler(async () => {
      throw new InvalidInputError("Invalid input: title: Required", [{ path: "title", message: "Required" }]);
    });
    const response = await invalid(request(), {});
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: { code: "invalid_input", message: "Invalid input: title: Required", issues: [{ path: "title", message: "Required" }] },
    });

    const unauthenticated = await apiHandler(async () => Promise.reject(new UnauthenticatedError()))(request(), {});
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("www-authenticate")).toContain("Bearer");
    expect((await apiHandler(async () => Promise.reject(new ForbiddenError()))(request(), {})).status).toBe(403);
  });

  it("answers 500 without a stack trace for anything unexpected", async () => {
    const error = console.error;
    console.error = () => {};
    try {
      const response = await apiHandler(async () => Promise.reject(new Error("db password is hunter2")))(request(), {});
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain("hunter2");
      expect(text).not.toContain("at ");
      expect(JSON.parse(text)).toMatchObject({ error: { code: "internal" } });
    } finally {
      console.error = error;
    }
  });
});

describe("readJsonBody", () => {
  it("parses JSON, treats an empty body as {} and refuses malformed JSON as invalid input", async () => {
    expect(await readJsonBody(request('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJsonBody(request())).toEqual({});
    await expect(readJsonBody(request("{nope"))).rejects.toBeInstanceOf(InvalidInputError);
  });

  it("refuses a JSON body sent as text/plain, a form or without a type (how forged cross-site requests arrive) with 415", async () => {
    for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const error = await readJsonBody(request('{"status":"DONE","version":1}', type)).catch((e: unknown) => e);
      expect(error, type).toMatchObject({ status: 415, code: "unsupported_media_type" });
      expect((error as Error).message).toContain("application/json");
    }
    expect(await readJsonBody(request('{"a":1}', "application/json; charset=utf-8"))).toEqual({ a: 1 });
    expect(await readJsonBody(request('{"a":1}', "application/merge-patch+json"))).toEqual({ a: 1 });
  });
});
