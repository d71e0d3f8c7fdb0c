"use client";

// The incident list (TanStack Table v9). The server searches, filters, sorts and pages (lib/incidents/list.ts); this
// table shows one page and turns a change of sort, page or columns into a new URL (manual sorting and pagination in
// TanStack's terms). The URL is the view's one owner, so a view can be bookmarked, shared and reloaded as it is.
import { useMemo, useOptimistic, useTransition } from "react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import {
  columnVisibilityFeature,
  createColumnHelper,
  functionalUpdate,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type PaginationState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import {
  INCIDENT_COLUMNS,
  INCIDENT_SORTS,
  changeIncidentView,
  incidentListViewHref,
  isFiltered,
  type IncidentColumn,
  type IncidentListView,
  type IncidentSort,
} from "@/lib/incidents/list-view";
import type { IncidentListRow } from "@/lib/incidents/schema";
import { formatDuration } from "@/lib/incidents/durations";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { buttonClass } from "@/components/ui/button";
import { PostmortemDueBadge, ReportStateBadge, SeverityBadge, incidentStatusLabel } from "@/components/incidents/labels";
import { ColumnChooser, SortableHeaderCell } from "@/components/ui/table-controls";

export const INCIDENT_COLUMN_LABELS: Record<IncidentColumn, string> = {
  incident: "Incident",
  severity: "Severity",
  startedAt: "Started",
  duration: "Duration",
  services: "Services",
  author: "Author",
  report: "Report",
  actions: "Open actions",
};

/** Services shown as chips in a row; the rest as "+N" (all of them in its title). */
const SHOWN_SERVICES = 3;

type TableMeta = { timeZone: string };
const features = tableFeatures({ rowSortingFeature, rowPaginationFeature, columnVisibilityFeature, tableMeta: {} as TableMeta });
const helper = createColumnHelper<typeof features, IncidentListRow>();

const columns = helper.columns([
  helper.accessor("title", {
    id: "incident",
    header: INCIDENT_COLUMN_LABELS.incident,
    enableHiding: false,
    cell: ({ row }) => {
      const incident = row.original;
      return (
        <div className="min-w-56 max-w-xl">
          <Link
            href={`/incidents/${encodeURIComponent(incident.publicId)}`}
            className="font-medium text-indigo-700 hover:underline"
            data-testid="incident-title"
          >
            {incident.title}
          </Link>
          <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-slate-500">
            <span className="font-mono">{incident.publicId}</span>
            <span>{incidentStatusLabel(incident.status)}</span>
            {incident.private ? <span className="font-medium text-amber-700">Private</span> : null}
          </div>
          {incident.snippet ? (
            // HTML-escaped by lib/incidents/search.ts; the only markup is <mark> around each match
            <p
              className="mt-1 line-clamp-2 text-xs text-slate-600 [&_mark]:rounded-sm [&_mark]:bg-yellow-100 [&_mark]:px-0.5 [&_mark]:text-slate-900"
              data-testid="search-snippet"
              dangerouslySetInnerHTML={{ __html: incident.snippet }}
            />
          ) : null}
        </div>
      );
    },
  }),
  helper.accessor("severity", {
    id: "severity",
    header: INCIDENT_COLUMN_LABELS.severity,
    cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
  }),
  helper.accessor("startedAt", {
    id: "startedAt",
    header: INCIDENT_COLUMN_LABELS.startedAt,
    cell: ({ row, table }) => (
      <time dateTime={isoUtc(row.original.startedAt)} title={isoUtc(row.original.startedAt)} className="whitespace-nowrap">
        {formatDateTime(row.original.startedAt, table.options.meta?.timeZone ?? "UTC")}
      </time>
    ),
  }),
  helper.display({
    id: "duration",
    header: INCIDENT_COLUMN_LABELS.duration,
    cell: ({ row }) => {
      const { startedAt, endedAt } = row.original;
      return <span className="whitespace-nowrap">{startedAt && endedAt ? formatDuration(endedAt.getTime() - startedAt.getTime()) : "—"}</span>;
    },
  }),
  helper.accessor("services", {
    id: "services",
    header: INCIDENT_COLUMN_LABELS.services,
    enableSorting: false,
    cell: ({ row }) => {
      const { services } = row.original;
      if (!services.length) return <span className="text-slate-400">—</span>;
      const hidden = services.length - SHOWN_SERVICES;
      return (
        <ul className="flex max-w-64 flex-wrap gap-1" title={services.join(", ")}>
          {services.slice(0, SHOWN_SERVICES).map((service) => (
            <li key={service} className="max-w-32 truncate rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
              {service}
            </li>
          ))}
          {hidden > 0 ? <li className="px-1 py-0.5 text-xs text-slate-500">+{hidden}</li> : null}
        </ul>
      );
    },
  }),
  helper.accessor("authorName", {
    id: "author",
    header: INCIDENT_COLUMN_LABELS.author,
    enableSorting: false,
    cell: ({ row }) => <span className="whitespace-nowrap">{row.original.authorName ?? "—"}</span>,
  }),
  helper.accessor("reportState", {
    id: "report",
    header: INCIDENT_COLUMN_LABELS.report,
    enableSorting: false,
    cell: ({ row }) => (
      <div className="flex flex-wrap gap-1">
        <ReportStateBadge state={row.original.reportState} />
        {row.original.postmortemDue ? <PostmortemDueBadge due={row.original.postmortemDue} /> : null}
      </div>
    ),
  }),
  helper.accessor("openActionItems", {
    id: "actions",
    header: INCIDENT_COLUMN_LABELS.actions,
    enableSorting: false,
    cell: ({ row }) => (
      <span className="whitespace-nowrap">
        {row.original.openActionItems}
        {row.original.overdueActionItems ? (
          <span className="ml-1 text-xs font-medium text-red-700" data-testid="overdue-count">
            ({row.original.overdueActionItems} overdue)
          </span>
        ) : null}
      </span>
    ),
  }),
]);

