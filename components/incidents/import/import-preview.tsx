// The structured report an import would create, field by field, beside the input with each line annotated by the
// field it went into. Lines with content that went nowhere are highlighted: that text would be lost.
import type { ReactNode } from "react";
import type { AnnotatedLine, ImportGuess, ImportPreview as ImportPreviewData, ImportQuestion } from "@/lib/incidents/import";
import type { ReportDocument } from "@/lib/incidents/schema";
import { formatDate, formatDateTime } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { SeverityBadge, incidentStatusLabel } from "@/components/incidents/labels";
import { fieldLabel } from "@/components/incidents/import/field-labels";

const EMPTY = <span className="text-slate-400">—</span>;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 border-t border-slate-100 py-2 sm:grid-cols-[11rem_1fr] sm:gap-3" data-testid={testId}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function TextValue({ value }: { value: string | null }) {
  return value ? <p className="whitespace-pre-wrap break-words">{value}</p> : EMPTY;
}

function ItemList({ items, testId }: { items: ReactNode[]; testId?: string }) {
  if (!items.length) return EMPTY;
  return (
    <ol className="list-decimal space-y-1 pl-5" data-testid={testId}>
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ol>
  );
}

function Moment({ iso, timeZone }: { iso: string | null; timeZone: string }) {
  if (!iso) return EMPTY;
  return (
    <time dateTime={iso} title={iso}>
      {formatDateTime(new Date(iso), timeZone)}
    </time>
  );
}

const lower = (value: string) => value.replaceAll("_", " ").toLowerCase();

