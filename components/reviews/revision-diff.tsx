// Two versions of a report side by side, one row per field that differs.
import type { ReportFieldChange } from "@/lib/incidents/report-diff";
import { describeFieldValue } from "@/lib/incidents/report-diff";

export function RevisionDiff({ fromLabel, toLabel, changes }: { fromLabel: string; toLabel: string; changes: ReportFieldChange[] }) {
  if (changes.length === 0) {
    return (
      <p className="rounded-lg bg-emerald-50 p-4 text-sm text-emerald-800 ring-1 ring-emerald-200" data-testid="revision-diff">
        No differences: {fromLabel.toLowerCase()} and {toLabel.toLowerCase()} hold the same content.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow ring-1 ring-slate-200">
      <table className="w-full table-fixed text-sm" data-testid="revision-diff">
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th className="w-44 px-4 py-2">Field</th>
            <th className="px-4 py-2">{fromLabel}</th>
            <th className="px-4 py-2">{toLabel}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {changes.map((change) => (
            <tr key={change.field} className="align-top" data-testid={`diff-${change.field}`}>
              <th scope="row" className="px-4 py-2 text-left font-medium">
                {change.label}
              </th>
              <td className="whitespace-pre-wrap break-words bg-red-50/60 px-4 py-2 text-slate-800" data-testid="diff-before">
                {describeFieldValue(change.before)}
              </td>
              <td className="whitespace-pre-wrap break-words bg-emerald-50/60 px-4 py-2 text-slate-800" data-testid="diff-after">
                {describeFieldValue(change.after)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
