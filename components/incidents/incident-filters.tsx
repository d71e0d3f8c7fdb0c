"use client";

// Search and filters of the incident list: a GET form, so it works before (and without) JavaScript; with it, the
// submit goes through the view's own URL writer, which leaves out empty fields and defaults.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { INCIDENT_STATUSES } from "@/lib/incidents/enums";
import { REPORT_STATES, incidentListViewHref, isFiltered, parseIncidentListView, type IncidentListView } from "@/lib/incidents/list-view";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { incidentStatusLabel } from "@/components/incidents/labels";

const STATE_LABELS: Record<(typeof REPORT_STATES)[number], string> = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  CHANGES_REQUESTED: "Changes requested",
  APPROVED: "Approved",
};

export type FilterPerson = { id: string; name: string };

/**
 * A popover of choices (checkboxes, or radio buttons with `single`). Its list is rendered when first opened: a page
 * does not carry every service and person as markup that most views never open. Until then, what is chosen is sent
 * as hidden fields, so the form submits the same view either way.
 */
function Choices({
  label,
  name,
  options,
  selected,
  single = false,
  anyLabel = "any",
}: {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  selected: string[];
  single?: boolean;
  anyLabel?: string;
}) {
  const [opened, setOpened] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  // A popover closes when the reader clicks or tabs elsewhere (it would otherwise cover the controls below it).
  useEffect(() => {
    const closeIfOutside = (event: Event) => {
      if (details.current?.open && event.target instanceof Node && !details.current.contains(event.target)) details.current.open = false;
    };
    document.addEventListener("pointerdown", closeIfOutside);
    document.addEventListener("focusin", closeIfOutside);
    return () => {
      document.removeEventListener("pointerdown", closeIfOutside);
      document.removeEventListener("focusin", closeIfOutside);
    };
  }, []);
  const chosen = options.filter((option) => selected.some((value) => value.toLowerCase() === option.value.toLowerCase()));
  const summary = chosen.length === 0 ? anyLabel : chosen.length <= 2 ? chosen.map((option) => option.label).join(", ") : `${chosen.length} chosen`;
  return (
    <details ref={details} className="relative" data-testid={`filter-${name}`} onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary className={`${inputClass} cursor-pointer select-none whitespace-nowrap`}>
        {label}: {summary}
      </summary>
      {opened ? (
        <fieldset className="absolute z-20 mt-1 max-h-72 w-60 space-y-1 overflow-y-auto rounded-md bg-white p-3 text-sm shadow-lg ring-1 ring-slate-200">
          <legend className="sr-only">{label}</legend>
          {single ? (
            <label className="flex items-center gap-2">
              <input type="radio" name={name} value="" defaultChecked={chosen.length === 0} className="h-4 w-4 border-slate-300" />
              <span className="truncate">{anyLabel}</span>
            </label>
          ) : null}
          {options.map((option) => (
            <label key={option.value} className="flex items-center gap-2">
              <input
                type={single ? "radio" : "checkbox"}
                name={name}
                value={option.value}
                defaultChecked={chosen.includes(option)}
                className={single ? "h-4 w-4 border-slate-300" : "h-4 w-4 rounded border-slate-300"}
              />
              <span className="truncate">{option.label}</span>
            </label>
          ))}
        </fieldset>
      ) : (
        chosen.map((option) => <input key={option.value} type="hidden" name={name} value={option.value} />)
      )}
    </details>
  );
}

function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children}
    </div>
  );
}

export function IncidentFilters({
  view,
  severities,
  services,
  people,
}: {
  view: IncidentListView;
  severities: string[];
  services: string[];
  people: FilterPerson[];
}) {
  const router = useRouter();
  const withCurrent = (options: string[], current: string[]) => [
    ...options,
    ...current.filter((value) => !options.some((option) => option.toLowerCase() === value.toLowerCase())),
  ];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const [key, value] of form) if (typeof value === "string" && value.trim() !== "") params.append(key, value);
    router.push(incidentListViewHref(parseIncidentListView(params)));
  }

  // A change of filters starts on page 1 but keeps the reader's sort and columns.
  const keep = new URLSearchParams(incidentListViewHref({ ...view, page: 1 }).split("?")[1] ?? "");
  return (
    <form
      action="/incidents"
      method="get"
      role="search"
      onSubmit={submit}
      className="mb-4 space-y-3 rounded-lg bg-white p-4 shadow ring-1 ring-slate-200"
      data-testid="incident-filters"
    >
      {keep.get("sort") ? <input type="hidden" name="sort" value={keep.get("sort")!} /> : null}
      {keep.get("order") ? <input type="hidden" name="order" value={keep.get("order")!} /> : null}
      {keep.get("cols") ? <input type="hidden" name="cols" value={keep.get("cols")!} /> : null}
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          name="q"
          type="search"
          defaultValue={view.q ?? ""}
          placeholder='Search every report: words, "a phrase", -exclude, an id or a service'
          aria-label="Search incidents"
          className={`${inputClass} sm:flex-1`}
        />
        <button className={buttonClass("primary")} type="submit">
          Search
        </button>
      </div>
      <div className="flex flex-wrap items-end gap-2 text-sm">
        <Choices
          label="Severity"
          name="severity"
          options={withCurrent(severities, view.severity).map((value) => ({ value, label: value }))}
          selected={view.severity}
        />
        <Choices
          label="Status"
          name="status"
          options={INCIDENT_STATUSES.map((value) => ({ value, label: incidentStatusLabel(value) }))}
          selected={view.status}
        />
        <Choices label="Report" name="state" options={REPORT_STATES.map((value) => ({ value, label: STATE_LABELS[value] }))} selected={view.state} />
        <Choices
          label="Service"
          name="service"
          options={withCurrent(services, view.service).map((value) => ({ value, label: value }))}
          selected={view.service}
        />
        <Field label="Started from" htmlFor="filter-from">
          <input id="filter-from" type="date" name="from" defaultValue={view.from ?? ""} className={inputClass} />
        </Field>
        <Field label="to" htmlFor="filter-to">
          <input id="filter-to" type="date" name="to" defaultValue={view.to ?? ""} className={inputClass} />
        </Field>
        <Choices
          label="Author"
          name="author"
          single
          anyLabel="anyone"
          options={[
            { value: "me", label: "Me" },
            ...(view.author && view.author !== "me" && !people.some((person) => person.id === view.author)
              ? [{ value: view.author, label: "Someone else" }]
              : []),
            ...people.map((person) => ({ value: person.id, label: person.name })),
          ]}
          selected={view.author ? [view.author] : []}
        />
        <Field label="Visibility" htmlFor="filter-private">
          <select id="filter-private" name="private" defaultValue={view.private === null ? "" : String(view.private)} className={inputClass}>
            <option value="">Private and shared</option>
            <option value="true">Private only</option>
            <option value="false">Shared only</option>
          </select>
        </Field>
        <label className="flex items-center gap-2 pb-2 text-slate-700">
          <input type="checkbox" name="overdue" value="true" defaultChecked={view.overdue} className="h-4 w-4 rounded border-slate-300" />
          Has overdue action items
        </label>
        <button className={buttonClass("secondary")} type="submit">
          Apply filters
        </button>
        {isFiltered(view) ? (
          <a href={incidentListViewHref({ ...parseIncidentListView({}), columns: view.columns })} className="pb-2 font-medium text-indigo-700 hover:underline">
            Clear all
          </a>
        ) : null}
      </div>
    </form>
  );
}
