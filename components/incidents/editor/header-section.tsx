"use client";

import type { ReportDocument } from "@/lib/incidents/schema";
import { incidentDurations } from "@/lib/incidents/durations";
import { EditorSection } from "@/components/incidents/editor/editor-section";
import { useContext } from "react";
import { describeZone, formatWallDateTime } from "@/lib/time/wall-input";
import { CheckboxField, DateTimeField, ReportTimeZoneContext, SelectField, TextField } from "@/components/incidents/editor/fields";
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
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{stat.label}</dt>
          <dd className="mt-0.5 text-sm font-semibold text-slate-900" data-testid={`editor-${stat.id}`}>
            {stat.value?.text ?? "—"}
          </dd>
        </div>
      ))}
    </dl>
  );
}

const MOMENTS = [
  { field: "detectedAt", label: "Detected" },
  { field: "mitigatedAt", label: "Mitigated" },
  { field: "resolvedAt", label: "Resolved" },
] as const;

/** Detected, mitigated and resolved: set by the timeline's milestones, shown in the same format as every other time. */
function Moments({ doc }: { doc: ReportDocument }) {
  const timeZone = useContext(ReportTimeZoneContext);
  if (MOMENTS.every(({ field }) => doc[field] === null)) return null;
  return (
    <div className="space-y-1" data-testid="editor-moments">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {MOMENTS.map(({ field, label }) => (
          <div key={field} className="flex gap-2">
            <dt className="font-medium text-slate-700">{label}</dt>
            <dd className="font-mono text-slate-900">{doc[field] ? (formatWallDateTime(doc[field], timeZone) ?? doc[field]) : "—"}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-600">Detected, mitigated and resolved times come from the timeline&apos;s milestones.</p>
    </div>
  );
}

export function HeaderSection({
  doc,
  edit,
  severityScale,
  timeZones,
}: {
  doc: ReportDocument;
  edit: EditDocument;
  severityScale: readonly string[];
  /** the zones this server knows, for the report's zone */
  timeZones: readonly string[];
}) {
  const zoneOptions = (timeZones.includes(doc.timeZone) ? timeZones : [doc.timeZone, ...timeZones]).map((zone) => ({ value: zone, label: zone }));
  // the offset named is the one at the start (a zone's offset changes over the year)
  const start = Date.parse(doc.startedAt ?? "");
  const zone = useContext(ReportTimeZoneContext);
  const zoneName = Number.isNaN(start) ? zone : describeZone(zone, start);
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
        <SelectField
          label="Time zone"
          path="timeZone"
          className="sm:col-span-2"
          value={doc.timeZone}
          options={zoneOptions}
          onChange={(timeZone) => edit((d) => ({ ...d, timeZone }))}
          hint={<span data-testid="report-time-zone">Every time in this report is in {zoneName}, written YYYY-MM-DD HH:MM (24-hour).</span>}
        />
        <DateTimeField label="Start" path="startedAt" value={doc.startedAt} onChange={(value) => edit((d) => ({ ...d, startedAt: value }))} />
        <DateTimeField label="End" path="endedAt" value={doc.endedAt} onChange={(value) => edit((d) => ({ ...d, endedAt: value }))} />
        <CheckboxField
          label="Private: only participants, managers and admins see it"
          path="private"
          className="sm:col-span-2 lg:col-span-4"
          checked={doc.private}
          onChange={(checked) => edit((d) => ({ ...d, private: checked }))}
        />
      </div>
      <Moments doc={doc} />
      <LiveDurations doc={doc} />
    </EditorSection>
  );
}
