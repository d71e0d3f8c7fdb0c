// Two versions of a report side by side, one row per field that differs.
import type { ReportFieldChange } from "@/lib/incidents/report-diff";
import { describeFieldValue } from "@/lib/incidents/report-diff";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";

export function RevisionDiff({ fromLabel, toLabel, changes }: { fromLabel: string; toLabel: string; changes: ReportFieldChange[] }) {
  if (changes.length === 0) {
    return (
      <p className="rounded-lg bg-emerald-50 p-4 text-sm text-emerald-800 ring-1 ring-emerald-200" data-testid="revision-diff">
        No differences: {fromLabel.toLowerCase()} and {toLabel.toLowerCase()} hold the same content.
      </p>
    );
  }
  return (
    <Table className="w-full table-fixed" data-testid="revision-diff">
      <TableHead>
        <tr>
          <TableHeaderCell padding="px-4 py-2" className="w-44">
            Field
          </TableHeaderCell>
          <TableHeaderCell padding="px-4 py-2">{fromLabel}</TableHeaderCell>
          <TableHeaderCell padding="px-4 py-2">{toLabel}</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {changes.map((change) => (
          <TableRow key={change.field} className="align-top" data-testid={`diff-${change.field}`}>
            <TableHeaderCell scope="row" padding="px-4 py-2" className="text-left font-medium">
              {change.label}
            </TableHeaderCell>
            <TableCell padding="px-4 py-2" className="whitespace-pre-wrap break-words bg-red-50/60 text-slate-800" data-testid="diff-before">
              {describeFieldValue(change.before)}
            </TableCell>
            <TableCell padding="px-4 py-2" className="whitespace-pre-wrap break-words bg-emerald-50/60 text-slate-800" data-testid="diff-after">
              {describeFieldValue(change.after)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
