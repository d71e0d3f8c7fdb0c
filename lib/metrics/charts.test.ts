import { describe, expect, it } from "vitest";
import {
  axisTitle,
  chartDomain,
  legendName,
  markersIn,
  nearestPoint,
  placeMarkerLabels,
  planAxes,
  planBaselines,
  seriesDisplayName,
  shortLabel,
} from "@/lib/metrics/charts";

const at = (iso: string) => Date.parse(iso);
const incident = { startedAt: "2024-11-27T14:23:00Z", endedAt: "2024-11-27T15:10:00Z" };

describe("chartDomain", () => {
  it("widens the axis to the whole incident window when the data lies around it, and shades the window", () => {
    const result = chartDomain([{ start: at("2024-11-27T13:50:00Z"), end: at("2024-11-27T15:00:00Z") }], incident);
    expect(result.domain).toEqual([at("2024-11-27T13:50:00Z"), at("2024-11-27T15:10:00Z")]);
    expect(result.window).toEqual({ start: at("2024-11-27T14:23:00Z"), end: at("2024-11-27T15:10:00Z") });
    expect(result.windowOutside).toBe(false);
  });

  it("keeps the data's own range and says so when the export is from another day than the incident", () => {
    const result = chartDomain([{ start: at("2024-03-12T13:50:00Z"), end: at("2024-03-12T15:00:00Z") }], incident);
    expect(result.domain).toEqual([at("2024-03-12T13:50:00Z"), at("2024-03-12T15:00:00Z")]);
    expect(result.window).toBeNull();
    expect(result.windowOutside).toBe(true);
  });

  it("follows a zoom and shades only the part of the window inside it", () => {
    const zoom = { start: at("2024-11-27T14:00:00Z"), end: at("2024-11-27T14:40:00Z") };
    const result = chartDomain([{ start: at("2024-11-27T13:50:00Z"), end: at("2024-11-27T15:00:00Z") }], incident, zoom);
    expect(result.domain).toEqual([zoom.start, zoom.end]);
    expect(result.window).toEqual({ start: at("2024-11-27T14:23:00Z"), end: zoom.end });
  });

  it("takes an incident without an end to last to the end of the data, and draws no window without a start", () => {
    const data = [{ start: at("2024-11-27T14:00:00Z"), end: at("2024-11-27T16:00:00Z") }];
    expect(chartDomain(data, { startedAt: incident.startedAt, endedAt: null }).window).toEqual({
      start: at(incident.startedAt),
      end: at("2024-11-27T16:00:00Z"),
    });
    expect(chartDomain(data, { startedAt: null, endedAt: null })).toEqual({ domain: [data[0]!.start, data[0]!.end], window: null, windowOutside: false });
    expect(chartDomain([], incident).domain).toBeNull();
  });
});

describe("planAxes", () => {
  it("puts latencies in ms and s on one axis, converting to the first series' unit, and other units on their own axes", () => {
    const plan = planAxes([
      { id: "p95", unit: "ms" },
      { id: "p99", unit: "seconds" },
      { id: "errors", unit: "percentunit" },
      { id: "share", unit: "%" },
      { id: "count", unit: null },
    ]);
    expect(plan.axes).toEqual([
      { id: "y0", unit: "ms", orientation: "left" },
      { id: "y1", unit: "ratio", orientation: "right" },
      { id: "y2", unit: null, orientation: "right" },
    ]);
    expect(plan.placement).toEqual({
      p95: { axisId: "y0", factor: 1 },
      p99: { axisId: "y0", factor: 1000 },
      errors: { axisId: "y1", factor: 1 },
      share: { axisId: "y1", factor: 0.01 },
      count: { axisId: "y2", factor: 1 },
    });
  });
});

describe("planBaselines", () => {
  const p95 = { label: "p95 latency", unit: "s", baseline: 180, baselineUnit: "ms" };

  it("draws the 180 ms p95 baseline at 0.18 on an axis in seconds and at 180 on one in ms", () => {
    expect(planBaselines([p95], [{ id: "y0", unit: "s", orientation: "left" }])).toEqual([{ axisId: "y0", y: 0.18, label: "p95 latency baseline 180 ms" }]);
    expect(
      planBaselines(
        [p95],
        [
          { id: "y0", unit: "ratio", orientation: "left" },
          { id: "y1", unit: "ms", orientation: "right" },
        ],
      ),
    ).toEqual([{ axisId: "y1", y: 180, label: "p95 latency baseline 180 ms" }]);
  });

  it("leaves out baselines whose unit no axis shares, and metrics without a baseline or unit", () => {
    const axes = [{ id: "y0", unit: "ratio", orientation: "left" as const }];
    expect(
      planBaselines(
        [p95, { label: "Users", unit: null, baseline: 10, baselineUnit: null }, { label: "Errors", unit: "%", baseline: null, baselineUnit: null }],
        axes,
      ),
    ).toEqual([]);
    expect(planBaselines([{ label: "Error rate", unit: "%", baseline: 0.5, baselineUnit: "%" }], axes)).toEqual([
      { axisId: "y0", y: 0.005, label: "Error rate baseline 0.5%" },
    ]);
  });
});

