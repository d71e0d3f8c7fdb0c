"use client";

// The action-item table (TanStack Table v9). The server filters, sorts and pages; this table only shows one page and
// turns every change of sort, filter, page or columns into a new URL (manual sorting, filtering and pagination in
// TanStack's terms). The URL is the view's one owner, so a view can be bookmarked, shared and reloaded as it is.
import { useMemo, useOptimistic, useTransition } from "react";
import { useRouter } from "next/navigation";
import Link from "next/link";
import {
  columnFilteringFeature,
  columnVisibilityFeature,
  createColumnHelper,
  functionalUpdate,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type ColumnVisibilityState,
  type FilterFn,
  type PaginationState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import type { ActionItemPage, ActionItemRow, PersonOption } from "@/lib/action-items/schema";
import type { TrackerOption } from "@/lib/trackers/schema";
import {
  ACTION_ITEM_COLUMNS,
  DEFAULT_VIEW,
  SORTABLE_COLUMNS,
  actionItemViewHref,
  changeView,
  type ActionItemView,
  type SortableColumn,
} from "@/lib/action-items/schema";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass } from "@/components/ui/button";
import { COLUMN_LABELS } from "@/components/action-items/labels";
import {
  DueDateCell,
  InlineEditContext,
  OwnerCell,
  PriorityCell,
  StatusCell,
  TrackerCell,
  type UpdateActionItemAction,
} from "@/components/action-items/inline-cells";
import { ViewControls } from "@/components/action-items/view-controls";
import { SortableHeaderCell } from "@/components/ui/table-controls";

type TableMeta = { timeZone: string };
const features = tableFeatures({ rowSortingFeature, columnFilteringFeature, rowPaginationFeature, columnVisibilityFeature, tableMeta: {} as TableMeta });

const isEmptyFilter = (value: unknown) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
/** Filtering happens in the database; the table only keeps the filter state (and drops empty filters). */
const filteredOnServer: FilterFn<typeof features, ActionItemRow> = Object.assign(() => true, { autoRemove: isEmptyFilter });

const helper = createColumnHelper<typeof features, ActionItemRow>();
const columns = helper.columns([
  helper.accessor("title", {
    id: "title",
    header: COLUMN_LABELS.title,
    enableHiding: false,
    enableColumnFilter: false,
    cell: ({ row }) => (
      <div className="min-w-48">
        <div className="font-medium text-slate-900" data-testid="action-item-title">
          {row.original.title}
        </div>
        {row.original.description ? <p className="mt-0.5 line-clamp-2 max-w-md text-xs text-slate-500">{row.original.description}</p> : null}
      </div>
    ),
  }),
  helper.accessor((row) => row.incident.publicId, {
    id: "incident",
    header: COLUMN_LABELS.incident,
    filterFn: filteredOnServer,
    cell: ({ row }) => (
      <Link
        href={`/incidents/${encodeURIComponent(row.original.incident.publicId)}`}
        className="text-indigo-700 hover:underline"
        title={row.original.incident.title}
      >
        <span className="font-mono text-xs">{row.original.incident.publicId}</span>
        <span className="block max-w-56 truncate text-xs text-slate-600">{row.original.incident.title}</span>
      </Link>
    ),
  }),
  helper.accessor((row) => row.incident.severity, { id: "severity", header: COLUMN_LABELS.severity, enableSorting: false, filterFn: filteredOnServer }),
  helper.accessor((row) => row.incident.services.join(", "), {
    id: "service",
    header: COLUMN_LABELS.service,
    enableSorting: false,
    filterFn: filteredOnServer,
  }),
  helper.accessor((row) => row.owner?.name ?? row.ownerName, {
    id: "owner",
    header: COLUMN_LABELS.owner,
    filterFn: filteredOnServer,
    cell: ({ row }) => <OwnerCell item={row.original} />,
  }),
  helper.accessor("dueDate", {
    id: "dueDate",
    header: COLUMN_LABELS.dueDate,
    filterFn: filteredOnServer,
    cell: ({ row }) => <DueDateCell item={row.original} />,
  }),
  helper.accessor("priority", {
    id: "priority",
    header: COLUMN_LABELS.priority,
    enableColumnFilter: false,
    cell: ({ row }) => <PriorityCell item={row.original} />,
  }),
  helper.accessor("status", { id: "status", header: COLUMN_LABELS.status, filterFn: filteredOnServer, cell: ({ row }) => <StatusCell item={row.original} /> }),
  helper.accessor("trackerUrl", {
    id: "tracker",
    header: COLUMN_LABELS.tracker,
    enableSorting: false,
    enableColumnFilter: false,
    cell: ({ row }) => <TrackerCell item={row.original} />,
  }),
  helper.accessor("createdAt", {
    id: "createdAt",
    header: COLUMN_LABELS.createdAt,
    enableColumnFilter: false,
    cell: ({ row, table }) => {
      const timeZone = table.options.meta?.timeZone ?? "UTC";
      return (
        <time dateTime={row.original.createdAt} title={isoUtc(new Date(row.original.createdAt))} className="whitespace-nowrap">
          {formatDateTime(new Date(row.original.createdAt), timeZone)}
        </time>
      );
    },
  }),
]);

