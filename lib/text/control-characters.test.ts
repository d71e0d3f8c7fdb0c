import { describe, expect, it } from "vitest";
import { z } from "zod";
import { controlCharacterProblem, escapeBidiControls, findUnstorableText } from "@/lib/text/control-characters";
import { oneLine } from "@/lib/text/schema";
import { cleanFilename, displayFilename } from "@/lib/attachments/schema";
import { contentDisposition } from "@/lib/api/http";

describe("control characters", () => {
  it("finds a NUL or a lone surrogate anywhere in a request body and says where, by field path and line", () => {
    const nul = "a NUL character (U+0000)";
    expect(findUnstorableText({ title: "ok", actionItems: [{ title: "a" }, { title: "b\u0000" }] })).toEqual({
      path: "actionItems.1.title",
      what: nul,
      position: "character 2",
    });
    expect(findUnstorableText({ text: "line one\nline two\nab\u0000c" })).toEqual({ path: "text", what: nul, position: "line 3, column 3" });
    expect(findUnstorableText({ ["key\u0000"]: 1 })).toEqual({ path: "key\u0000", what: nul, position: "the field name, character 4" });
    expect(findUnstorableText({ title: "x\ud800y" })).toEqual({ path: "title", what: "a lone surrogate (U+D800)", position: "character 2" });
    expect(findUnstorableText({ title: "\udc00" })?.what).toBe("a lone surrogate (U+DC00)");
    expect(findUnstorableText({ data: new Uint8Array([0, 0]), name: "fine\ttext\r\n 😀" })).toBeNull();
  });

  it("refuses control characters other than tab in one-line names, naming the code point and its place", () => {
    expect(controlCharacterProblem("Bell\u0007")).toBe("must not contain control characters (U+0007 at character 5)");
    expect(controlCharacterProblem("two\nlines")).toBe("must not contain control characters (U+000A at character 4)");
    expect(controlCharacterProblem("C1\u0085")).toBe("must not contain control characters (U+0085 at character 3)");
    expect(controlCharacterProblem("tab\tis fine")).toBeNull();
    expect(oneLine(z.string().trim()).safeParse("a\u0000b").error?.issues[0]?.message).toBe("must not contain control characters (U+0000 at character 2)");
  });

  it("shows bidirectional overrides in file names escaped, and keeps the real name for the download", () => {
    const name = "invoice\u202Efdp.exe";
    expect(displayFilename(name)).toBe("invoice\\u202Efdp.exe");
    expect(escapeBidiControls("a\u2066b\u2069c\u202Ad")).toBe("a\\u2066b\\u2069c\\u202Ad");
    expect(cleanFilename(name)).toBe(name);
    // the ASCII fallback replaces the override, filename* carries it percent-encoded
    expect(contentDisposition(name)).toBe(`attachment; filename="invoice_fdp.exe"; filename*=UTF-8''invoice%E2%80%AEfdp.exe`);
  });

  it("removes C0 and C1 control characters from stored file names", () => {
    expect(cleanFilename("re\u0000port\u0085.log")).toBe("report.log");
  });
});
