// Rendered to static markup exactly as the server sends it: what reaches the browser is what is checked.
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { Markdown, safeUrl } from "@/components/markdown";
import { XSS_PAYLOADS as PAYLOADS } from "@/test/helpers/xss-payloads";

const render = (source: string) => renderToStaticMarkup(createElement(Markdown, null, source));

/** Every opening tag in the markup with its attributes. */
function tags(html: string): { name: string; attributes: Record<string, string> }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map(([, name, rest]) => ({
    name: name.toLowerCase(),
    attributes: Object.fromEntries([...rest.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map(([, key, value]) => [key.toLowerCase(), value ?? ""])),
  }));
}

function decode(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_m, dec) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, "&")
    .replace(/&colon;/gi, ":")
    .replace(/[\s\u0000-\u001f]/g, "");
}

function assertSafe(html: string) {
  for (const tag of tags(html)) {
    expect(["script", "iframe", "object", "embed", "svg", "math", "style", "form", "details", "body", "img", "base", "meta", "link"]).not.toContain(tag.name);
    for (const [attribute, value] of Object.entries(tag.attributes)) {
      expect(attribute, `${attribute} on <${tag.name}>`).not.toMatch(/^on/);
      expect(attribute).not.toBe("style");
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(attribute)) {
        expect(decode(value).toLowerCase(), `${attribute} of <${tag.name}>`).not.toMatch(/^(javascript|data|vbscript):/);
        if (value) expect(decode(value)).toMatch(/^(https?:|mailto:|[/#?.]|[^:]*$)/i);
      }
    }
  }
}

describe("Markdown", () => {
  it.each(PAYLOADS)("lets no script, handler or dangerous URL through: %s", (payload) => {
    const html = render(`Before\n\n${payload}\n\nAfter *inline ${payload}*`);
    assertSafe(html);
    expect(html).toContain("Before");
    expect(html).toContain("After");
  });

  it("shows raw HTML as the text it is", () => {
    const html = render("Payload was <img src=x onerror=alert(1)> in the title");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(tags(html).map((tag) => tag.name)).toEqual(["div", "p"]);
  });

  it("renders links with rel noopener noreferrer nofollow and keeps safe ones", () => {
    const html = render(
      "[docs](https://example.com/runbook) and [mail](mailto:sre@example.com) and [rel](/incidents/INC-1) and <https://grafana.example.com/d/1>",
    );
    const links = tags(html).filter((tag) => tag.name === "a");
    expect(links.map((link) => link.attributes.href)).toEqual([
      "https://example.com/runbook",
      "mailto:sre@example.com",
      "/incidents/INC-1",
      "https://grafana.example.com/d/1",
    ]);
    for (const link of links) expect(link.attributes.rel).toBe("noopener noreferrer nofollow");
  });

  it("drops the target of an unsafe link but keeps its text", () => {
    const html = render("[click me](javascript:alert(1))");
    expect(html).toContain("click me");
    expect(html).not.toMatch(/href=/);
  });

  it("shows images as links instead of loading them", () => {
    const html = render("![p95 latency](https://grafana.example.com/render/p95.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain('href="https://grafana.example.com/render/p95.png"');
    expect(html).toContain("Image: p95 latency");
  });

  it("still renders ordinary Markdown: headings, lists, emphasis, code, tables, task lists", () => {
    const html = render(
      [
        "## Root cause",
        "",
        "The pool **leaked** connections after `v2.4.1`.",
        "",
        "1. first",
        "2. second",
        "",
        "- bullet",
        "- [x] done task",
        "",
        "```sql",
        "SELECT count(*) FROM pg_stat_activity;",
        "```",
        "",
        "| Metric | Value |",
        "| --- | --- |",
        "| p95 | 2.3 s |",
        "",
        "> quoted",
      ].join("\n"),
    );
    for (const fragment of [
      "<h2>Root cause</h2>",
      "<strong>leaked</strong>",
      "<code>v2.4.1</code>",
      "<ol>",
      "<li>first</li>",
      "<ul",
      "<pre><code",
      "SELECT count(*) FROM pg_stat_activity;",
      "<table>",
      "<th>Metric</th>",
      "<td>2.3 s</td>",
      "<blockquote>",
      'type="checkbox"',
    ]) {
      expect(html).toContain(fragment);
    }
    assertSafe(html);
  });

  it("parses a text once however often it is shown, and shows an edited text as edited", () => {
    const source = `Shown **once** ${Math.random()}`;
    const parsed = (text: string) => (Markdown({ children: text }) as ReactElement<{ children: ReactElement }>).props.children;
    const first = parsed(source);
    // the same rendering, not a new parse of the same text
    expect(parsed(source)).toBe(first);
    expect(render(source)).toBe(renderToStaticMarkup(createElement(Markdown, null, source)));
    const edited = render(source.replace("once", "twice"));
    expect(edited).toContain("<strong>twice</strong>");
    expect(edited).not.toContain("once");
    expect(parsed(source.replace("once", "twice"))).not.toBe(first);
  });

  it("keeps nothing in the browser, where the editor's preview shows each edit once", () => {
    vi.stubGlobal("window", {});
    try {
      const source = `Previewed **once** ${Math.random()}`;
      const parsed = () => (Markdown({ children: source }) as ReactElement<{ children: ReactElement }>).props.children;
      expect(parsed()).not.toBe(parsed());
      expect(renderToStaticMarkup(parsed())).toContain("<strong>once</strong>");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("renders nothing for an empty section", () => {
    expect(render("")).toBe("");
  });
});

describe("safeUrl", () => {
  it.each([
    ["https://example.com/a?b=c#d", true],
    ["http://example.com", true],
    ["mailto:sre@example.com", true],
    ["/incidents/INC-1", true],
    ["#timeline", true],
    ["runbook.md", true],
    ["javascript:alert(1)", false],
    [" JavaScript:alert(1)", false],
    ["java\nscript:alert(1)", false],
    ["data:text/html,<script>alert(1)</script>", false],
    ["vbscript:msgbox(1)", false],
    ["file:///etc/passwd", false],
  ])("%s is kept: %s", (url, kept) => {
    expect(safeUrl(url) !== "").toBe(kept);
  });
});