function DocumentFields({ document: doc }: { document: ReportDocument }) {
  const zone = doc.timeZone;
  const { impact } = doc;
  return (
    <dl data-testid="preview-fields">
      <Row label="Title">{doc.title}</Row>
      <Row label="Incident ID">
        {doc.publicId ? <span className="font-mono">{doc.publicId}</span> : <span className="text-slate-500">given on import</span>}
      </Row>
      <Row label="Severity">
        <SeverityBadge severity={doc.severity} />
      </Row>
      <Row label="Status">{incidentStatusLabel(doc.status)}</Row>
      <Row label="Impact summary">
        <TextValue value={doc.impactSummary} />
      </Row>
      <Row label="Private">{doc.private ? "Yes" : "No"}</Row>
      <Row label="Time zone">{zone}</Row>
      <Row label="Start">
        <Moment iso={doc.startedAt} timeZone={zone} />
      </Row>
      <Row label="End">
        <Moment iso={doc.endedAt} timeZone={zone} />
      </Row>
      <Row label="Detected">
        <Moment iso={doc.detectedAt} timeZone={zone} />
      </Row>
      <Row label="Mitigated">
        <Moment iso={doc.mitigatedAt} timeZone={zone} />
      </Row>
      <Row label="Resolved">
        <Moment iso={doc.resolvedAt} timeZone={zone} />
      </Row>
      <Row label="Summary">
        <TextValue value={doc.summary} />
      </Row>
      <Row label={`Timeline (${doc.timeline.length})`}>
        {doc.timeline.length ? (
          <ol className="space-y-1" data-testid="preview-timeline">
            {doc.timeline.map((event, index) => (
              <li key={index} className="flex flex-wrap gap-x-2">
                <time dateTime={event.occurredAt} title={event.occurredAt} className="font-mono text-xs leading-5 text-slate-600">
                  {formatDateTime(new Date(event.occurredAt), zone)}
                </time>
                <span className="flex-1">{event.text}</span>
                {event.milestone ? <Badge tone="indigo">{lower(event.milestone)}</Badge> : <span className="text-xs text-slate-400">{lower(event.kind)}</span>}
              </li>
            ))}
          </ol>
        ) : (
          EMPTY
        )}
      </Row>
      <Row label="Root cause">
        <TextValue value={doc.rootCause} />
      </Row>
      <Row label={`Contributing factors (${doc.contributingFactors.length})`}>
        <ItemList items={doc.contributingFactors} />
      </Row>
      <Row label="Trigger">
        <TextValue value={doc.trigger} />
      </Row>
      <Row label="Detection">
        <TextValue value={doc.detection} />
      </Row>
      <Row label="Users affected">{impact.usersAffected !== null ? impact.usersAffected.toLocaleString("en-US") : EMPTY}</Row>
      <Row label="Peak error rate">{impact.errorRate !== null ? `${Math.round(impact.errorRate * 1000) / 10}%` : EMPTY}</Row>
      <Row label="Data loss">
        {impact.dataLoss === null ? EMPTY : impact.dataLoss ? "Yes" : "No"}
        {impact.dataLossNote ? ` — ${impact.dataLossNote}` : ""}
      </Row>
      <Row label={`Impact metrics (${impact.metrics.length})`}>
        <ItemList
          items={impact.metrics.map((metric) => (
            <>
              <AsWritten statement={metric.statement} />
              {metric.label}:{" "}
              <strong>
                {metric.qualifier ? `${metric.qualifier} ` : ""}
                {metric.value}
                {metric.unit ? ` ${metric.unit}` : ""}
              </strong>
              {metric.baseline !== null
                ? ` (baseline ${metric.baseline}${(metric.baselineUnit ?? metric.unit) ? ` ${metric.baselineUnit ?? metric.unit}` : ""})`
                : ""}
              <span className="text-xs text-slate-500"> · {lower(metric.kind)}</span>
            </>
          ))}
        />
      </Row>
      <Row label={`Resolution steps (${doc.resolutionSteps.length})`}>
        <ItemList items={doc.resolutionSteps} />
      </Row>
      <Row label={`Preventive measures (${doc.preventiveMeasures.length})`}>
        <ItemList items={doc.preventiveMeasures} />
      </Row>
      <Row label={`Lessons learned (${doc.lessonsLearned.length})`}>
        <ItemList items={doc.lessonsLearned.map((lesson) => (lesson.category === "GENERAL" ? lesson.text : `${lower(lesson.category)}: ${lesson.text}`))} />
      </Row>
      <Row label={`Affected services (${doc.services.length})`}>
        <ItemList items={doc.services} />
      </Row>
      <Row label={`Configuration (${doc.configuration.length})`}>
        <ItemList
          items={doc.configuration.map((entry) => (
            <>
              <AsWritten statement={entry.statement} />
              {entry.scope ? <span className="text-slate-500">{entry.scope}: </span> : null}
              <span className="font-medium">{entry.key}</span>
              {entry.value ? `: ${entry.value}` : ""}
              {entry.previousValue ? <span className="text-slate-500"> (was {entry.previousValue})</span> : null}
              {entry.note ? <span className="text-slate-500"> — {entry.note}</span> : null}
            </>
          ))}
        />
      </Row>
      <Row label={`Deployment changes (${doc.deploymentChanges.length})`}>
        <ItemList
          items={doc.deploymentChanges.map((change) => (
            <>
              <AsWritten statement={change.statement} />
              <span className="font-medium">{change.component}</span>
              {change.fromVersion || change.toVersion ? (
                <span className="font-mono text-xs">
                  {" "}
                  {change.fromVersion ?? "?"} → {change.toVersion ?? "?"}
                </span>
              ) : null}
              {change.note ? <span className="text-slate-500"> — {change.note}</span> : null}
            </>
          ))}
        />
      </Row>
      <Row label={`Action items (${doc.actionItems.length})`}>
        <ItemList
          testId="preview-action-items"
          items={doc.actionItems.map((item) => (
            <>
              {item.title}
              <span className="text-xs text-slate-500">
                {item.dueDate ? ` · due ${formatDate(new Date(`${item.dueDate}T00:00:00Z`))}` : ""} · {lower(item.priority)} · {lower(item.status)}
                {item.ownerEmail ? ` · ${item.ownerEmail}` : item.ownerName ? ` · ${item.ownerName} (not a user)` : ""}
              </span>
              {item.description ? <p className="whitespace-pre-wrap text-xs text-slate-600">{item.description}</p> : null}
            </>
          ))}
        />
      </Row>
      <Row label="Follow-up review">
        {doc.followUp ? (
          <>
            <p className="font-medium">{formatDate(new Date(doc.followUp.scheduledAt), zone)}</p>
            <TextValue value={doc.followUp.note} />
          </>
        ) : (
          EMPTY
        )}
      </Row>
      <Row label={`Attachments listed (${doc.attachmentsListed.length})`}>
        <ItemList items={doc.attachmentsListed} />
      </Row>
      <Row label="Supporting information">
        <TextValue value={doc.supportingInfo} />
      </Row>
      <Row label="Prepared by">
        <TextValue value={doc.preparedBy} />
      </Row>
      <Row label="Reviewed by">
        <TextValue value={doc.reviewedBy} />
      </Row>
      <Row label={`Other sections (${doc.extraSections.length})`}>
        {doc.extraSections.length ? (
          <div className="space-y-2">
            {doc.extraSections.map((section, index) => (
              <div key={index}>
                <p className="font-medium">{section.heading}</p>
                <TextValue value={section.body} />
              </div>
            ))}
          </div>
        ) : (
          EMPTY
        )}
      </Row>
    </dl>
  );
}

