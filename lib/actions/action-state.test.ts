import { redirect } from "next/navigation";
import { describe, expect, it } from "vitest";
import { ConflictError, InvalidInputError } from "@/lib/errors";
import { formDataToObject, toActionState } from "@/lib/actions/action-state";

describe("toActionState", () => {
  it("turns success into { ok: true } with an optional message and data", async () => {
    expect(await toActionState(async () => 42, { message: (n) => `Made ${n}` })).toEqual({ ok: true, message: "Made 42" });
    expect(await toActionState(async () => ({ id: "x" }), { includeData: true })).toEqual({ ok: true, message: undefined, data: { id: "x" } });
  });

  it("turns invalid input into per-field messages", async () => {
    const state = await toActionState(
      async () => {
        throw new InvalidInputError("bad", [
          { path: "email", message: "Enter a valid email address." },
          { path: "email", message: "second message is dropped" },
          { path: "profile.name", message: "Too short" },
        ]);
      },
      { values: { email: "x" } },
    );
    expect(state).toEqual({
      ok: false,
      message: "Check the highlighted fields.",
      fieldErrors: { email: "Enter a valid email address.", "profile.name": "Too short" },
      values: { email: "x" },
      code: "invalid_input",
    });
  });

  it("shows a domain error's message and hides unexpected errors", async () => {
    expect(await toActionState(async () => Promise.reject(new ConflictError("Someone else edited this.")))).toEqual({
      ok: false,
      message: "Someone else edited this.",
      fieldErrors: {},
      code: "conflict",
    });
    const error = console.error;
    console.error = () => {};
    try {
      const state = await toActionState(async () => Promise.reject(new Error("secret stack detail")));
      expect(state).toMatchObject({ ok: false, fieldErrors: {} });
      expect(JSON.stringify(state)).not.toContain("secret stack detail");
    } finally {
      console.error = error;
    }
  });

  it("lets Next's redirect through", async () => {
    await expect(toActionState(async () => redirect("/incidents"))).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
  });
});

describe("formDataToObject", () => {
  it("keeps single values, collects repeated names and drops Next's action fields", () => {
    const form = new FormData();
    form.append("email", "a@example.com");
    form.append("services", "api");
    form.append("services", "db");
    form.append("$ACTION_ID_abc", "");
    expect(formDataToObject(form)).toEqual({ email: "a@example.com", services: ["api", "db"] });
  });
});
