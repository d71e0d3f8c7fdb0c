import { describe, expect, it } from "vitest";
import { config } from "zod/v4/core";
import { z } from "zod";
import { turnOffZodCompilation } from "@/lib/security/zod-jitless";

describe("turnOffZodCompilation", () => {
  it("is what zod's own settings read: parsers stop compiling with new Function", () => {
    expect(config().jitless).not.toBe(true);
    turnOffZodCompilation();
    expect(config().jitless).toBe(true);
    expect(z.object({ id: z.string() }).parse({ id: "a", extra: 1 })).toEqual({ id: "a" });
  });

  it("creates the settings object when zod has not loaded yet (zod's core adopts an existing one)", () => {
    const scope: { __zod_globalConfig?: { jitless?: boolean } } = {};
    turnOffZodCompilation(scope);
    expect(scope.__zod_globalConfig).toEqual({ jitless: true });
  });
});
