// Journey: an SRE imports an export from another day into the sample report and is told the dates do not match, on
// the import and on the chart (whose time axis then shows the day); a chart of the incident's day labels its timeline
// markers and titles its y axes with their units, and with two axes the legend says which series is read on which;
// the attachments and the metrics import share one drop zone that works from the keyboard; on a phone nothing of it
// scrolls sideways, and axe finds no serious or critical problem in either panel.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { demo, openDisclosure, signIn } from "./helpers";

const fixture = (name: string) => readFile(new URL(`../lib/metrics/fixtures/${name}`, import.meta.url));
const DAY_SHIFT_MS = Date.UTC(2024, 10, 27) - Date.UTC(2024, 2, 12);

/** The wide CSV export (recorded 12 Mar 2024) moved onto the incident's day, its columns renamed so its series differ. */
async function wideExportOnIncidentDay(): Promise<Buffer> {
  const [header, ...rows] = (await fixture("generic-wide-epoch-ms.csv")).toString("utf8").trim().split(/\r?\n/);
  const renamed = header!.replace("pool_usage_pct", "pool_in_use_pct").replace("p95_latency_ms", "latency_p95_ms").replace("error_rate_pct", "errors_5xx_pct");
  const moved = rows.map((row) => {
    const [time, ...values] = row.split(",");
    return [Number(time) + DAY_SHIFT_MS, ...values].join(",");
  });
  return Buffer.from([renamed, ...moved].join("\n"));
}

async function importExport(panel: Locator, name: string, buffer: Buffer) {
  await openDisclosure(panel, "Import a monitoring export");
  await panel.getByLabel("Monitoring export").setInputFiles({ name, mimeType: "text/csv", buffer });
  await panel.getByRole("button", { name: "Import" }).click();
  await expect(panel.getByTestId("metrics-import-summary")).toContainText(`from ${name}`);
}

async function createChart(panel: Locator, title: string, series: RegExp[]) {
  await panel.getByRole("button", { name: "New chart" }).click();
  await panel.getByLabel("Chart title").fill(title);
  for (const name of series) await panel.getByRole("checkbox", { name }).check();
  await panel.getByRole("button", { name: "Create chart" }).click();
  const chart = panel.getByTestId("metric-chart").filter({ has: panel.page().getByTestId("metric-chart-title").getByText(title, { exact: true }) });
  await expect(chart.locator(".recharts-line-curve")).toHaveCount(series.length);
  return chart;
}

/** Tab from the control just before the zone: the zone's file input takes the focus and the zone shows a ring. */
async function tabInto(page: Page, before: Locator, zone: Locator, inputId: string) {
  await before.focus();
  await expect.poll(() => zone.evaluate((element) => getComputedStyle(element).boxShadow)).toBe("none");
  await page.keyboard.press("Tab");
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(inputId);
  await expect.poll(() => zone.evaluate((element) => getComputedStyle(element).boxShadow)).not.toBe("none");
}

