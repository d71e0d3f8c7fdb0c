import { describe, expect, it } from "vitest";
import { cleanContentType, cleanFilename } from "@/lib/attachments/schema";
import { formatBytes } from "@/lib/attachments/size";

describe("cleanFilename", () => {
  it("keeps only the last path segment without control characters", () => {
    expect(cleanFilename("../../etc/passwd")).toBe("passwd");
    expect(cleanFilename("C:\\Users\\sam\\pool graph.png")).toBe("pool graph.png");
    expect(cleanFilename("bad\u0000\nname.log")).toBe("badname.log");
    expect(cleanFilename("  spaced   out .txt ")).toBe("spaced out .txt");
  });

  it("names a file that has no usable name, and shortens long names keeping the extension", () => {
    expect(cleanFilename("")).toBe("attachment");
    expect(cleanFilename("..")).toBe("attachment");
    expect(cleanFilename("dir/")).toBe("attachment");
    const long = cleanFilename(`${"a".repeat(300)}.csv`);
    expect(long).toHaveLength(255);
    expect(long.endsWith(".csv")).toBe(true);
  });
});

describe("cleanContentType", () => {
  it("keeps a plain media type and stores anything else as application/octet-stream", () => {
    expect(cleanContentType("image/PNG")).toBe("image/png");
    expect(cleanContentType("text/plain; charset=utf-8")).toBe("text/plain");
    expect(cleanContentType("image/svg+xml")).toBe("image/svg+xml");
    expect(cleanContentType("")).toBe("application/octet-stream");
    expect(cleanContentType(null)).toBe("application/octet-stream");
    expect(cleanContentType("text/html\r\nSet-Cookie: x=1")).toBe("application/octet-stream");
    expect(cleanContentType("nonsense")).toBe("application/octet-stream");
  });
});

describe("formatBytes", () => {
  it("shows bytes, KB, MB and GB in binary multiples", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25 MB");
    expect(formatBytes(20_971_521)).toBe("20 MB");
    expect(formatBytes(150 * 1024 * 1024)).toBe("150 MB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3 GB");
  });
});
