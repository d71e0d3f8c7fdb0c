// The parts the sortable, column-choosing tables share (the action items and the incident list): a header cell whose
// label sorts the column, and the "Columns" chooser. Plain props, so they serve any TanStack table (or none).
import type { ReactNode } from "react";

export type SortDirection = false | "asc" | "desc";

/** A column header; with `onSort`, its label is a button that sorts by it, and `aria-sort` says how it is sorted. */
export function SortableHeaderCell({
  sorted,
  onSort,
  className = "px-4 py-3",
  children,
}: {
  sorted: SortDirection;
  onSort?: ((event: unknown) => void) | undefined;
  className?: string;
  children: ReactNode;
}) {
  return (
    <th scope="col" className={className} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
      {onSort ? (
        <button type="button" onClick={onSort} className="inline-flex items-center gap-1 uppercase hover:text-slate-900" title="Sort">
          {children}
          <span aria-hidden className="text-slate-400">
            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
          </span>
        </button>
      ) : (
        children
      )}
    </th>
  );
}

export type ChoosableColumn = { id: string; label: string; visible: boolean; canHide: boolean; setVisible: (visible: boolean) => void };

/** "Columns": a checkbox per column; the ones that cannot be hidden are shown checked and disabled. */
export function ColumnChooser({ columns, className = "relative" }: { columns: ChoosableColumn[]; className?: string }) {
  return (
    <details className={className} data-testid="column-chooser">
      <summary className="cursor-pointer select-none font-medium text-slate-700">Columns</summary>
      <fieldset className="absolute z-10 mt-2 w-48 space-y-1 rounded-md bg-white p-3 shadow-lg ring-1 ring-slate-200">
        <legend className="sr-only">Columns to show</legend>
        {columns.map((column) => (
          <label key={column.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              className="h-4 w-4 rounded border-slate-300"
              checked={column.visible}
              disabled={!column.canHide}
              onChange={(event) => column.setVisible(event.target.checked)}
            />
            {column.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