test("an export from another day is flagged, charts label their markers and axes, both drop zones work alike from the keyboard", async ({ page }) => {
  const sre = demo("SRE");
  await signIn(page, sre.email, sre.password);
  await page.goto("/incidents/INC-2024-1127-001");
  const panel = page.getByTestId("metrics-panel");

  // 1. An export from 12 March into the incident of 27 November: imported, and the answer says the dates differ.
  await importExport(panel, "march-wide.csv", await fixture("generic-wide-epoch-ms.csv"));
  await expect(panel.getByTestId("metrics-import-date-mismatch")).toContainText("This export covers 12 Mar 2024; the incident is on 27 Nov 2024.");

  const march = await createChart(panel, "March errors and latency", [/^error_rate/, /^p95_latency/]);
  await expect(march.getByTestId("metric-chart-date-mismatch")).toHaveText(
    "Not the incident’s day. This chart's data covers 12 Mar 2024; the incident is on 27 Nov 2024.",
  );
  // the time axis shows the day, not only the time
  await expect(march.locator(".metric-time-tick").first()).toContainText("12 Mar");
  // two y axes: each titled with its unit, and the legend says which series is read on which
  await expect(march.locator(".metric-axis-title")).toHaveText(["error_rate (%)", "p95_latency (ms)"]);
  await expect(march.locator(".recharts-legend-item-text")).toHaveText(["error_rate (left, %)", "p95_latency (right, ms)"]);
  await expect(march.getByRole("application", { name: "March errors and latency" })).toBeVisible();

  // 2. The same export on the incident's day: no flag, times only, markers with short labels and a tooltip.
  await importExport(panel, "incident-day-wide.csv", await wideExportOnIncidentDay());
  await expect(panel.getByTestId("metrics-import-date-mismatch")).toHaveCount(0);
  const day = await createChart(panel, "Pool in use on the day", [/^pool_in_use/]);
  await expect(day.getByTestId("metric-chart-date-mismatch")).toHaveCount(0);
  await expect(day.locator(".metric-time-tick").first()).toHaveText(/^\d\d:\d\d$/);
  await expect(day.locator(".metric-axis-title")).toHaveText(["pool_in_use (%)"]);
  await expect(day.locator(".recharts-legend-item-text")).toHaveText(["pool_in_use"]);

  const rollback = day.locator('[data-testid="timeline-marker"][data-time="2024-11-27T14:35:00.000Z"]');
  await expect(rollback.getByTestId("timeline-marker-label")).toHaveText("Rollback initiated…");
  await expect(rollback.getByTestId("timeline-marker-label")).toBeVisible();
  await rollback.getByTestId("timeline-marker-hit").hover();
  await expect(day.getByTestId("timeline-marker-text")).toHaveText("14:35 Rollback initiated for deployment v2.4.1");

  // 3. Both drop zones: the same look, reached with Tab (a visible ring), Enter opens the file chooser, a click too.
  const metricsZone = panel.getByTestId("metrics-drop-zone");
  const attachments = page.getByTestId("attachments-panel");
  const attachmentZone = attachments.getByTestId("attachment-drop-zone");
  await openDisclosure(attachments, "Add a file");
  expect(await metricsZone.getAttribute("class")).toBe(await attachmentZone.getAttribute("class"));

  await openDisclosure(panel, "Import a monitoring export");
  await tabInto(page, panel.locator("summary", { hasText: "Import a monitoring export" }), metricsZone, "metrics-file");
  let chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "picked.csv", mimeType: "text/csv", buffer: await fixture("generic-timestamp-value-iso8601.csv") });
  await expect(metricsZone).toContainText("picked.csv");
  await expect(panel.getByRole("button", { name: "Import" })).toBeEnabled();

  await tabInto(page, attachments.locator("summary", { hasText: "Add a file" }), attachmentZone, "attachment-file");
  chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("pool notes") });
  await expect(attachmentZone).toContainText("notes.txt");
  chooser = page.waitForEvent("filechooser");
  await attachmentZone.click();
  await (await chooser).setFiles({ name: "graph.txt", mimeType: "text/plain", buffer: Buffer.from("graph") });
  await expect(attachmentZone).toContainText("graph.txt");
  await attachments.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("attachment-row").filter({ hasText: "graph.txt" })).toHaveCount(1);

  // 4. On a phone: the charts shrink to the screen, the tables wrap, nothing of either panel scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(panel.getByTestId("metric-chart").first().locator(".recharts-line-curve").first()).toBeVisible();
  await panel.getByText(/^Imported series/).click();
  await expect(panel.getByTestId("metric-series-list")).toBeVisible();
  for (const section of [panel, attachments]) {
    const box = (await section.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await section.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
    for (const svg of await section.locator("svg.recharts-surface").all()) {
      const chartBox = (await svg.boundingBox())!;
      expect(chartBox.x + chartBox.width).toBeLessThanOrEqual(box.x + box.width);
    }
  }

  const results = await new AxeBuilder({ page })
    .include('[data-testid="metrics-panel"]')
    .include('[data-testid="attachments-panel"]')
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
});
