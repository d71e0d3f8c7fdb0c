// A report's history: each write with who, when, what, and each field's before and after.
import type { HistoryEntry } from "@/lib/reviews/history";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";

function Value({ text }: { text: string | null }) {
  if (text === null) return <span className="text-slate-400">—</span>;
  return <span className="whitespace-pre-wrap break-words">{text}</span>;
}

export function HistoryList({ entries, timeZone }: { entries: HistoryEntry[]; timeZone: string }) {
  return (
    <ol className="space-y-4" data-testid="history">
      {entries.map((entry) => (
        <li key={entry.id} className="rounded-lg bg-white p-4 shadow ring-1 ring-slate-200" data-testid="history-entry" data-action={entry.action}>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">{entry.label}</span>
            <span className="text-slate-600">by {entry.actor}</span>
            {entry.via ? <Badge tone="blue">{entry.via}</Badge> : null}
            <time dateTime={entry.at.toISOString()} title={isoUtc(entry.at)} className="ml-auto text-xs text-slate-500">
              {formatDateTime(entry.at, timeZone)}
            </time>
          </div>
          {entry.detail ? <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{entry.detail}</p> : null}
          {entry.changes.length ? (
            <table className="mt-3 w-full table-fixed text-sm">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="w-40 py-1 pr-3">Field</th>
                  <th className="py-1 pr-3">Before</th>
                  <th className="py-1">After</th>
                </tr>
              </thead>
              <tbody>
                {entry.changes.map((change) => (
                  <tr key={change.field} className="border-t border-slate-100 align-top" data-testid={`history-change-${change.field}`}>
                    <td className="py-1.5 pr-3 font-medium">{change.label}</td>
                    <td className="py-1.5 pr-3 text-slate-600">
                      <Value text={change.before} />
                    </td>
                    <td className="py-1.5">
                      <Value text={change.after} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
