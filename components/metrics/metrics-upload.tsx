"use client";

// Importing a monitoring export: drop it on the zone or pick it, say which time zone its local times are in (the
// incident's by default; exports with epoch or UTC times ignore it), and watch the upload (XMLHttpRequest reports
// upload progress; fetch does not). The server parses, keeps the file as an attachment and stores the series, or
// says why it refused the file.
import { useMemo, useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { formatBytes } from "@/lib/attachments/size";
import type { MetricImportResponse } from "@/lib/metrics/schema";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClass } from "@/components/ui/field";
import { metricsUrl } from "@/components/metrics/api";
import { postWithProgress } from "@/components/ui/upload";
import { DropZone } from "@/components/ui/drop-zone";
import { dateMismatch } from "@/lib/metrics/date-window";

type Upload =
  | { state: "idle" }
  | { state: "uploading"; name: string; percent: number }
  | { state: "reading"; name: string }
  | { state: "done"; name: string; result: MetricImportResponse }
  | { state: "failed"; message: string };

const FORMAT_NAMES: Record<string, string> = {
  "prometheus-query-range": "Prometheus range query",
  "prometheus-query": "Prometheus instant query",
  "grafana-csv": "Grafana CSV",
  "grafana-dataframe-json": "Grafana DataFrame JSON",
  "grafana-ds-query": "Grafana data source query",
  "datadog-query": "Datadog query",
  "cloudwatch-get-metric-data": "CloudWatch GetMetricData",
  "cloudwatch-get-metric-statistics": "CloudWatch GetMetricStatistics",
  "influx-flux-csv": "InfluxDB Flux CSV",
  "influxql-json": "InfluxQL JSON",
  "otlp-json": "OpenTelemetry OTLP/JSON",
  "azure-monitor": "Azure Monitor",
  "generic-csv": "CSV",
};

function zoneList(...first: string[]): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([...first, "UTC", ...all])];
}

export function MetricsUpload({
  incidentId,
  maxBytes,
  defaultTimeZone,
  viewer,
}: {
  incidentId: string;
  maxBytes: number;
  defaultTimeZone: string;
  /** the incident's times and the zone the page shows days in: the import's date check, in the viewer's days */
  viewer?: { startedAt: string | null; endedAt: string | null; timeZone: string };
}) {
  const router = useRouter();
  const request = useRef<XMLHttpRequest | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  // Rendered only in the browser (the report page loads this form when "Import a monitoring export" is opened), so the
  // browser's own zone list is used from the start.
  const zones = useMemo(() => zoneList(defaultTimeZone), [defaultTimeZone]);

  const busy = upload.state === "uploading" || upload.state === "reading";

  function choose(chosen: File) {
    setFile(chosen);
    setUpload({ state: "idle" });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setUpload({ state: "failed", message: "Choose or drop an export first." });
    if (file.size === 0) return setUpload({ state: "failed", message: `${file.name} is empty.` });
    if (file.size > maxBytes) {
      return setUpload({ state: "failed", message: `Exports may be at most ${formatBytes(maxBytes)}; ${file.name} is ${formatBytes(file.size)}.` });
    }
    const form = new FormData();
    form.set("file", file);
    form.set("timezone", timeZone);
    request.current = postWithProgress(metricsUrl(incidentId), form, {
      progress: (percent) => setUpload({ state: "uploading", name: file.name, percent }),
      // Sent: the server now reads the file, which for a large export takes a moment.
      sent: () => setUpload({ state: "reading", name: file.name }),
      created: (body) => {
        setUpload({ state: "done", name: file.name, result: JSON.parse(body) as MetricImportResponse });
        setFile(null);
        router.refresh();
      },
      failed: (message) => setUpload({ state: "failed", message }),
    });
  }

  const percent = upload.state === "uploading" ? upload.percent : upload.state === "reading" || upload.state === "done" ? 100 : null;
  const progressName = upload.state === "uploading" || upload.state === "reading" || upload.state === "done" ? upload.name : "export";

  return (
    <form onSubmit={onSubmit} className="space-y-3" data-testid="metrics-upload">
      <DropZone
        id="metrics-file"
        label="Monitoring export"
        prompt="Drop an export here: Prometheus, Grafana, Datadog, CloudWatch, InfluxDB, OpenTelemetry, Azure Monitor or CSV."
        file={file}
        onFile={choose}
        disabled={busy}
        testId="metrics-drop-zone"
      />
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="metrics-timezone" className="block text-sm font-medium text-slate-700">
            Time zone of local times in the file
          </label>
          <select
            id="metrics-timezone"
            name="timezone"
            value={timeZone}
            onChange={(event) => setTimeZone(event.target.value)}
            disabled={busy}
            className={`${inputClass} w-64 max-w-full`}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone === defaultTimeZone ? `${zone} (the incident's)` : zone}
              </option>
            ))}
          </select>
        </div>
        {upload.state === "uploading" ? (
          <Button type="button" variant="secondary" onClick={() => request.current?.abort()}>
            Cancel
          </Button>
        ) : (
          <Button type="submit" disabled={busy || !file}>
            {upload.state === "reading" ? "Reading…" : "Import"}
          </Button>
        )}
        <span className="text-xs text-slate-600">Up to {formatBytes(maxBytes)}. The file is kept as an attachment.</span>
      </div>

      {percent !== null ? (
        <div className="flex items-center gap-3">
          <div
            role="progressbar"
            aria-label={`Uploading ${progressName}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
            data-testid="metrics-upload-progress"
          >
            <div className="h-full rounded-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <span className="w-24 text-right text-sm tabular-nums text-slate-700" data-testid="metrics-upload-percent">
            {upload.state === "reading" ? "reading…" : `${percent}%`}
          </span>
        </div>
      ) : null}
      {upload.state === "done" ? <ImportSummary name={upload.name} result={upload.result} viewer={viewer} /> : null}
      {upload.state === "failed" ? <FormMessage message={upload.message} /> : null}
    </form>
  );
}

function ImportSummary({
  name,
  result,
  viewer,
}: {
  name: string;
  result: MetricImportResponse;
  viewer?: { startedAt: string | null; endedAt: string | null; timeZone: string };
}) {
  const points = result.series.reduce((sum, series) => sum + series.pointCount, 0);
  // The server checked in the incident's zone; the page names the days in the zone it shows times in.
  const mismatch = result.dateMismatch
    ? viewer
      ? (dateMismatch(
          result.series.map((series) => ({ start: Date.parse(series.start), end: Date.parse(series.end) })),
          viewer,
          viewer.timeZone,
        ) ?? result.dateMismatch)
      : result.dateMismatch
    : null;
  return (
    <div className="space-y-2" data-testid="metrics-import-summary">
      <FormMessage
        tone="success"
        message={`Imported ${result.series.length.toLocaleString("en-US")} series (${points.toLocaleString("en-US")} points) from ${name}, read as ${FORMAT_NAMES[result.format] ?? result.format}.`}
      />
      {mismatch ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="metrics-import-date-mismatch">
          <span className="font-semibold">Dates do not match the incident.</span> {mismatch.message} Check that you exported the right time range.
        </p>
      ) : null}
      {result.partial ? <p className="text-sm text-amber-800">The export says it is incomplete (paged or truncated): some data may be missing.</p> : null}
      {result.warnings.length ? (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-amber-800" data-testid="metrics-import-warnings">
          {result.warnings.map((warning, index) => (
            <li key={index}>{warning}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