// ---------------------------------------------------------------------------------------------------------------
// View <-> TanStack state

type DueFilter = { overdue: boolean; dueWithin: number | null };

function columnFiltersOf(view: ActionItemView): ColumnFiltersState {
  const filters: ColumnFiltersState = [];
  if (view.owner) filters.push({ id: "owner", value: view.owner });
  if (view.status.length) filters.push({ id: "status", value: view.status });
  if (view.overdue || view.dueWithin !== null) filters.push({ id: "dueDate", value: { overdue: view.overdue, dueWithin: view.dueWithin } satisfies DueFilter });
  if (view.severity) filters.push({ id: "severity", value: view.severity });
  if (view.service) filters.push({ id: "service", value: view.service });
  if (view.incident) filters.push({ id: "incident", value: view.incident });
  return filters;
}

function viewFiltersOf(filters: ColumnFiltersState): Partial<ActionItemView> {
  const value = (id: string) => filters.find((filter) => filter.id === id)?.value;
  const due = value("dueDate") as DueFilter | undefined;
  return {
    owner: (value("owner") as string | undefined) ?? null,
    status: (value("status") as ActionItemView["status"] | undefined) ?? [],
    overdue: due?.overdue ?? false,
    dueWithin: due?.dueWithin ?? null,
    severity: (value("severity") as string | undefined) ?? null,
    service: (value("service") as string | undefined) ?? null,
    incident: (value("incident") as string | undefined) ?? null,
  };
}

const isSortable = (id: string | undefined): id is SortableColumn => (SORTABLE_COLUMNS as readonly string[]).includes(id ?? "");

export type ActionItemTableProps = {
  page: ActionItemPage;
  view: ActionItemView;
  people: PersonOption[];
  severities: string[];
  services: string[];
  timeZone: string;
  update: UpdateActionItemAction;
  /** GitHub and Jira integrations offered as "Create ... issue" on items the viewer may change */
  trackers?: TrackerOption[];
};

