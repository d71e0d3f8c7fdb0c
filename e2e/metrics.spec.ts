// Journey: an SRE imports a monitoring export into the sample report, builds a chart from its series, and reads the
// chart against the incident: the incident window shaded, the timeline's events as markers with their text on hover.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demo, openDisclosure, signIn } from "./helpers";

/**
 * The sample exports were recorded on 12 March 2024; the sample incident happened on 27 November 2024 at the same
 * times of day. Moved by whole days onto the incident's day, the export and the report line up as they would for a
 * real incident (an export from another day is charted on its own, with a note that the window lies elsewhere).
 */
async function exportOnIncidentDay(): Promise<Buffer> {
  const document = JSON.parse(await readFile(new URL("../lib/metrics/fixtures/prometheus-query-range-matrix.json", import.meta.url), "utf8")) as {
    data: { result: { values: [number, string][] }[] };
  };
  const shift = (Date.UTC(2024, 10, 27) - Date.UTC(2024, 2, 12)) / 1000;
  for (const result of document.data.result) result.values = result.values.map(([time, value]) => [time + shift, value]);
  return Buffer.from(JSON.stringify(document));
}

test("an SRE imports a Prometheus export, charts it, and sees the incident window and the timeline on the chart", async ({ page }) => {
  const sre = demo("SRE");
  await signIn(page, sre.email, sre.password);
  await page.goto("/incidents/INC-2024-1127-001");

  const panel = page.getByTestId("metrics-panel");
  await openDisclosure(panel, "Import a monitoring export");
  await expect(panel.getByLabel("Time zone of local times in the file")).toHaveValue("UTC");
  await panel
    .getByLabel("Monitoring export")
    .setInputFiles({ name: "prometheus-query-range-matrix.json", mimeType: "application/json", buffer: await exportOnIncidentDay() });
  await panel.getByRole("button", { name: "Import" }).click();

  const progress = panel.getByTestId("metrics-upload-progress");
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuenow", "100");
  await expect(panel.getByTestId("metrics-import-summary")).toContainText(
    "Imported 1 series (71 points) from prometheus-query-range-matrix.json, read as Prometheus range query.",
  );
  // the original file is kept with the report's attachments
  await expect(page.getByTestId("attachment-row").filter({ hasText: "prometheus-query-range-matrix.json" })).toHaveCount(1);

  await panel.getByRole("button", { name: "New chart" }).click();
  await panel.getByLabel("Chart title").fill("Connection pool usage");
  await panel.getByRole("checkbox", { name: /orders-primary/ }).check();
  await panel.getByRole("button", { name: "Create chart" }).click();

  // other journeys may have added charts to the sample report: this one is found by its title
  const chart = panel.getByTestId("metric-chart").filter({ has: page.getByTestId("metric-chart-title").getByText("Connection pool usage", { exact: true }) });
  await expect(chart).toHaveCount(1);
  await expect(chart.locator(".recharts-line-curve")).toHaveCount(1);
  await expect(chart.getByTestId("incident-window")).toBeVisible();
  const shaded = await chart.getByTestId("incident-window").boundingBox();
  const canvas = await chart.getByTestId("metric-chart-canvas").boundingBox();
  // 14:23–15:10 of an axis running 13:50–15:10: the shading covers the right part of the plot, not all of it
  expect(shaded!.width).toBeGreaterThan(canvas!.width * 0.4);
  expect(shaded!.width).toBeLessThan(canvas!.width * 0.8);

  const markers = chart.getByTestId("timeline-marker");
  await expect(markers).toHaveCount(9);
  await expect(chart.getByTestId("timeline-marker-text")).toHaveCount(0);
  await chart.locator('[data-testid="timeline-marker"][data-time="2024-11-27T14:35:00.000Z"]').getByTestId("timeline-marker-hit").hover();
  await expect(chart.getByTestId("timeline-marker-text")).toHaveText("14:35 Rollback initiated for deployment v2.4.1");
  // the marker carries a short label of its event on the chart itself
  await expect(chart.locator('[data-testid="timeline-marker"][data-time="2024-11-27T14:35:00.000Z"]').getByTestId("timeline-marker-label")).toHaveText(
    "Rollback initiated…",
  );
});
