"use client";

// The series imported into the report, listed under "Imported series": loaded when that list is first opened.
import type { MetricSeriesView } from "@/lib/metrics/schema";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

export function SeriesTable({ series, timeZone }: { series: MetricSeriesView[]; timeZone: string }) {
  return (
    <Table variant="plain" className="mt-2 w-full table-fixed text-left sm:table-auto" data-testid="metric-series-list">
      <TableHead variant="plain">
        <tr>
          <TableHeaderCell padding="py-1 pr-3">Series</TableHeaderCell>
          <TableHeaderCell padding="py-1 pr-3" className="hidden sm:table-cell">
            Unit
          </TableHeaderCell>
          <TableHeaderCell padding="py-1 pr-3" className="w-24 sm:w-auto">
            Points
          </TableHeaderCell>
          <TableHeaderCell padding="py-1 pr-3" className="hidden sm:table-cell">
            From
          </TableHeaderCell>
          <TableHeaderCell padding="py-1 pr-3" className="hidden sm:table-cell">
            To
          </TableHeaderCell>
          <TableHeaderCell padding="py-1" className="hidden sm:table-cell">
            Format
          </TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody variant="plain">
        {series.map((item) => (
          <TableRow key={item.id} separated className="align-top">
            <TableCell padding="py-1 pr-3" className="break-words">
              {item.name}
              {Object.keys(item.labels).length ? (
                <span className="block break-all font-mono text-[11px] text-slate-600">
                  {Object.entries(item.labels)
                    .map(([key, value]) => `${key}=${value}`)
                    .join(", ")}
                </span>
              ) : null}
              {/* on a phone the columns hidden beside it come under the name */}
              <span className="block text-xs text-slate-600 sm:hidden">
                {item.unit ?? "no unit"} · {formatDateTime(new Date(item.start), timeZone)} – {formatDateTime(new Date(item.end), timeZone)} · {item.format}
              </span>
            </TableCell>
            <TableCell padding="py-1 pr-3" className="hidden sm:table-cell">
              {item.unit ?? "—"}
            </TableCell>
            <TableCell padding="py-1 pr-3" className="tabular-nums">
              {item.pointCount.toLocaleString("en-US")}
              {item.partial ? (
                <span className="ml-1 text-amber-700" title="The export said it was incomplete">
                  (partial)
                </span>
              ) : null}
            </TableCell>
            <TableCell padding="py-1 pr-3" className="hidden whitespace-nowrap sm:table-cell" title={isoUtc(new Date(item.start))}>
              {formatDateTime(new Date(item.start), timeZone)}
            </TableCell>
            <TableCell padding="py-1 pr-3" className="hidden whitespace-nowrap sm:table-cell" title={isoUtc(new Date(item.end))}>
              {formatDateTime(new Date(item.end), timeZone)}
            </TableCell>
            <TableCell padding="py-1" className="hidden text-slate-600 sm:table-cell">
              {item.format}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
