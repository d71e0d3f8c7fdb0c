"use client";

// One list editor for every repeated part of a report (timeline, factors, metrics, action items ...): add, remove
// and, where order matters, move up and down. Rows keep their React key through edits (document-ops rowKey).
import type { ReactNode } from "react";
import { carryKey, rowKey } from "@/components/incidents/editor/document-ops";
import { TextAreaField } from "@/components/incidents/editor/fields";

const iconButton =
  "rounded px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40";

export type RowHelpers<T> = {
  /** this row's label, e.g. "Timeline entry 3" */
  label: string;
  /** dotted path of this row in the report, e.g. "timeline.2" */
  path: string;
  update: (patch: T extends object ? Partial<T> : T) => void;
};

export function ListEditor<T extends object | string>({
  items,
  onChange,
  itemLabel,
  path,
  newItem,
  addLabel,
  renderItem,
  reorderable = false,
  emptyText = "Nothing yet.",
  layout = "card",
}: {
  items: T[];
  onChange: (items: T[]) => void;
  /** "Contributing factor" → rows "Contributing factor 1", buttons "Remove contributing factor 1" */
  itemLabel: string;
  path: string;
  newItem: () => T;
  addLabel: string;
  renderItem: (item: T, index: number, helpers: RowHelpers<T>) => ReactNode;
  reorderable?: boolean;
  emptyText?: string;
  layout?: "card" | "inline";
}) {
  const lower = itemLabel.charAt(0).toLowerCase() + itemLabel.slice(1);
  const replace = (index: number, next: T) => onChange(items.map((item, i) => (i === index ? next : item)));
  const update = (index: number, patch: unknown) => {
    const item = items[index];
    const next = typeof item === "object" ? carryKey(item as object, { ...(item as object), ...(patch as object) }) : patch;
    replace(index, next as T);
  };
  const move = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= items.length) return;
    const next = [...items];
    [next[index], next[target]] = [next[target], next[index]];
    onChange(next);
  };
  return (
    <div className="space-y-2">
      {items.length === 0 ? <p className="text-sm text-slate-600">{emptyText}</p> : null}
      <ol className="space-y-2">
        {items.map((item, index) => {
          const label = `${itemLabel} ${index + 1}`;
          const lowerLabel = `${lower} ${index + 1}`;
          return (
            <li
              key={typeof item === "object" ? rowKey(item) : index}
              className={layout === "card" ? "rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200" : "flex items-start gap-2"}
            >
              <div className={layout === "card" ? "flex items-start gap-2" : "flex flex-1 items-start gap-2"}>
                <div className="min-w-0 flex-1">{renderItem(item, index, { label, path: `${path}.${index}`, update: (patch) => update(index, patch) })}</div>
                <div className="flex shrink-0 gap-1 pt-5">
                  {reorderable ? (
                    <>
                      <button
                        type="button"
                        className={iconButton}
                        onClick={() => move(index, -1)}
                        disabled={index === 0}
                        aria-label={`Move ${lowerLabel} up`}
                        title="Move up"
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className={iconButton}
                        onClick={() => move(index, 1)}
                        disabled={index === items.length - 1}
                        aria-label={`Move ${lowerLabel} down`}
                        title="Move down"
                      >
                        ↓
                      </button>
                    </>
                  ) : null}
                  <button
                    type="button"
                    className={`${iconButton} text-red-700`}
                    onClick={() => onChange(items.filter((_, i) => i !== index))}
                    aria-label={`Remove ${lowerLabel}`}
                    title="Remove"
                  >
                    Remove
                  </button>
                </div>
              </div>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="rounded-md px-3 py-1.5 text-sm font-semibold text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50"
        onClick={() => onChange([...items, newItem()])}
      >
        + {addLabel}
      </button>
    </div>
  );
}

/** An ordered list of texts: contributing factors, resolution steps, preventive measures. */
export function TextListEditor({
  items,
  onChange,
  itemLabel,
  path,
  addLabel,
}: {
  items: string[];
  onChange: (items: string[]) => void;
  itemLabel: string;
  path: string;
  addLabel: string;
}) {
  return (
    <ListEditor<string>
      items={items}
      onChange={onChange}
      itemLabel={itemLabel}
      path={path}
      newItem={() => ""}
      addLabel={addLabel}
      reorderable
      layout="inline"
      renderItem={(item, _index, row) => (
        <TextAreaField label={row.label} path={row.path} value={item} nullable={false} rows={2} onChange={(value) => row.update(value ?? "")} />
      )}
    />
  );
}
