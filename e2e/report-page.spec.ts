// Journey: the report page shows what was written. The reference report is imported and every sentence of it is
// found on the page (derived from the file, so nothing is skipped); action items show owner, due date, status and
// tracker link; an empty section says so; the title is above the fold on a signed-off report; a phone does not scroll
// sideways; and the printed PDF carries a running header with the id and title, and page numbers.
import { readFile } from "node:fs/promises";
import { inflateSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { apiGet, apiSend, importOwnReport } from "./app-api";
import { demo, newPageSignedInAs } from "./helpers";
import type { ReportDocument } from "../lib/incidents/schema";

const SAMPLE_PATH = "prisma/seed-data/inc-2024-1127-001.txt";

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

/** `text` is on the page, or else every one of `orShownAs`; and every one of `alsoShown` is on the page too. */
type Written = { line: number; text: string; orShownAs?: string[]; alsoShown?: string[] };

/**
 * What the author wrote, line by line, as it must appear on the page: headings and underlines are the page's own
 * structure and are left out; list markers, checkboxes and a timeline entry's time are taken off; a paragraph is
 * split into its sentences; a header field is looked for whole, and its value alone when the page labels it itself.
 * Values the page shows typed rather than as text (a duration, a date) say how they are shown.
 */
function writtenSentences(sample: string): Written[] {
  const found: Written[] = [];
  sample.split("\n").forEach((raw, index) => {
    const line = normalise(raw);
    if (!line || /^[=-]{3,}$/.test(line) || /:$/.test(line)) return;
    const title = /^INCIDENT REPORT - (.+)$/.exec(line);
    if (title) return found.push({ line: index + 1, text: title[1] });
    const timeline = /^\d{1,2}:\d{2}(?: UTC)? - (.+)$/.exec(line);
    if (timeline) return found.push({ line: index + 1, text: timeline[1] });
    const item = /^(?:[-*]|\d+\.)\s+(?:\[[ x]\]\s+)?(.+)$/.exec(line);
    if (item) {
      const due = /^(.*?)\s*\(Due: ([A-Z][a-z]{2}) (\d{1,2})\)$/.exec(item[1]);
      // the due day as the page writes it ("01 Dec"; the year is the incident's, which an imported copy takes from today)
      if (due) return found.push({ line: index + 1, text: due[1], alsoShown: [`${due[3].padStart(2, "0")} ${due[2]}`] });
      return found.push({ line: index + 1, text: item[1] });
    }
    const field = /^([A-Z][A-Za-z ]{1,30}): (.+)$/.exec(line);
    if (field) {
      const [, key, value] = field;
      if (key === "Duration") {
        const [, length, from, to] = /^(.+?) \((\d\d:\d\d) - (\d\d:\d\d) UTC\)$/.exec(value)!;
        return found.push({ line: index + 1, text: line, orShownAs: [length, from, to] });
      }
      const date = /^([A-Z][a-z]+) (\d{1,2}), (\d{4})$/.exec(value);
      if (date) return found.push({ line: index + 1, text: line, orShownAs: [`${date[2].padStart(2, "0")} ${date[1].slice(0, 3)} ${date[3]}`] });
      return found.push({ line: index + 1, text: line, orShownAs: [value] });
    }
    for (const sentence of line.split(/(?<=\.)\s+(?=[A-Z])/)) found.push({ line: index + 1, text: sentence });
  });
  return found;
}

async function importSample(page: Page, prefix: string) {
  const imported = await importOwnReport(page, prefix);
  return { ...imported, path: `/incidents/${encodeURIComponent(imported.publicId)}` };
}

test("every sentence of the imported reference report is on the report page, impact lines beside their typed values", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "SRE");
  const { path } = await importSample(page, "WRITTEN");
  await page.goto(path);
  const shown = normalise(await page.locator("main").innerText());
  const sentences = writtenSentences(await readFile(SAMPLE_PATH, "utf8"));
  expect(sentences.length).toBeGreaterThan(60);
  const isShown = (form: string) => shown.includes(form);
  const missing = sentences.filter(
    ({ text, orShownAs, alsoShown = [] }) => !((isShown(text) || (orShownAs !== undefined && orShownAs.every(isShown))) && alsoShown.every(isShown)),
  );
  expect(missing.map(({ line, text }) => `line ${line}: ${text}`)).toEqual([]);

  // the author's sentence and the typed value side by side; a configuration note in the author's words
  const impact = page.getByTestId("impact-metric");
  await expect(impact.filter({ hasText: "Primary API services experienced 23% error rate during peak impact" }).getByTestId("typed-value")).toHaveText(
    "Error rate · at peak 23%",
  );
  await expect(impact.filter({ hasText: "User-facing features showed significant latency" }).getByTestId("typed-value")).toHaveText(
    "p95 latency · 2.3 s · baseline 180 ms",
  );
  await expect(page.getByTestId("configuration")).toContainText("Connection timeout: 30s (restored from 300s)");
  await expect(page.getByTestId("configuration")).not.toContainText("was 300s");
});

