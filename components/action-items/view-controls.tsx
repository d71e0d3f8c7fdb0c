"use client";

// Filters, columns and page size of the action-item table. Each control sets TanStack state (a column's filter
// value, a column's visibility, the page size); the table turns that into the URL.
import type { ReactNode } from "react";
import type { PersonOption } from "@/lib/action-items/schema";
import { ACTION_ITEM_COLUMNS, PAGE_SIZES, type ActionItemView } from "@/lib/action-items/schema";
import type { ActionItemStatus } from "@/lib/incidents/schema";
import { COLUMN_LABELS, STATUS_LABELS } from "@/components/action-items/labels";
import type { ActionItemTableInstance } from "@/components/action-items/action-item-table";
import { ColumnChooser } from "@/components/ui/table-controls";

const selectClass =
  "block w-full rounded-md border-0 bg-white py-1.5 pl-2 pr-7 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600";

const STILL_TO_DO: ActionItemStatus[] = ["OPEN", "IN_PROGRESS"];
const DUE_WITHIN_CHOICES = [7, 14, 30];

function Control({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = `filter-${label.toLowerCase().replaceAll(" ", "-")}`;
  return (
    <div className="min-w-36 flex-1 space-y-1 sm:flex-none">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

const statusKey = (statuses: ActionItemStatus[]) => statuses.join(",");

export function ViewControls({
  table,
  view,
  people,
  severities,
  services,
  onReset,
}: {
  table: ActionItemTableInstance;
  view: ActionItemView;
  people: PersonOption[];
  severities: string[];
  services: string[];
  onReset: () => void;
}) {
  const setFilter = (column: string, value: unknown) => table.getColumn(column)?.setFilterValue(value);

  const statusChoices: { value: string; label: string }[] = [
    { value: "", label: "Any status" },
    { value: statusKey(STILL_TO_DO), label: "Still to do" },
    ...(["OPEN", "IN_PROGRESS", "DONE", "WONT_DO"] as const).map((status) => ({ value: status, label: STATUS_LABELS[status] })),
  ];
  const currentStatus = statusKey(view.status);
  if (!statusChoices.some((choice) => choice.value === currentStatus)) {
    statusChoices.push({ value: currentStatus, label: view.status.map((status) => STATUS_LABELS[status]).join(" or ") });
  }

  const dueValue = view.overdue ? "overdue" : view.dueWithin !== null ? String(view.dueWithin) : "";
  const dueChoices = [...new Set([...DUE_WITHIN_CHOICES, ...(view.dueWithin !== null ? [view.dueWithin] : [])])].sort((a, b) => a - b);
  const ownerKnown = !view.owner || ["me", "unassigned"].includes(view.owner) || people.some((person) => person.id === view.owner);
  const withCurrent = (options: string[], current: string | null) =>
    current && !options.some((option) => option.toLowerCase() === current.toLowerCase()) ? [...options, current] : options;

  return (
    <div className="mb-4 space-y-3 rounded-lg bg-white p-4 shadow ring-1 ring-slate-200" data-testid="action-item-filters">
      <div className="flex flex-wrap items-end gap-3">
        <Control label="Owner">
          {(id) => (
            <select id={id} className={selectClass} value={view.owner ?? ""} onChange={(event) => setFilter("owner", event.target.value || undefined)}>
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="unassigned">Unassigned</option>
              {ownerKnown ? null : <option value={view.owner!}>Someone no longer active</option>}
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          )}
        </Control>
        <Control label="Status">
          {(id) => (
            <select
              id={id}
              className={selectClass}
              value={currentStatus}
              onChange={(event) => setFilter("status", event.target.value ? event.target.value.split(",") : undefined)}
            >
              {statusChoices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Control>
        <Control label="Due">
          {(id) => (
            <select
              id={id}
              className={selectClass}
              value={dueValue}
              onChange={(event) => {
                const value = event.target.value;
                setFilter(
                  "dueDate",
                  value === "overdue" ? { overdue: true, dueWithin: null } : value ? { overdue: false, dueWithin: Number(value) } : undefined,
                );
              }}
            >
              <option value="">Any time</option>
              <option value="overdue">Overdue</option>
              {dueChoices.map((days) => (
                <option key={days} value={String(days)}>
                  Due within {days} days
                </option>
              ))}
            </select>
          )}
        </Control>
        <Control label="Severity">
          {(id) => (
            <select id={id} className={selectClass} value={view.severity ?? ""} onChange={(event) => setFilter("severity", event.target.value || undefined)}>
              <option value="">Any severity</option>
              {withCurrent(severities, view.severity).map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </select>
          )}
        </Control>
        <Control label="Service">
          {(id) => (
            <select id={id} className={selectClass} value={view.service ?? ""} onChange={(event) => setFilter("service", event.target.value || undefined)}>
              <option value="">Any service</option>
              {withCurrent(services, view.service).map((service) => (
                <option key={service} value={service}>
                  {service}
                </option>
              ))}
            </select>
          )}
        </Control>
        <Control label="Incident">
          {(id) => (
            // An id typed (or followed from a row's incident link), not a list of every incident: at 10,000 incidents
            // that list was most of the page.
            <input
              id={id}
              key={view.incident ?? ""}
              type="search"
              className={`${selectClass} max-w-48 pr-2 font-mono`}
              placeholder="INC-2024-1127-001"
              defaultValue={view.incident ?? ""}
              onKeyDown={(event) => {
                if (event.key === "Enter") setFilter("incident", event.currentTarget.value.trim() || undefined);
              }}
              onBlur={(event) => {
                const value = event.currentTarget.value.trim();
                if (value !== (view.incident ?? "")) setFilter("incident", value || undefined);
              }}
            />
          )}
        </Control>
        <button type="button" onClick={onReset} className="pb-1.5 text-sm font-medium text-indigo-700 hover:underline">
          Clear filters
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-4 border-t border-slate-100 pt-3 text-sm">
        <ColumnChooser
          columns={table.getAllLeafColumns().map((column) => ({
            id: column.id,
            label: COLUMN_LABELS[column.id as (typeof ACTION_ITEM_COLUMNS)[number]] ?? column.id,
            visible: column.getIsVisible(),
            canHide: column.getCanHide(),
            setVisible: (visible) => column.toggleVisibility(visible),
          }))}
        />
        <label className="flex items-center gap-2 whitespace-nowrap text-slate-700">
          Rows per page
          <select className={`${selectClass} w-20`} value={view.size} onChange={(event) => table.setPageSize(Number(event.target.value))}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
