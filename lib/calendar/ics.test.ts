import { describe, expect, it } from "vitest";
import { escapeText, foldLine, serializeCalendar, type IcsCalendar } from "@/lib/calendar/ics";

// A tiny RFC 5545 reader, enough to read our own output back: unfold, split content lines, unescape TEXT.
type Property = { name: string; params: Record<string, string>; value: string };
type Component = { type: string; properties: Property[]; children: Component[] };

function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, "").split("\r\n");
}

function parseLine(line: string): Property {
  const colon = line.indexOf(":");
  const [name, ...params] = line.slice(0, colon).split(";");
  return { name: name!, params: Object.fromEntries(params.map((param) => param.split("=") as [string, string])), value: line.slice(colon + 1) };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_match, character: string) => (character === "n" || character === "N" ? "\n" : character));
}

function parseIcs(text: string): Component {
  const stack: Component[] = [{ type: "ROOT", properties: [], children: [] }];
  const lines = unfold(text);
  expect(lines.at(-1)).toBe(""); // the last line ends with CRLF too
  for (const line of lines.slice(0, -1)) {
    const property = parseLine(line);
    if (property.name === "BEGIN") {
      const component = { type: property.value, properties: [], children: [] };
      stack.at(-1)!.children.push(component);
      stack.push(component);
    } else if (property.name === "END") {
      expect(stack.pop()!.type).toBe(property.value);
    } else {
      stack.at(-1)!.properties.push(property);
    }
  }
  expect(stack).toHaveLength(1);
  return stack[0]!.children[0]!;
}

const prop = (component: Component, name: string) => component.properties.find((property) => property.name === name);
const text = (component: Component, name: string) => {
  const found = prop(component, name);
  return found ? unescapeText(found.value) : undefined;
};

const longTitle = `Überprüfen: connection-pool alerts, runbooks; and the "slow query" dashboard — ${"ñ".repeat(40)} 🚨🚨🚨 done`;

const calendar: IcsCalendar = {
  name: "Hindsight, Sam; on-call",
  description: "Action items and reviews",
  stamp: new Date("2025-01-10T12:00:00Z"),
  refreshInterval: "PT1H",
  events: [
    {
      uid: "action-item-abc@hindsight",
      summary: longTitle,
      description: "Line one, with comma; semicolon\\backslash\nLine two\r\nLine three",
      url: "https://hindsight.example.com/incidents/INC-2024-1127-001",
      start: { date: "2024-12-01" },
      end: { date: "2024-12-02" },
      transparent: true,
      sequence: 3,
      lastModified: new Date("2024-11-28T09:15:00Z"),
      categories: ["Action item", "High, urgent"],
    },
    {
      uid: "follow-up-review-xyz@hindsight",
      summary: "Follow-up review: INC-2024-1127-001",
      start: { dateTime: new Date("2024-12-15T15:00:00Z") },
      end: { dateTime: new Date("2024-12-15T16:00:00Z") },
      status: "CONFIRMED",
    },
  ],
};

describe("serializeCalendar", () => {
  const output = serializeCalendar(calendar);

  it("writes CRLF line ends and folds every line at 75 octets without splitting a character", () => {
    expect(output.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const physical = output.split("\r\n").slice(0, -1);
    for (const line of physical) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    // the long summary really was folded, and every piece is valid UTF-8 on its own
    expect(physical.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(2);
    for (const line of physical) expect(new TextDecoder("utf-8", { fatal: true }).decode(new TextEncoder().encode(line))).toBe(line);
  });

  it("reads back as one calendar with its name and the events as written", () => {
    const root = parseIcs(output);
    expect(root.type).toBe("VCALENDAR");
    expect(text(root, "VERSION")).toBe("2.0");
    expect(prop(root, "PRODID")).toBeDefined();
    expect(text(root, "X-WR-CALNAME")).toBe("Hindsight, Sam; on-call");
    expect(prop(root, "REFRESH-INTERVAL")).toEqual({ name: "REFRESH-INTERVAL", params: { VALUE: "DURATION" }, value: "PT1H" });

    const [item, review] = root.children;
    expect(root.children.map((child) => child.type)).toEqual(["VEVENT", "VEVENT"]);
    expect(text(item!, "UID")).toBe("action-item-abc@hindsight");
    expect(text(item!, "SUMMARY")).toBe(longTitle);
    expect(text(item!, "DESCRIPTION")).toBe("Line one, with comma; semicolon\\backslash\nLine two\nLine three");
    expect(prop(item!, "DTSTART")).toEqual({ name: "DTSTART", params: { VALUE: "DATE" }, value: "20241201" });
    expect(prop(item!, "DTEND")?.value).toBe("20241202");
    expect(prop(item!, "DTSTAMP")?.value).toBe("20250110T120000Z");
    expect(prop(item!, "TRANSP")?.value).toBe("TRANSPARENT");
    expect(prop(item!, "SEQUENCE")?.value).toBe("3");
    expect(prop(item!, "LAST-MODIFIED")?.value).toBe("20241128T091500Z");
    expect(prop(item!, "URL")?.value).toBe("https://hindsight.example.com/incidents/INC-2024-1127-001");
    expect(prop(item!, "CATEGORIES")?.value).toBe("Action item,High\\, urgent");

    expect(prop(review!, "DTSTART")).toEqual({ name: "DTSTART", params: {}, value: "20241215T150000Z" });
    expect(prop(review!, "DTEND")?.value).toBe("20241215T160000Z");
    expect(prop(review!, "DTSTAMP")?.value).toBe("20250110T120000Z");
    expect(text(review!, "STATUS")).toBe("CONFIRMED");
  });

  it("gives the same event the same UID in every feed", () => {
    const later = parseIcs(serializeCalendar({ ...calendar, stamp: new Date("2025-02-01T00:00:00Z") }));
    expect(later.children.map((event) => text(event, "UID"))).toEqual(parseIcs(output).children.map((event) => text(event, "UID")));
  });
});

describe("escaping and folding", () => {
  it("escapes backslash first, then semicolons, commas and newlines", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });

  it("leaves short lines alone and starts continuation lines with one space", () => {
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
    const folded = foldLine(`SUMMARY:${"x".repeat(200)}`);
    const lines = folded.split("\r\n");
    expect(lines[0]).toHaveLength(75);
    expect(lines.slice(1).every((line) => line.startsWith(" ") && line.length <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe(`SUMMARY:${"x".repeat(200)}`);
  });
});