describe("markersIn / nearestPoint", () => {
  it("keeps the timeline events inside the axis, in time order", () => {
    const timeline = [
      { occurredAt: "2024-11-27T14:35:00Z", text: "Rollback initiated" },
      { occurredAt: "2024-11-27T14:23:00Z", text: "Alert triggered" },
      { occurredAt: "2024-11-28T09:00:00Z", text: "Next day" },
    ];
    expect(markersIn(timeline, [at("2024-11-27T14:00:00Z"), at("2024-11-27T15:00:00Z")])).toEqual([
      { time: at("2024-11-27T14:23:00Z"), text: "Alert triggered" },
      { time: at("2024-11-27T14:35:00Z"), text: "Rollback initiated" },
    ]);
    expect(markersIn(timeline, null)).toEqual([]);
  });

  it("finds the point nearest a time, gaps included", () => {
    const points: [number, number | null][] = [
      [0, 1],
      [10, null],
      [20, 3],
    ];
    expect(nearestPoint(points, 4)).toEqual([0, 1]);
    expect(nearestPoint(points, 9)).toEqual([10, null]);
    expect(nearestPoint(points, 99)).toEqual([20, 3]);
    expect(nearestPoint([], 5)).toBeNull();
  });
});

describe("seriesDisplayName", () => {
  it("adds the labels only to tell series of the same name apart", () => {
    const a = { id: "a", name: "latency", labels: { pod: "api-1" } };
    const b = { id: "b", name: "latency", labels: { pod: "api-2" } };
    const c = { id: "c", name: '{pool="orders-primary"}', labels: { pool: "orders-primary" } };
    expect(seriesDisplayName(a, [a, b, c])).toBe("latency {pod=api-1}");
    expect(seriesDisplayName(c, [a, b, c])).toBe('{pool="orders-primary"}');
  });
});

describe("timeline marker labels", () => {
  it("shortens an event to its first words, cut at a word with an ellipsis", () => {
    expect(shortLabel("Rollback initiated for deployment v2.4.1")).toBe("Rollback initiated…");
    expect(shortLabel("Alert fired")).toBe("Alert fired");
    expect(shortLabel("**PagerDuty** alert: `db-pool` saturation")).toBe("PagerDuty alert…");
  });

  it("puts labels in the first free row, leaves out one that fits nowhere, and turns one at the right edge to the left", () => {
    const plot = { left: 0, right: 400 };
    const placed = placeMarkerLabels(
      [
        { x: 10, text: "Alert fired" },
        { x: 30, text: "Paged on-call" },
        { x: 50, text: "War room opened" },
        { x: 200, text: "Rollback" },
        { x: 395, text: "Closed" },
      ],
      plot,
    );
    expect(placed.map((label) => label && [label.text, label.row, label.anchor])).toEqual([
      ["Alert fired", 0, "start"],
      ["Paged on-call", 1, "start"],
      null,
      ["Rollback", 0, "start"],
      ["Closed", 0, "end"],
    ]);
  });
});

describe("axis titles and legend", () => {
  it("titles an axis with its series' name or its unit's kind, and the unit", () => {
    const { axes } = planAxes([
      { id: "a", unit: "ms" },
      { id: "b", unit: "s" },
      { id: "c", unit: "percent" },
    ]);
    expect(axisTitle(axes[0]!, ["p95 latency", "p99 latency"])).toBe("Duration (ms)");
    expect(axisTitle(axes[1]!, ["Error rate"])).toBe("Error rate (%)");
    expect(axisTitle({ id: "y0", unit: null, orientation: "left" }, ["Active connections"])).toBe("Active connections");
    expect(axisTitle({ id: "y0", unit: "ms", orientation: "left" }, ["A very long series name that will not fit on the axis"])).toBe(
      "A very long series name that… (ms)",
    );
  });

  it("with two axes, says in the legend which axis and unit a series is read on", () => {
    const { axes } = planAxes([
      { id: "a", unit: "percent" },
      { id: "b", unit: "ms" },
    ]);
    expect(legendName("Error rate", axes[0], 2)).toBe("Error rate (left, %)");
    expect(legendName("p95 latency", axes[1], 2)).toBe("p95 latency (right, ms)");
    expect(legendName("Error rate", axes[0], 1)).toBe("Error rate");
  });
});
