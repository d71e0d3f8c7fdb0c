"use client";

// The editor's inputs. Each is controlled by a value from the report and labelled for assistive technology (and for
// tests, which find inputs by label). A field shows the error for its path in the report ("timeline.2.occurredAt").
import { createContext, useContext, useId, useState, type ReactNode } from "react";
import { inputClass } from "@/components/ui/field";
import { MarkdownPreview as Markdown } from "@/components/markdown-preview";
import { formatWallDateTime, parseWallDateTime, WALL_DATE_TIME_FORMAT } from "@/lib/time/wall-input";

export const FieldErrorsContext = createContext<Record<string, string>>({});
/** The zone every date-time of the report is written and shown in (the report's own, named once in its header). */
export const ReportTimeZoneContext = createContext("UTC");

function useFieldError(path: string | undefined): string | undefined {
  const errors = useContext(FieldErrorsContext);
  return path ? errors[path] : undefined;
}

type Common = { label: string; path?: string; hint?: ReactNode; hideLabel?: boolean; className?: string };

function Shell({ id, label, error, hint, hideLabel, className = "", children }: Omit<Common, "path"> & { id: string; error?: string; children: ReactNode }) {
  return (
    <div className={`space-y-1 ${className}`}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-xs font-medium text-slate-700"}>
        {label}
      </label>
      {children}
      {hint && !error ? <p className="text-xs text-slate-600">{hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-700" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function errorProps(id: string, error: string | undefined) {
  return error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {};
}

export function TextField({
  value,
  onChange,
  nullable = false,
  placeholder,
  list,
  ...common
}: Common & { value: string | null | undefined; onChange: (value: string | null) => void; nullable?: boolean; placeholder?: string; list?: string }) {
  const id = useId();
  const error = useFieldError(common.path);
  return (
    <Shell id={id} error={error} {...common}>
      <input
        id={id}
        type="text"
        className={inputClass}
        value={value ?? ""}
        placeholder={placeholder}
        list={list}
        onChange={(event) => onChange(nullable && event.target.value === "" ? null : event.target.value)}
        {...errorProps(id, error)}
      />
    </Shell>
  );
}

export function TextAreaField({
  value,
  onChange,
  nullable = true,
  rows = 3,
  ...common
}: Common & { value: string | null | undefined; onChange: (value: string | null) => void; nullable?: boolean; rows?: number }) {
  const id = useId();
  const error = useFieldError(common.path);
  return (
    <Shell id={id} error={error} {...common}>
      <textarea
        id={id}
        rows={rows}
        className={inputClass}
        value={value ?? ""}
        onChange={(event) => onChange(nullable && event.target.value === "" ? null : event.target.value)}
        {...errorProps(id, error)}
      />
    </Shell>
  );
}

/** Markdown source with a preview rendered exactly as the report will show it. */
export function MarkdownField({
  value,
  onChange,
  rows = 5,
  ...common
}: Common & { value: string | null; onChange: (value: string | null) => void; rows?: number }) {
  const id = useId();
  const error = useFieldError(common.path);
  const [previewChosen, setPreview] = useState(false);
  // a field with an error is shown as its source, where the error can be fixed (and focused)
  const preview = previewChosen && !error;
  return (
    <div className={`space-y-1 ${common.className ?? ""}`}>
      <div className="flex items-center justify-between">
        <label htmlFor={id} className={common.hideLabel ? "sr-only" : "block text-xs font-medium text-slate-700"}>
          {common.label}
        </label>
        <button type="button" className="text-xs font-medium text-indigo-700 hover:underline" onClick={() => setPreview((on) => !on)} aria-pressed={preview}>
          {preview ? `Edit ${common.label.toLowerCase()}` : `Preview ${common.label.toLowerCase()}`}
        </button>
      </div>
      {preview ? (
        <div className="min-h-16 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200" data-testid="markdown-preview">
          {value ? <Markdown>{value}</Markdown> : <p className="text-sm text-slate-600">Nothing written yet.</p>}
        </div>
      ) : (
        <textarea
          id={id}
          rows={rows}
          className={`${inputClass} font-mono`}
          value={value ?? ""}
          onChange={(event) => onChange(event.target.value === "" ? null : event.target.value)}
          {...errorProps(id, error)}
        />
      )}
      {common.hint && !error ? <p className="text-xs text-slate-600">{common.hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-700" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField<V extends string>({
  value,
  onChange,
  options,
  ...common
}: Common & { value: V; onChange: (value: V) => void; options: readonly { value: V; label: string }[] }) {
  const id = useId();
  const error = useFieldError(common.path);
  return (
    <Shell id={id} error={error} {...common}>
      <select id={id} className={inputClass} value={value} onChange={(event) => onChange(event.target.value as V)} {...errorProps(id, error)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

export function CheckboxField({
  checked,
  onChange,
  label,
  path,
  className = "",
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  path?: string;
  className?: string;
}) {
  const id = useId();
  const error = useFieldError(path);
  return (
    <div className={className}>
      <div className="flex items-center gap-2">
        <input
          id={id}
          type="checkbox"
          className="h-4 w-4 rounded border-slate-300 text-indigo-600"
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
          {...errorProps(id, error)}
        />
        <label htmlFor={id} className="text-sm text-slate-700">
          {label}
        </label>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-700" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const formatNumber = (value: number | null, scale: number) => (value === null || Number.isNaN(value) ? "" : String(Math.round(value * scale * 1e9) / 1e9));

function parseNumber(text: string): number | null {
  const cleaned = text.trim().replace(/[,_\s]/g, "");
  if (cleaned === "") return null;
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/**
 * A number typed as text ("4,200", "23.5"). What the user typed stays as typed while it is not a number (the report
 * then holds NaN, which validation reports); `scale` shows a fraction as a percentage (0.23 as 23).
 */
export function NumberField({
  value,
  onChange,
  scale = 1,
  unit,
  ...common
}: Common & { value: number | null; onChange: (value: number | null) => void; scale?: number; unit?: string }) {
  const id = useId();
  const error = useFieldError(common.path);
  const [text, setText] = useState(() => formatNumber(value, scale));
  const [shown, setShown] = useState(value);
  // The report changed from elsewhere (restore, merge, save): show its value. Derived state, not an effect.
  if (!Object.is(shown, value)) {
    setShown(value);
    const typed = parseNumber(text);
    const typedValue = typed === null || Number.isNaN(typed) ? typed : typed / scale;
    if (!Object.is(typedValue, value)) setText(formatNumber(value, scale));
  }
  return (
    <Shell id={id} error={error} {...common}>
      <div className="flex items-center gap-1">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          className={inputClass}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            const parsed = parseNumber(event.target.value);
            const next = parsed === null || Number.isNaN(parsed) ? parsed : parsed / scale;
            setShown(next);
            onChange(next);
          }}
          {...errorProps(id, error)}
        />
        {unit ? <span className="text-sm text-slate-600">{unit}</span> : null}
      </div>
    </Shell>
  );
}

/**
 * A date-time in the report's zone, written "2024-11-27 14:23" (24-hour), the one format of every time in the editor.
 * Typing and pasting work (an ISO instant with its own offset is taken as that instant). Text that is not a time stays
 * in the report as typed, so that the save refuses it and the field says what is wrong, instead of silently keeping
 * the previous value.
 */
export function DateTimeField({
  value,
  onChange,
  onBlur,
  nullable = true,
  ...common
}: Common & { value: string | null; onChange: (value: string | null) => void; onBlur?: () => void; nullable?: boolean }) {
  const id = useId();
  const timeZone = useContext(ReportTimeZoneContext);
  // the text while the field has focus: reformatting on every keystroke would move the caret
  const [editing, setEditing] = useState<string | null>(null);
  const formatted = value ? formatWallDateTime(value, timeZone) : null;
  const shown = value ? (formatted ?? value) : "";
  const invalid = value && formatted === null ? parseWallDateTime(value, timeZone) : null;
  const savedError = useFieldError(common.path);
  const error = (editing === null && invalid && !invalid.ok ? invalid.message : undefined) ?? savedError;
  return (
    <Shell id={id} error={error} {...common}>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder={WALL_DATE_TIME_FORMAT}
        className={`${inputClass} font-mono sm:max-w-[14rem]`}
        value={editing ?? shown}
        onFocus={() => setEditing(shown)}
        onChange={(event) => {
          const text = event.target.value;
          setEditing(text);
          const parsed = parseWallDateTime(text, timeZone);
          onChange(parsed === null ? (nullable ? null : "") : parsed.ok ? parsed.iso : text);
        }}
        onBlur={() => {
          setEditing(null);
          onBlur?.();
        }}
        {...errorProps(id, error)}
      />
    </Shell>
  );
}

export function DateField({ value, onChange, ...common }: Common & { value: string | null; onChange: (value: string | null) => void }) {
  const id = useId();
  const error = useFieldError(common.path);
  return (
    <Shell id={id} error={error} {...common}>
      <input
        id={id}
        type="date"
        className={inputClass}
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}
        {...errorProps(id, error)}
      />
    </Shell>
  );
}
