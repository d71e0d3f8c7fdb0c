"use client";

import type { ReportDocument } from "@/lib/incidents/schema";
import { incidentDurations } from "@/lib/incidents/durations";
import { EditorSection } from "@/components/incidents/editor/editor-section";
import { CheckboxField, SelectField, TextField, UtcDateTimeField } from "@/components/incidents/editor/fields";
import { severityOptions, statusOptions } from "@/components/incidents/editor/options";

export type EditDocument = (change: (doc: ReportDocument) => ReportDocument) => void;

/** Duration and time to detect/mitigate/resolve, recomputed as the header and the timeline change. */
export function LiveDurations({ doc, compact = false }: { doc: ReportDocument; compact?: boolean }) {
  const durations = incidentDurations(doc);
  const stats = [
    { label: "Duration", id: "duration", value: durations.duration },
    { label: "Time to detect", id: "time-to-detect", value: durations.timeToDetect },
    { label: "Time to mitigate", id: "time-to-mitigate", value: durations.timeToMitigate },
    { label: "Time to resolve", id: "time-to-resolve", value: durations.timeToResolve },
  ];
  if (compact) {
    return (
      <p className="text-xs text-slate-600">
        {stats
          .slice(1)
          .map((stat) => `${stat.label}: ${stat.value?.text ?? "—"}`)
          .join(" · ")}
      </p>
    );
  }
  return (
    <dl className="grid grid-cols-2 gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-4">
      {stats.map((stat) => (
        <div key={stat.id}>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{stat.label}</dt>
          <dd className="mt-0.5 text-sm font-semibold text-slate-900" data-testid={`editor-${stat.id}`}>
            {stat.value?.text ?? "—"}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function HeaderSection({ doc, edit, severityScale }: { doc: ReportDocument; edit: EditDocument; severityScale: readonly string[] }) {
  return (
    <EditorSection id="header" title="Incident">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <TextField
          label="Incident id"
          path="publicId"
          value={doc.publicId ?? ""}
          onChange={(value) => edit((d) => ({ ...d, publicId: value ? value : undefined }))}
          hint="Letters, digits, '.', '_' and '-'. Left empty, it keeps the current id."
        />
        <TextField
          label="Title"
          path="title"
          className="sm:col-span-1 lg:col-span-3"
          value={doc.title}
          onChange={(value) => edit((d) => ({ ...d, title: value ?? "" }))}
        />
        <SelectField
          label="Severity"
          path="severity"
          value={doc.severity}
          options={severityOptions(severityScale, doc.severity)}
          onChange={(value) => edit((d) => ({ ...d, severity: value }))}
        />
        <SelectField label="Status" path="status" value={doc.status} options={statusOptions} onChange={(value) => edit((d) => ({ ...d, status: value }))} />
        <TextField
          label="Impact summary"
          path="impactSummary"
          className="sm:col-span-2"
          nullable
          value={doc.impactSummary}
          onChange={(value) => edit((d) => ({ ...d, impactSummary: value }))}
        />
        <UtcDateTimeField
          label="Start (UTC)"
          path="startedAt"
          className="sm:col-span-1 lg:col-span-2"
          value={doc.startedAt}
          onChange={(value) => edit((d) => ({ ...d, startedAt: value }))}
        />
        <UtcDateTimeField
          label="End (UTC)"
          path="endedAt"
          className="sm:col-span-1 lg:col-span-2"
          value={doc.endedAt}
          onChange={(value) => edit((d) => ({ ...d, endedAt: value }))}
        />
        <CheckboxField
          label="Private: only participants, managers and admins see it"
          path="private"
          className="sm:col-span-2 lg:col-span-4"
          checked={doc.private}
          onChange={(checked) => edit((d) => ({ ...d, private: checked }))}
        />
      </div>
      <LiveDurations doc={doc} />
      {["detectedAt", "mitigatedAt", "resolvedAt"].some((field) => doc[field as "detectedAt"] !== null) ? (
        <p className="text-xs text-slate-500">Detected, mitigated and resolved times come from the timeline&apos;s milestones.</p>
      ) : null}
    </EditorSection>
  );
}