export function ActionItemTable({ page, view, people, severities, services, timeZone, update, trackers = [] }: ActionItemTableProps) {
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  // The URL is the truth; while the next page loads, show the view as asked for.
  const [shown, setShown] = useOptimistic(view);

  function go(next: ActionItemView) {
    startNavigation(() => {
      setShown(next);
      router.push(actionItemViewHref(next), { scroll: false });
    });
  }

  const state = useMemo(
    () => ({
      sorting: [{ id: shown.sort, desc: shown.order === "desc" }] satisfies SortingState,
      pagination: { pageIndex: shown.page - 1, pageSize: shown.size } satisfies PaginationState,
      columnFilters: columnFiltersOf(shown),
      columnVisibility: Object.fromEntries(ACTION_ITEM_COLUMNS.map((column) => [column, shown.columns.includes(column)])) satisfies ColumnVisibilityState,
    }),
    [shown],
  );

  const table = useTable({
    features,
    columns,
    data: page.rows,
    getRowId: (row) => row.id,
    rowCount: page.total,
    state,
    meta: { timeZone },
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    autoResetPageIndex: false,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = functionalUpdate(updater, state.sorting);
      go(
        changeView(shown, isSortable(next?.id) ? { sort: next.id, order: next.desc ? "desc" : "asc" } : { sort: DEFAULT_VIEW.sort, order: DEFAULT_VIEW.order }),
      );
    },
    onPaginationChange: (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, state.pagination);
      const size = next.pageSize as ActionItemView["size"];
      go(size !== shown.size ? changeView(shown, { size }) : changeView(shown, { page: next.pageIndex + 1 }));
    },
    onColumnFiltersChange: (updater: Updater<ColumnFiltersState>) => {
      go(changeView(shown, viewFiltersOf(functionalUpdate(updater, state.columnFilters))));
    },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
      const next = functionalUpdate(updater, state.columnVisibility);
      go(changeView(shown, { columns: ACTION_ITEM_COLUMNS.filter((column) => column === "title" || next[column] !== false) }));
    },
  });

  const filtered = columnFiltersOf(shown).length > 0;
  const rows = table.getRowModel().rows;

  return (
    <InlineEditContext.Provider value={{ update, people, trackers }}>
      <ViewControls
        table={table}
        view={shown}
        people={people}
        severities={severities}
        services={services}
        onReset={() => go({ ...DEFAULT_VIEW, columns: shown.columns, size: shown.size })}
      />
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "No action items match" : "No action items yet"}>
          {filtered
            ? "Try other filters, or clear them."
            : "Action items come from postmortems: each has an owner and a due date, and Hindsight reminds the owner."}
        </EmptyState>
      ) : (
        <div
          className={`rounded-lg transition-opacity md:overflow-x-auto md:bg-white md:shadow md:ring-1 md:ring-slate-200 ${navigating ? "opacity-60" : ""}`}
          aria-busy={navigating}
        >
          {/* One table, two layouts. From md up, a table; narrower, each row is a card (every visible cell on a line
              of its own, under its column's name) and the header a row of sort buttons: the same inline edits, and
              nothing wider than a phone. */}
          <table className="min-w-full text-sm max-md:block md:divide-y md:divide-slate-200" data-testid="action-item-table">
            <thead className="text-left text-xs font-semibold tracking-wide text-slate-600 uppercase max-md:mb-2 max-md:block md:bg-slate-50">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id} className="max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-1">
                  {group.headers.map((header) => (
                    <SortableHeaderCell
                      key={header.id}
                      className={`px-4 py-3 max-md:px-2 max-md:py-1 ${header.column.getCanSort() ? "" : "max-md:hidden"}`}
                      sorted={header.column.getIsSorted()}
                      onSort={header.column.getCanSort() ? header.column.getToggleSortingHandler() : undefined}
                    >
                      <table.FlexRender header={header} />
                    </SortableHeaderCell>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody className="max-md:block max-md:space-y-3 md:divide-y md:divide-slate-100">
              {rows.map((row) => (
                <tr
                  key={row.id}
                  data-testid="action-item-row"
                  data-overdue={row.original.overdue ? "true" : undefined}
                  className={`max-md:block max-md:rounded-lg max-md:p-3 max-md:shadow max-md:ring-1 ${
                    row.original.overdue ? "bg-red-50/40 max-md:bg-red-50 max-md:ring-red-200" : "max-md:bg-white max-md:ring-slate-200"
                  }`}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      data-label={cell.column.id === "title" ? undefined : COLUMN_LABELS[cell.column.id as keyof typeof COLUMN_LABELS]}
                      className="action-cell"
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-700">
        <span data-testid="page-status">
          Page {page.page} of {page.pageCount} · {page.total} item{page.total === 1 ? "" : "s"}
        </span>
        <span className="flex items-center gap-2">
          <button type="button" className={buttonClass("secondary")} disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
            Previous
          </button>
          <button type="button" className={buttonClass("secondary")} disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>
            Next
          </button>
        </span>
      </nav>
    </InlineEditContext.Provider>
  );
}

export type ActionItemTableInstance = ReturnType<typeof useTable<typeof features, ActionItemRow>>;
