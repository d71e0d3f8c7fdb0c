"use client";

// Arranging charts, for SRE and up: per chart rename, move up or down, and remove (a new chart:
// components/metrics/new-chart-form.tsx). Each change goes to the charts API (which checks permission and visibility again) and then
// refreshes the page's data.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import type { MetricChartView } from "@/lib/metrics/schema";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClass } from "@/components/ui/field";
import { ApiError, callApi, chartsUrl } from "@/components/metrics/api";

/** A call to the charts API that refreshes the page after it, with its pending state and error message. */
export function useChartCall() {
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
