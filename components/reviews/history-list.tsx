// A report's history: each write with who, when, what, and each field's before and after.
import type { HistoryEntry } from "@/lib/reviews/history";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";

function Value({ text }: { text: string | null }) {
  if (text === null) return <span className="text-slate-600">—</span>;
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
            <time dateTime={entry.at.toISOString()} title={isoUtc(entry.at)} className="ml-auto text-xs text-slate-600">
              {formatDateTime(entry.at, timeZone)}
            </time>
          </div>
          {entry.detail ? <p className="mt-1 whitespace-pre-wrap text-sm text-slate-700">{entry.detail}</p> : null}
          {entry.changes.length ? (
            <Table variant="plain" className="mt-3 table-fixed">
              <TableHead variant="plain" className="tracking-wide">
                <tr>
                  <TableHeaderCell padding="py-1 pr-3" className="w-24 sm:w-40">
                    Field
                  </TableHeaderCell>
                  <TableHeaderCell padding="py-1 pr-3">Before</TableHeaderCell>
                  <TableHeaderCell padding="py-1">After</TableHeaderCell>
                </tr>
              </TableHead>
              <TableBody variant="plain">
                {entry.changes.map((change) => (
                  <TableRow key={change.field} separated className="align-top" data-testid={`history-change-${change.field}`}>
                    <TableCell padding="py-1.5 pr-3" className="break-words font-medium">
                      {change.label}
                    </TableCell>
                    <TableCell padding="py-1.5 pr-3" className="text-slate-600">
                      <Value text={change.before} />
                    </TableCell>
                    <TableCell padding="py-1.5">
                      <Value text={change.after} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
