"use client";

// Arranging charts, for SRE and up: a new chart from a title and a choice of series, and per chart rename, move up or
// down, and remove. Each change goes to the charts API (which checks permission and visibility again) and then
// refreshes the page's data.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { MetricChartView, MetricSeriesView } from "@/lib/metrics/schema";
import { MAX_SERIES_PER_CHART } from "@/lib/metrics/types";
import { seriesDisplayName } from "@/lib/metrics/charts";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClass } from "@/components/ui/field";
import { ApiError, callApi, chartsUrl } from "@/components/metrics/api";

function useChartCall() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(url: string, method: string, body?: unknown): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await callApi(url, { method, body });
      router.refresh();
      return true;
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "The change could not be saved.");
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

export function NewChartForm({ incidentId, series }: { incidentId: string; series: MetricSeriesView[] }) {
  const { busy, error, run } = useChartCall();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ok = await run(chartsUrl(incidentId), "POST", { title: title.trim() || "Untitled chart", seriesIds: chosen });
    if (ok) {
      setTitle("");
      setChosen([]);
      setOpen(false);
    }
  }

  if (!open) {
    return (
      <div className="no-print mt-4">
        <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
          New chart
        </Button>
      </div>
    );
  }
  const full = chosen.length >= MAX_SERIES_PER_CHART;
  return (
    <form onSubmit={onSubmit} className="no-print mt-4 space-y-3 rounded-lg p-4 ring-1 ring-slate-200" data-testid="new-chart-form">
      <div className="space-y-1">
        <label htmlFor="new-chart-title" className="block text-sm font-medium text-slate-700">
          Chart title
        </label>
        <input
          id="new-chart-title"
          className={inputClass}
          value={title}
          maxLength={200}
          onChange={(event) => setTitle(event.target.value)}
          placeholder="Connection pool usage"
        />
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Series (drawn in the order chosen; at most {MAX_SERIES_PER_CHART})</legend>
        <ul className="max-h-60 space-y-1 overflow-y-auto">
          {series.map((item) => {
            const index = chosen.indexOf(item.id);
            return (
              <li key={item.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={index >= 0}
                    disabled={index < 0 && full}
                    onChange={(event) => setChosen(event.target.checked ? [...chosen, item.id] : chosen.filter((id) => id !== item.id))}
                  />
                  <span>{seriesDisplayName(item, series)}</span>
                  <span className="text-xs text-slate-500">
                    {item.unit ? `${item.unit} · ` : ""}
                    {item.pointCount.toLocaleString("en-US")} points
                  </span>
                  {index >= 0 ? <span className="ml-auto text-xs text-indigo-700">#{index + 1}</span> : null}
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" disabled={busy || chosen.length === 0}>
          {busy ? "Creating…" : "Create chart"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
      <FormMessage message={error} />
    </form>
  );
}

/** Rename, move and remove one chart. */
export function ChartControls({
  incidentId,
  chart,
  index,
  count,
}: {
  incidentId: string;
  chart: MetricChartView;
  /** its place among the charts */ index: number;
  count: number;
}) {
  const { busy, error, run } = useChartCall();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(chart.title);
  const url = `${chartsUrl(incidentId)}/${encodeURIComponent(chart.id)}`;

  async function onRename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await run(url, "PATCH", { title })) setRenaming(false);
  }

  return (
    <div className="no-print flex flex-wrap items-center gap-1">
      {renaming ? (
        <form onSubmit={onRename} className="flex items-center gap-1">
          <input
            aria-label="Chart title"
            className={`${inputClass} w-56 py-1`}
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
            autoFocus
          />
          <Button type="submit" className="px-2 py-1" disabled={busy}>
            Save
          </Button>
          <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setRenaming(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button type="button" variant="ghost" className="px-2 py-1" onClick={() => setRenaming(true)}>
          Rename
        </Button>
      )}
      <Button
        type="button"
        variant="ghost"
        className="px-2 py-1"
        disabled={busy || index === 0}
        onClick={() => run(url, "PATCH", { position: index - 1 })}
        aria-label={`Move ${chart.title} up`}
      >
        ↑
      </Button>
      <Button
        type="button"
        variant="ghost"
        className="px-2 py-1"
        disabled={busy || index === count - 1}
        onClick={() => run(url, "PATCH", { position: index + 1 })}
        aria-label={`Move ${chart.title} down`}
      >
        ↓
      </Button>
      <Button
        type="button"
        variant="ghost"
        className="px-2 py-1 text-red-700"
        disabled={busy}
        onClick={() => {
          if (window.confirm(`Remove the chart “${chart.title}”? Its series stay imported.`)) void run(url, "DELETE");
        }}
      >
        Remove
      </Button>
      {error ? <FormMessage message={error} /> : null}
    </div>
  );
}