test("action items show owner, due date, status and tracker link; an empty section says it is not filled in", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "SRE");
  const { publicId, path } = await importSample(page, "OWNERS");
  const me = await apiGet<{ id: string; name: string }>(page, "/api/v1/me");
  const report = await apiGet<ReportDocument>(page, `/api/v1/incidents/${encodeURIComponent(publicId)}`);
  const first = report.actionItems[0];
  const { version } = await apiGet<{ version: number }>(page, `/api/v1/action-items/${first.id}`);
  await apiSend(page, "PATCH", `/api/v1/action-items/${first.id}`, {
    version,
    ownerId: me.id,
    status: "IN_PROGRESS",
    trackerUrl: "https://jira.example.com/browse/OPS-42",
  });

  await page.goto(path);
  const items = page.getByTestId("action-item");
  await expect(items).toHaveCount(5);
  const owned = items.filter({ hasText: first.title });
  await expect(owned.getByTestId("action-item-owner")).toHaveText(me.name);
  await expect(owned.getByTestId("action-item-due")).toContainText("01 Dec");
  await expect(owned.getByTestId("action-item-status")).toContainText("In progress");
  await expect(owned.getByTestId("action-item-tracker").getByRole("link")).toHaveAttribute("href", "https://jira.example.com/browse/OPS-42");
  const other = items.filter({ hasText: "Update incident response documentation" });
  await expect(other.getByTestId("action-item-owner")).toHaveText("Nobody yet");
  await expect(other.getByTestId("action-item-due")).toContainText("30 Nov");
  await expect(other.getByTestId("action-item-status")).toContainText("Open");

  // the reference report has no summary: the section is there and says so
  await expect(page.getByTestId("section-summary")).toContainText("Not filled in yet.");
});