const isSort = (id: string | undefined): id is IncidentSort => (INCIDENT_SORTS as readonly string[]).includes(id ?? "");
/** The sort column id of a view: "incident" sorts by title. */
const sortColumnOf = (sort: IncidentSort | null) => (sort === "title" ? "incident" : (sort ?? (null as string | null)));

export type IncidentTableProps = {
  rows: IncidentListRow[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  view: IncidentListView;
  timeZone: string;
};

export function IncidentTable({ rows: data, total, page, pageCount, pageSize, view, timeZone }: IncidentTableProps) {
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  // The URL is the truth; while the next page loads, show the view as asked for.
  const [shown, setShown] = useOptimistic(view);

  function go(next: IncidentListView) {
    startNavigation(() => {
      setShown(next);
      router.push(incidentListViewHref(next), { scroll: false });
    });
  }

  const state = useMemo(() => {
    const sortColumn = sortColumnOf(shown.sort ?? (shown.q ? null : "startedAt"));
    return {
      sorting: (sortColumn ? [{ id: sortColumn, desc: shown.order === "desc" }] : []) satisfies SortingState,
      pagination: { pageIndex: page - 1, pageSize } satisfies PaginationState,
      columnVisibility: Object.fromEntries(INCIDENT_COLUMNS.map((column) => [column, shown.columns.includes(column)])) satisfies ColumnVisibilityState,
    };
  }, [shown, page, pageSize]);

  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => row.id,
    rowCount: total,
    state,
    meta: { timeZone },
    manualSorting: true,
    manualPagination: true,
    autoResetPageIndex: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: true,
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = functionalUpdate(updater, state.sorting);
      const sort = next?.id === "incident" ? "title" : next?.id;
      go(changeIncidentView(shown, isSort(sort) ? { sort, order: next!.desc ? "desc" : "asc" } : { sort: null, order: "desc" }));
    },
    onPaginationChange: (updater: Updater<PaginationState>) => {
      go(changeIncidentView(shown, { page: functionalUpdate(updater, state.pagination).pageIndex + 1 }));
    },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
      const next = functionalUpdate(updater, state.columnVisibility);
      go(changeIncidentView(shown, { columns: INCIDENT_COLUMNS.filter((column) => column === "incident" || next[column] !== false) }));
    },
  });

  const rows = table.getRowModel().rows;

  return (
    <div className="space-y-3">
      <ColumnChooser
        className="relative inline-block text-sm"
        columns={table.getAllLeafColumns().map((column) => ({
          id: column.id,
          label: INCIDENT_COLUMN_LABELS[column.id as IncidentColumn] ?? column.id,
          visible: column.getIsVisible(),
          canHide: column.getCanHide(),
          setVisible: (visible) => column.toggleVisibility(visible),
        }))}
      />
      {rows.length === 0 ? null : (
        <div
          className={`overflow-x-auto rounded-lg bg-white shadow ring-1 ring-slate-200 transition-opacity ${navigating ? "opacity-60" : ""}`}
          aria-busy={navigating}
        >
          <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="incident-list">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => (
                    <SortableHeaderCell
                      key={header.id}
                      className="whitespace-nowrap px-3 py-2"
                      sorted={header.column.getIsSorted()}
                      onSort={header.column.getCanSort() ? header.column.getToggleSortingHandler() : undefined}
                    >
                      <table.FlexRender header={header} />
                    </SortableHeaderCell>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id} data-testid="incident-row" className="hover:bg-slate-50">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2 align-top">
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 || isFiltered(shown) ? (
        <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
          <span data-testid="page-status">
            Page {page} of {pageCount} · {total.toLocaleString("en-US")} incident{total === 1 ? "" : "s"}
          </span>
          {pageCount > 1 ? (
            <span className="flex items-center gap-2">
              <button type="button" className={buttonClass("secondary")} disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
                Previous
              </button>
              <button type="button" className={buttonClass("secondary")} disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
                Next
              </button>
            </span>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
