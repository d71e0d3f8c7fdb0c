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
            <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
              <SelectField
                label={`${row.label} kind`}
                path={`${row.path}.kind`}
                value={metric.kind}
                options={metricKindOptions}
                onChange={(kind) => row.update({ kind })}
              />
              <TextField
                label={`${row.label} label`}
                path={`${row.path}.label`}
                className="lg:col-span-3"
                value={metric.label}
                onChange={(label) => row.update({ label: label ?? "" })}
              />
              <TextField
                label={`${row.label} qualifier`}
                path={`${row.path}.qualifier`}
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
              <div className="grid grid-cols-2 gap-2">
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
              </div>
              <TextAreaField
                label={`${row.label} note`}
                path={`${row.path}.note`}
                className="sm:col-span-2 lg:col-span-4"
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
