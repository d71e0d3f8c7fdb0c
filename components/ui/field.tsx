import type { ComponentProps, ReactNode } from "react";

/** A labelled form control with its error right below it, tied together for screen readers. */
export function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error ? (
        <p id={`${name}-error`} className="text-sm text-red-700" data-testid={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500";

export function Input({ name, error, ...props }: ComponentProps<"input"> & { name: string; error?: string }) {
  return (
    <input
      id={name}
      name={name}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${name}-error` : undefined}
      className={inputClass}
      {...props}
    />
  );
}

export function Select({ name, error, children, ...props }: ComponentProps<"select"> & { name: string; error?: string }) {
  return (
    <select id={name} name={name} aria-invalid={error ? true : undefined} className={inputClass} {...props}>
      {children}
    </select>
  );
}

/** A message for the whole form (what went wrong, or that it worked). */
export function FormMessage({ message, tone = "error" }: { message?: string | null; tone?: "error" | "success" }) {
  if (!message) return null;
  const color = tone === "error" ? "bg-red-50 text-red-800 ring-red-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200";
  return (
    <p className={`rounded-md px-3 py-2 text-sm ring-1 ring-inset ${color}`} data-testid={tone === "error" ? "form-error" : "form-success"}>
      {message}
    </p>
  );
}
