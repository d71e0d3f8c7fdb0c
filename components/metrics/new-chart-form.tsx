"use client";

// A new chart from a title and a choice of series, for SRE and up. Loaded when "New chart" is pressed, not with the
// report page.
import { useState, type FormEvent } from "react";
import type { MetricSeriesView } from "@/lib/metrics/schema";
import { MAX_SERIES_PER_CHART } from "@/lib/metrics/types";
import { seriesDisplayName } from "@/lib/metrics/charts";
import { Button } from "@/components/ui/button";
import { FormMessage, inputClass } from "@/components/ui/field";
import { chartsUrl } from "@/components/metrics/api";
import { useChartCall } from "@/components/metrics/chart-editor";

export function NewChartForm({ incidentId, series, onClose }: { incidentId: string; series: MetricSeriesView[]; onClose: () => void }) {
  const { busy, error, run } = useChartCall();
  const [title, setTitle] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const ok = await run(chartsUrl(incidentId), "POST", { title: title.trim() || "Untitled chart", seriesIds: chosen });
    if (ok) {
      setTitle("");
      setChosen([]);
      onClose();
    }
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
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
      <FormMessage message={error} />
    </form>
  );
}
