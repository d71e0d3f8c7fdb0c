import type { ComponentProps, ReactNode } from "react";

// Table primitives, so every list looks and reads the same: header cells are column headers for screen readers
// (scope="col"), a caption names the table (hidden unless asked for), and the two looks the pages use live here once.
// No hooks and no context: they render in server components as well as client ones.

/** "panel": a white card of its own (lists that make up a page). "plain": inside a section that is already a card. */
export type TableVariant = "panel" | "plain";

const tableClass: Record<TableVariant, string> = {
  panel: "min-w-full divide-y divide-slate-200 text-sm",
  plain: "w-full text-sm",
};
const headClass: Record<TableVariant, string> = {
  panel: "bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600",
  plain: "text-left text-xs uppercase text-slate-500",
};
const bodyClass: Record<TableVariant, string> = {
  panel: "divide-y divide-slate-100",
  plain: "",
};

/** The card a "panel" table sits in; it scrolls sideways on narrow screens instead of squeezing the columns. */
export const tablePanelClass = "overflow-x-auto rounded-lg bg-white shadow ring-1 ring-slate-200";

const join = (...parts: (string | undefined | false)[]) => parts.filter(Boolean).join(" ");

export function Table({
  variant = "panel",
  caption,
  captionVisible = false,
  wrapperClassName,
  footer,
  className,
  children,
  ...props
}: ComponentProps<"table"> & {
  variant?: TableVariant;
  /** names the table for screen readers; shown only with captionVisible */
  caption?: ReactNode;
  captionVisible?: boolean;
  /** extra classes for the panel's card (a "plain" table has no card) */
  wrapperClassName?: string;
  /** shown in the panel's card below the table, e.g. "Showing 50 of 120." */
  footer?: ReactNode;
}) {
  const table = (
    <table className={join(tableClass[variant], className)} {...props}>
      {caption ? <caption className={captionVisible ? "px-4 py-2 text-left text-sm font-medium text-slate-700" : "sr-only"}>{caption}</caption> : null}
      {children}
    </table>
  );
  if (variant === "plain") return table;
  return (
    <div className={join(tablePanelClass, wrapperClassName)}>
      {table}
      {footer}
    </div>
  );
}

export function TableHead({ variant = "panel", className, ...props }: ComponentProps<"thead"> & { variant?: TableVariant }) {
  return <thead className={join(headClass[variant], className)} {...props} />;
}

export function TableBody({ variant = "panel", className, ...props }: ComponentProps<"tbody"> & { variant?: TableVariant }) {
  return <tbody className={join(bodyClass[variant], className) || undefined} {...props} />;
}

/** A body row; `separated` draws the line above it that "plain" tables use between rows. */
export function TableRow({ separated = false, className, ...props }: ComponentProps<"tr"> & { separated?: boolean }) {
  return <tr className={join(separated && "border-t border-slate-100", className) || undefined} {...props} />;
}

/**
 * A header cell, a column header unless told otherwise (scope="row" for a row's own label). `padding` replaces the
 * default spacing ("plain" tables are tighter); `className` adds to it.
 */
export function TableHeaderCell({ scope = "col", padding = "px-4 py-3", className, ...props }: ComponentProps<"th"> & { padding?: string }) {
  return <th scope={scope} className={join(padding, className)} {...props} />;
}

export function TableCell({ padding = "px-4 py-3", className, ...props }: ComponentProps<"td"> & { padding?: string }) {
  return <td className={join(padding, className)} {...props} />;
}

/** One row across all columns saying there is nothing to list, for tables that stay in place when empty. */
export function TableEmptyRow({ columns, children, ...props }: Omit<ComponentProps<"tr">, "children"> & { columns: number; children: ReactNode }) {
  return (
    <tr {...props}>
      <td colSpan={columns} className="px-4 py-6 text-center text-sm text-slate-500">
        {children}
      </td>
    </tr>
  );
}