test("on a signed-off report the title comes first, above the fold at 1440x900", async ({ browser }) => {
  const author = await newPageSignedInAs(browser, "SRE");
  const { publicId, path } = await importSample(author, "FOLD");
  const id = encodeURIComponent(publicId);
  await apiSend(author, "POST", `/api/v1/incidents/${id}/submit`, { reviewers: [demo("MANAGER").email] });
  const manager = await newPageSignedInAs(browser, "MANAGER");
  await apiSend(manager, "POST", `/api/v1/incidents/${id}/approve`, { comment: "Clear and complete." });

  await manager.setViewportSize({ width: 1440, height: 900 });
  await manager.goto(path);
  await expect(manager.getByTestId("report-state")).toHaveText("Approved");
  const title = manager.getByRole("heading", { level: 1 });
  await expect(title).toHaveText("Production Database Connection Pool Exhaustion");
  const box = (await title.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(900);
  // the header before the sign-off and review, in reading order too
  const order = await manager.evaluate(() => {
    const header = document.querySelector('[data-testid="report-header"]')!;
    const review = document.querySelector('[data-testid="review-block"]')!;
    return header.compareDocumentPosition(review) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
});

test("at 390x844 the report page does not scroll sideways, and the timeline stacks", async ({ browser }) => {
  const setup = await newPageSignedInAs(browser, "SRE");
  const { path } = await importSample(setup, "PHONE");
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await setup.context().storageState() })).newPage();
  await page.goto(path);
  await expect(page.getByTestId("timeline")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // time above text: the entry's text starts below its time, not beside it
  const entry = page.getByTestId("timeline").getByRole("listitem").first();
  const time = (await entry.locator("time").boundingBox())!;
  const text = (await entry.getByTestId("timeline-text").boundingBox())!;
  expect(text.y).toBeGreaterThanOrEqual(time.y + time.height - 1);
});

test("the printed PDF has a running header with the id and title, and page numbers", async ({ browser }) => {
  const page = await newPageSignedInAs(browser, "SRE");
  const { publicId, path } = await importSample(page, "PDF");
  await page.goto(path);
  await expect(page.getByTestId("timeline")).toBeVisible();
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  const pages = pdfPageTexts(pdf).map(normalise);
  expect(pages.length).toBeGreaterThan(1);
  pages.forEach((text, index) => {
    expect(text, `page ${index + 1}`).toContain(`${publicId} · Production Database Connection Pool Exhaustion`);
    expect(text, `page ${index + 1}`).toContain(`Page ${index + 1} of ${pages.length}`);
  });
  // and the report itself is in it: the author's words, not a rewrite
  const all = normalise(pages.join(" "));
  expect(all).toContain("Connection timeout: 30s (restored from 300s)");
  expect(all).toContain("Primary API services experienced 23% error rate during peak impact");
});

// ---------------------------------------------------------------------------------------------------------------
// A small reader of the PDFs Chromium writes (Skia): each page's content stream, its text operators decoded through
// the fonts' ToUnicode maps. Enough to read back what was printed; not a general PDF parser.

type PdfObject = { dict: string; stream: Buffer | null };

function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const source = pdf.toString("latin1");
  const pattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (const match of source.matchAll(pattern)) {
    const body = match[2];
    const streamAt = body.indexOf("stream");
    if (streamAt === -1) {
      objects.set(Number(match[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const start = match.index! + match[0].indexOf(body) + streamAt + "stream".length + (body[streamAt + 6] === "\r" ? 2 : 1);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const raw = pdf.subarray(start, start + length);
    objects.set(Number(match[1]), { dict, stream: /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw });
  }
  return objects;
}

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const pair of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(pair[1], 16), hex(pair[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const range of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const [from, to, base] = [parseInt(range[1], 16), parseInt(range[2], 16), parseInt(range[3], 16)];
      for (let code = from; code <= to; code++) map.set(code, String.fromCodePoint(base + code - from));
    }
  }
  return map;
}

function pdfPageTexts(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const ref = (text: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(text)?.[1]);
  const fontMaps = new Map<number, Map<number, string>>();
  const fontMap = (id: number) => {
    if (!fontMaps.has(id)) {
      const cmap = objects.get(ref(objects.get(id)?.dict ?? "", "ToUnicode"))?.stream?.toString("latin1") ?? "";
      fontMaps.set(id, toUnicodeMap(cmap));
    }
    return fontMaps.get(id)!;
  };
  const pages = [...objects.values()].filter((object) => /\/Type\s*\/Page\b/.test(object.dict));
  return pages.map((page) => {
    const fontsDict = /\/Font\s*<<([^>]*)>>/.exec(page.dict)?.[1] ?? objects.get(ref(page.dict, "Font"))?.dict ?? "";
    const fonts = new Map([...fontsDict.matchAll(/\/(\w+) (\d+) 0 R/g)].map((m) => [m[1], Number(m[2])]));
    const contentIds = /\/Contents\s*\[([^\]]*)\]/
      .exec(page.dict)?.[1]
      .match(/\d+(?= 0 R)/g)
      ?.map(Number) ?? [ref(page.dict, "Contents")];
    const content = contentIds.map((id) => objects.get(id)?.stream?.toString("latin1") ?? "").join("\n");
    let current = new Map<number, string>();
    let text = "";
    for (const op of content.matchAll(/\/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)> ?Tj|\[([^\]]*)\] ?TJ|\bET\b/g)) {
      if (op[1]) current = fontMap(fonts.get(op[1]) ?? -1);
      const decode = (hex: string) => (hex.match(/.{4}/g) ?? []).map((code) => current.get(parseInt(code, 16)) ?? "").join("");
      if (op[2] !== undefined) text += decode(op[2]);
      if (op[3] !== undefined) {
        for (const part of op[3].matchAll(/<([0-9A-Fa-f]*)>|(-?[\d.]+)/g)) {
          if (part[1] !== undefined) text += decode(part[1]);
          else if (Number(part[2]) < -200) text += " ";
        }
      }
      if (op[0] === "ET") text += "\n";
    }
    return text;
  });
}
