import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackUrl } from "@/lib/auth/callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-origin relative paths with their query and hash", () => {
    expect(safeCallbackUrl("/incidents/INC-1?tab=timeline#t3")).toBe("/incidents/INC-1?tab=timeline#t3");
    expect(safeCallbackUrl("/admin/users")).toBe("/admin/users");
  });

  it("falls back to /incidents for anything that could leave the site", () => {
    for (const value of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "incidents",
      "/\tevil",
      "",
      null,
      undefined,
      42,
    ]) {
      expect(safeCallbackUrl(value)).toBe(DEFAULT_AFTER_SIGN_IN);
    }
  });

  it("does not send a freshly signed-in user back to the login page or auth endpoints", () => {
    expect(safeCallbackUrl("/login?callbackUrl=/x")).toBe("/incidents");
    expect(safeCallbackUrl("/api/auth/signout")).toBe("/incidents");
  });
});
