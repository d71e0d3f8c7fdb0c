// Two versions of a report compared in people's words: one block per changed section, one row per changed part
// ("Action item 'Add pool alerts': owner"), the two sides side by side (stacked on a phone) with the words that
// changed marked. Removed words are struck through and added ones underlined, so the marks read without colour too.
// A server component: jsdiff runs on the server and none of it reaches the browser.
import type { ReportFieldChange } from "@/lib/incidents/report-diff";
import { readableChanges, wordMarks, type ReadableRow, type Segment } from "@/lib/reviews/readable-diff";

const DEL = "rounded-sm bg-red-100 px-0.5 text-red-900 line-through decoration-red-900 decoration-2";
const INS = "rounded-sm bg-emerald-100 px-0.5 text-emerald-900 underline decoration-emerald-900 decoration-2 underline-offset-2";

function Marked({ segments, mark }: { segments: Segment[]; mark: "del" | "ins" }) {
  return segments.map((segment, index) =>
    !segment.changed ? (
      <span key={index}>{segment.text}</span>
    ) : mark === "del" ? (
      <del key={index} className={DEL}>
        {segment.text}
      </del>
    ) : (
      <ins key={index} className={INS}>
        {segment.text}
      </ins>
    ),
  );
}

function Side({
  value,
  segments,
  mark,
  sideLabel,
  missing,
}: {
  value: string | null;
  segments: Segment[];
  mark: "del" | "ins";
  sideLabel: string;
  missing: string;
}) {
  return (
    <div className="min-w-0">
      <p className="mb-0.5 text-xs font-medium text-slate-600 sm:sr-only">{sideLabel}</p>
      <div
        className="whitespace-pre-wrap break-words text-sm text-slate-800 [overflow-wrap:anywhere]"
        data-testid={mark === "del" ? "diff-before" : "diff-after"}
      >
        {value === null ? (
          <em className="text-slate-600">{missing}</em>
        ) : value === "" ? (
          <em className="text-slate-600">(empty)</em>
        ) : (
          <Marked segments={segments} mark={mark} />
        )}
      </div>
    </div>
  );
}

function Row({ row, groupLabel, fromLabel, toLabel }: { row: ReadableRow; groupLabel: string; fromLabel: string; toLabel: string }) {
  const marks = wordMarks(row.before ?? "", row.after ?? "");
  return (
    <li className="grid gap-2 px-4 py-3 sm:grid-cols-2 sm:gap-4" data-testid="diff-row">
      {row.label !== groupLabel ? (
        <p className="text-sm font-medium text-slate-900 sm:col-span-2" data-testid="diff-label">
          {row.label}
          {row.before === null ? <span className="ml-2 text-xs font-normal text-slate-600">(added)</span> : null}
          {row.after === null ? <span className="ml-2 text-xs font-normal text-slate-600">(removed)</span> : null}
        </p>
      ) : null}
      <Side value={row.before} segments={marks.before} mark="del" sideLabel={fromLabel} missing={`Not in ${fromLabel.toLowerCase()}`} />
      <Side value={row.after} segments={marks.after} mark="ins" sideLabel={toLabel} missing={`Not in ${toLabel.toLowerCase()}`} />
    </li>
  );
}

export function RevisionDiff({
  fromLabel,
  toLabel,
  changes,
  timeZone = "UTC",
  people = {},
}: {
  fromLabel: string;
  toLabel: string;
  changes: ReportFieldChange[];
  /** the viewer's zone: every time is shown in it */
  timeZone?: string;
  /** action-item owners' names by lower-case email */
  people?: Readonly<Record<string, string>>;
}) {
  const rows = readableChanges(changes, { timeZone, people });
  if (rows.length === 0) {
    return (
      <p className="rounded-lg bg-emerald-50 p-4 text-sm text-emerald-800 ring-1 ring-emerald-200" data-testid="revision-diff">
        No differences: {fromLabel.toLowerCase()} and {toLabel.toLowerCase()} hold the same content.
      </p>
    );
  }
  const groups = changes.map((change) => ({ change, rows: rows.filter((row) => row.field === change.field) })).filter((group) => group.rows.length > 0);
  return (
    <div className="space-y-4" data-testid="revision-diff">
      <p className="text-sm text-slate-700">
        {groups.length} section{groups.length === 1 ? "" : "s"} changed. <del className={DEL}>Struck-through words</del> were removed,{" "}
        <ins className={INS}>underlined words</ins> added.
      </p>
      <div className="hidden grid-cols-2 gap-4 px-4 text-xs font-semibold uppercase tracking-wide text-slate-600 sm:grid" aria-hidden="true">
        <span>{fromLabel}</span>
        <span>{toLabel}</span>
      </div>
      {groups.map(({ change, rows: groupRows }) => (
        <section
          key={change.field}
          className="overflow-hidden rounded-lg bg-white shadow ring-1 ring-slate-200"
          aria-labelledby={`diff-heading-${change.field}`}
          data-testid={`diff-${change.field}`}
        >
          <h3 id={`diff-heading-${change.field}`} className="border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm font-semibold text-slate-900">
            {change.label}
          </h3>
          <ul className="divide-y divide-slate-100">
            {groupRows.map((row) => (
              <Row key={row.key} row={row} groupLabel={change.label} fromLabel={fromLabel} toLabel={toLabel} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
