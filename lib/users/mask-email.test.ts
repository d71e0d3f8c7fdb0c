import { describe, expect, it } from "vitest";
import { maskEmail } from "@/lib/users/mask-email";

describe("maskEmail", () => {
  it("keeps the first and last character of the name and the whole domain", () => {
    expect(maskEmail("olga.owner@example.com")).toBe("o••••••••r@example.com");
    expect(maskEmail("abc@example.test")).toBe("a•c@example.test");
  });

  it("hides short names but the first character, and never prints a long one in full", () => {
    expect(maskEmail("ab@example.test")).toBe("a•@example.test");
    expect(maskEmail("a@example.test")).toBe("a•@example.test");
    expect(maskEmail(`${"x".repeat(40)}y@example.test`)).toBe("x••••••••y@example.test");
  });

  it("says nothing about something that is not an address", () => {
    expect(maskEmail("not-an-address")).toBe("•••");
  });
});
