"use client";

// Importing a monitoring export: drop it on the zone or pick it, say which time zone its local times are in (the
// incident's by default; exports with epoch or UTC times ignore it), and watch the upload (XMLHttpRequest reports
// upload progress; fetch does not). The server parses, keeps the file as an attachment and stores the series, or
// says why it refused the file.
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { formatBytes } from "@/lib/attachments/size";
import type { MetricImportResponse } from "@/lib/metrics/schema";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClass } from "@/components/ui/field";
import { metricsUrl } from "@/components/metrics/api";
import { postWithProgress } from "@/components/ui/upload";

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

export function MetricsUpload({ incidentId, maxBytes, defaultTimeZone }: { incidentId: string; maxBytes: number; defaultTimeZone: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const request = useRef<XMLHttpRequest | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<Upload>({ state: "idle" });
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  // The full zone list differs between the server's and the browser's ICU: filled in after hydration.
  const [zones, setZones] = useState<string[]>(() => [...new Set([defaultTimeZone, "UTC"])]);
  useEffect(() => setZones(zoneList(defaultTimeZone)), [defaultTimeZone]);

  const busy = upload.state === "uploading" || upload.state === "reading";

  function choose(chosen: File | null | undefined) {
    if (!chosen) return;
    setFile(chosen);
    setUpload({ state: "idle" });
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (!busy) choose(event.dataTransfer.files[0]);
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
        if (input.current) input.current.value = "";
        router.refresh();
      },
      failed: (message) => setUpload({ state: "failed", message }),
    });
  }

  const percent = upload.state === "uploading" ? upload.percent : upload.state === "reading" || upload.state === "done" ? 100 : null;
  const progressName = upload.state === "uploading" || upload.state === "reading" || upload.state === "done" ? upload.name : "export";

  return (
    <form onSubmit={onSubmit} className="no-print mt-6 space-y-3 border-t border-slate-100 pt-4" data-testid="metrics-upload">
      <h3 className="text-sm font-semibold text-slate-800">Import a monitoring export</h3>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          if (!busy) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center text-sm ${dragging ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-slate-50"}`}
        data-testid="metrics-drop-zone"
      >
        <p className="text-slate-700">
          {file ? (
            <>
              <span className="font-medium">{file.name}</span> ({formatBytes(file.size)})
            </>
          ) : (
            "Drop an export here: Prometheus, Grafana, Datadog, CloudWatch, InfluxDB, OpenTelemetry, Azure Monitor or CSV."
          )}
        </p>
        <label className="cursor-pointer text-sm font-semibold text-indigo-700 hover:underline">
          {file ? "Choose another file" : "Choose a file"}
          <input
            ref={input}
            type="file"
            name="file"
            className="sr-only"
            disabled={busy}
            onChange={(event) => choose(event.target.files?.[0])}
            aria-label="Monitoring export"
          />
        </label>
      </div>
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
            className={`${inputClass} w-64`}
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
        <span className="text-xs text-slate-500">Up to {formatBytes(maxBytes)}. The file is kept as an attachment.</span>
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
      {upload.state === "done" ? <ImportSummary name={upload.name} result={upload.result} /> : null}
      {upload.state === "failed" ? <FormMessage message={upload.message} /> : null}
    </form>
  );
}

function ImportSummary({ name, result }: { name: string; result: MetricImportResponse }) {
  const points = result.series.reduce((sum, series) => sum + series.pointCount, 0);
  return (
    <div className="space-y-2" data-testid="metrics-import-summary">
      <FormMessage
        tone="success"
        message={`Imported ${result.series.length.toLocaleString("en-US")} series (${points.toLocaleString("en-US")} points) from ${name}, read as ${FORMAT_NAMES[result.format] ?? result.format}.`}
      />
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
