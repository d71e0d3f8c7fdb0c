"use client";

import type { ImpactMetric, ReportDocument } from "@/lib/incidents/schema";
import { EditorSection } from "@/components/incidents/editor/editor-section";
import { NumberField, SelectField, TextAreaField, TextField } from "@/components/incidents/editor/fields";
import { ListEditor } from "@/components/incidents/editor/list-editor";
import { dataLossOptions, metricKindOptions } from "@/components/incidents/editor/options";
import type { EditDocument } from "@/components/incidents/editor/header-section";

const newMetric = (): ImpactMetric => ({
  kind: "OTHER",
  label: "",
  value: Number.NaN,
  unit: null,
  baseline: null,
  baselineUnit: null,
  qualifier: null,
  statement: null,
  note: null,
});

export function ImpactSection({ doc, edit }: { doc: ReportDocument; edit: EditDocument }) {
  const { impact } = doc;
  const setImpact = (patch: Partial<ReportDocument["impact"]>) => edit((d) => ({ ...d, impact: { ...d.impact, ...patch } }));
  return (
    <EditorSection id="impact" title="Impact" helpKey="impact">
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField
          label="Users affected"
          path="impact.usersAffected"
          value={impact.usersAffected}
          onChange={(usersAffected) => setImpact({ usersAffected })}
        />
        <NumberField
          label="Peak error rate (%)"
          path="impact.errorRate"
          unit="%"
          scale={100}
          value={impact.errorRate}
          onChange={(errorRate) => setImpact({ errorRate })}
        />
        <SelectField
          label="Data loss"
          path="impact.dataLoss"
          value={impact.dataLoss === null ? "unknown" : impact.dataLoss ? "yes" : "no"}
          options={dataLossOptions}
          onChange={(value) => setImpact({ dataLoss: value === "unknown" ? null : value === "yes" })}
        />
        <TextAreaField
          label="Data loss note"
          path="impact.dataLossNote"
          className="sm:col-span-3"
          rows={2}
          value={impact.dataLossNote}
          onChange={(dataLossNote) => setImpact({ dataLossNote })}
        />
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Metrics</h3>
        <ListEditor<ImpactMetric>
          items={impact.metrics}
          onChange={(metrics) => setImpact({ metrics })}
          itemLabel="Metric"
          path="impact.metrics"
          addLabel="Add metric"
          emptyText="No metrics yet: error rate, latency against its baseline, delays…"
          reorderable
          newItem={newMetric}
          renderItem={(metric, _index, row) => (
            // One flat grid, bottoms aligned: a label that wraps in a narrow column does not push its input out of line
            // with its neighbours' (the baseline and its unit used to sit in a nested grid of their own).
            <div className="grid items-end gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="metric-row">
              <TextAreaField
                label={`${row.label} as written`}
                path={`${row.path}.statement`}
                className="sm:col-span-3 lg:col-span-6"
                rows={2}
                hint="The author's sentence, shown on the report beside the typed value below."
                value={metric.statement}
                onChange={(statement) => row.update({ statement })}
              />
              <SelectField
                label={`${row.label} kind`}
                path={`${row.path}.kind`}
                className="lg:col-span-2"
                value={metric.kind}
                options={metricKindOptions}
                onChange={(kind) => row.update({ kind })}
              />
              <TextField
                label={`${row.label} label`}
                path={`${row.path}.label`}
                className="sm:col-span-2 lg:col-span-4"
                value={metric.label}
                onChange={(label) => row.update({ label: label ?? "" })}
              />
              <TextField
                label={`${row.label} qualifier`}
                path={`${row.path}.qualifier`}
                className="lg:col-span-2"
                nullable
                placeholder="at peak, approximately…"
                value={metric.qualifier}
                onChange={(qualifier) => row.update({ qualifier })}
              />
              <NumberField
                label={`${row.label} value`}
                path={`${row.path}.value`}
                value={metric.value}
                onChange={(value) => row.update({ value: value ?? Number.NaN })}
              />
              <TextField
                label={`${row.label} unit`}
                path={`${row.path}.unit`}
                nullable
                placeholder="%, s, ms, users…"
                value={metric.unit}
                onChange={(unit) => row.update({ unit })}
              />
              <NumberField
                label={`${row.label} baseline`}
                path={`${row.path}.baseline`}
                value={metric.baseline}
                onChange={(baseline) => row.update({ baseline })}
              />
              <TextField
                label={`${row.label} baseline unit`}
                path={`${row.path}.baselineUnit`}
                nullable
                value={metric.baselineUnit}
                onChange={(baselineUnit) => row.update({ baselineUnit })}
              />
              <TextAreaField
                label={`${row.label} note`}
                path={`${row.path}.note`}
                className="sm:col-span-3 lg:col-span-6"
                rows={1}
                value={metric.note}
                onChange={(note) => row.update({ note })}
              />
            </div>
          )}
        />
      </div>
    </EditorSection>
  );
}