const lineStyles: Record<AnnotatedLine["kind"], string> = {
  mapped: "",
  blank: "text-slate-400",
  decoration: "text-slate-400",
  unmapped: "bg-red-50 ring-1 ring-inset ring-red-200",
};

function AnnotatedSource({ lines }: { lines: AnnotatedLine[] }) {
  return (
    <ol
      className="overflow-x-auto font-mono text-xs leading-5"
      data-testid="import-source"
      aria-label="The input, line by line, with the field each line went into"
    >
      {lines.map((line) => (
        <li
          key={line.line}
          className={`grid grid-cols-[3rem_minmax(0,1fr)] gap-2 px-2 sm:grid-cols-[3rem_minmax(0,1fr)_12rem] ${lineStyles[line.kind]}`}
          data-kind={line.kind}
        >
          <span className="select-none text-right text-slate-400">{line.line}</span>
          <span className="whitespace-pre-wrap break-words">{line.text || " "}</span>
          <span className="col-start-2 font-sans sm:col-start-auto">
            {line.kind === "unmapped" ? (
              <span className="font-semibold text-red-700">not imported</span>
            ) : (
              line.fields.map((field) => (
                <span key={field} className="mr-1 inline-block rounded bg-indigo-50 px-1.5 text-[11px] text-indigo-700">
                  {fieldLabel(field)}
                </span>
              ))
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}

const GUESS_KINDS: Record<ImportGuess["kind"], string> = { timeZone: "Time zone", date: "Date", publicId: "Incident ID", owner: "Owner" };

/** What the importer read that the report does not say plainly, apart from the other warnings, to be checked first. */
function Guesses({ guesses }: { guesses: ImportGuess[] }) {
  return (
    <div className="rounded-md bg-sky-50 px-4 py-3 text-sm text-sky-950 ring-1 ring-inset ring-sky-200" data-testid="import-guesses">
      <p className="font-semibold">What was guessed</p>
      <p className="text-sky-900">The report does not say these plainly; check each before creating the report.</p>
      <ul className="mt-2 space-y-1">
        {guesses.map((guess, index) => (
          <li key={index} className="flex flex-wrap items-baseline gap-x-2" data-testid="import-guess" data-kind={guess.kind}>
            <Badge tone="blue">{GUESS_KINDS[guess.kind]}</Badge>
            <span className="min-w-0 flex-1">{guess.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A zone the report leaves open ("IST"): one radio button per place; choosing one previews again with that zone. */
function TimeZoneQuestionChoice({ question, index, onChooseTimeZone }: { question: ImportQuestion; index: number; onChooseTimeZone?: (zone: string) => void }) {
  const where = question.line === null ? "" : ` on line ${question.line}`;
  return (
    <fieldset className="rounded-md bg-white px-4 py-3 ring-1 ring-inset ring-amber-300" data-testid="import-question" data-written={question.written}>
      <legend className="px-1 text-sm font-semibold text-slate-900">
        Which time zone does “{question.written}”{where} mean?
      </legend>
      <div className="mt-1 flex flex-wrap gap-x-6 gap-y-2">
        {question.choices.map((choice) => (
          <label key={choice.zone} className="flex items-center gap-2 text-sm text-slate-800">
            <input
              type="radio"
              name={`time-zone-question-${index}`}
              value={choice.zone}
              checked={choice.zone === question.chosen}
              disabled={!onChooseTimeZone}
              onChange={() => onChooseTimeZone?.(choice.zone)}
              // the choice already checked is the importer's guess: clicking it confirms it (no change event fires)
              onClick={() => {
                if (choice.zone === question.chosen) onChooseTimeZone?.(choice.zone);
              }}
              className="h-4 w-4 border-slate-300 text-indigo-600 focus:ring-indigo-600"
            />
            <span>
              {choice.label} <span className="text-xs text-slate-500">{choice.zone}</span>
            </span>
          </label>
        ))}
      </div>
      <p className="mt-2 text-xs text-slate-600">
        {onChooseTimeZone
          ? "Choosing one sets the time zone of the report and previews it again."
          : "Set the time zone of the report to the right one and preview again."}
      </p>
    </fieldset>
  );
}

export function ImportPreview({ preview, onChooseTimeZone }: { preview: ImportPreviewData; onChooseTimeZone?: (zone: string) => void }) {
  const { document: doc, warnings, lines, guesses, questions } = preview;
  const guessed = new Set(guesses.map((guess) => guess.message));
  const otherWarnings = warnings.filter((warning) => !guessed.has(warning));
  const unmapped = lines.filter((line) => line.kind === "unmapped");
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return (
    <div className="space-y-6" data-testid="import-preview">
      <p className="text-sm text-slate-700" data-testid="preview-counts">
        <span data-testid="preview-timeline-count">
          {doc.timeline.length} timeline {doc.timeline.length === 1 ? "entry" : "entries"}
        </span>{" "}
        · <span data-testid="preview-action-item-count">{plural(doc.actionItems.length, "action item")}</span> ·{" "}
        <span data-testid="unmapped-count" className={unmapped.length ? "font-semibold text-red-700" : ""}>
          {plural(unmapped.length, "unmapped line")}
        </span>{" "}
        · {plural(otherWarnings.length, "warning")}
        {guesses.length ? <> · {`${guesses.length} ${guesses.length === 1 ? "guess" : "guesses"}`}</> : null}
        {questions.length ? <> · {plural(questions.length, "question")}</> : null}
      </p>

      {questions.length ? (
        <div className="space-y-3 rounded-md bg-amber-50 px-4 py-3 ring-1 ring-inset ring-amber-200" data-testid="import-questions">
          <p className="text-sm font-semibold text-amber-900">Answer before creating the report:</p>
          {questions.map((question, index) => (
            <TimeZoneQuestionChoice key={`${question.written}-${index}`} question={question} index={index} onChooseTimeZone={onChooseTimeZone} />
          ))}
        </div>
      ) : null}

      {guesses.length ? <Guesses guesses={guesses} /> : null}

      {otherWarnings.length ? (
        <div className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="import-warnings">
          <p className="font-semibold">Check these before creating the report:</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {otherWarnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {unmapped.length ? (
        <p className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200">
          {plural(unmapped.length, "line")} (highlighted below, from line {unmapped[0]!.line}) went into no field and would not be imported.
        </p>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-2">
        <section className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200">
          <h2 className="mb-3 text-lg font-semibold">The report it creates</h2>
          <DocumentFields document={doc} />
        </section>
        <section className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200">
          <h2 className="mb-3 text-lg font-semibold">Where each line went</h2>
          <AnnotatedSource lines={lines} />
        </section>
      </div>
    </div>
  );
}

/** The author's line as written, above what was read from it: the preview shows both, as the report page will. */
function AsWritten({ statement }: { statement: string | null | undefined }) {
  if (!statement) return null;
  return (
    <>
      <span className="block" data-testid="as-written">
        {statement}
      </span>
      <span className="text-slate-500">read as </span>
    </>
  );
}
