"use client";

// The report editor: the whole structured report in one piece of state, saved as a whole against the version it was
// loaded at. Never loses work: unsaved changes are flagged, leaving the page warns, a draft is kept in localStorage
// per incident and version, and a save that meets someone else's newer version shows both instead of overwriting.
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { formatDateTime } from "@/lib/format/time";
import { REPORT_FIELD_LABELS, reportsEqual, type ReportField } from "@/lib/incidents/report-diff";
import { reportDocumentSchema, type ReportDocument, type SaveReportInput, type SaveReportResult } from "@/lib/incidents/schema";
import type { TemplateSection } from "@/lib/templates/default-template";
import { Button, buttonClass } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { FormMessage } from "@/components/ui/field";
import { ActionItemsSection, type OwnerOption } from "@/components/incidents/editor/action-items-section";
import { ConflictPanel, type Conflict } from "@/components/incidents/editor/conflict-panel";
import { editorPath, rebaseAfterSave, sortTimeline } from "@/components/incidents/editor/document-ops";
import { readDrafts, removeDraft, removeDraftsUpTo, writeDraft, type Draft } from "@/components/incidents/editor/draft-storage";
import { TemplateHelpContext } from "@/components/incidents/editor/editor-section";
import { REPORT_SECTION_KEYS } from "@/lib/templates/schema";
import { FieldErrorsContext, ReportTimeZoneContext } from "@/components/incidents/editor/fields";
import { ReviewBanner, ReviewCommentsContext, type ResolveCommentAction } from "@/components/incidents/editor/review-comments";
import type { EditorReview } from "@/lib/reviews/editor-comments";
import { formatWallDateTime, parseWallDateTime, WALL_DATE_TIME_FORMAT } from "@/lib/time/wall-input";
import { effectiveTimeZone } from "@/lib/time/zone-names";
import { HeaderSection, type EditDocument } from "@/components/incidents/editor/header-section";
import { ImpactSection } from "@/components/incidents/editor/impact-section";
import { TechnicalSection } from "@/components/incidents/editor/technical-section";
import {
  ExtraSectionsSection,
  FollowUpSection,
  LessonsSection,
  MarkdownSection,
  PeopleSection,
  RootCauseSection,
  StepsSections,
} from "@/components/incidents/editor/text-sections";
import { TimelineSection } from "@/components/incidents/editor/timeline-section";

export type SaveReport = (input: SaveReportInput) => Promise<SaveReportResult>;

/** Template keys the report knows (lib/templates/schema.ts); a template's other sections become "other sections". */
const EDITOR_SECTION_KEYS: ReadonlySet<string> = new Set(REPORT_SECTION_KEYS);

type Baseline = { version: number; document: ReportDocument };
type Message = { tone: "error" | "success"; text: string };
type DraftOffer = { draft: Draft; older: boolean };

const DRAFT_DELAY_MS = 400;

function issuesToErrors(issues: { path: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[editorPath(issue.path)] ??= issue.message;
  return errors;
}

function valueAt(doc: ReportDocument, path: string): unknown {
  return path.split(".").reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined), doc);
}

/**
 * A date-time field (startedAt, timeline.2.occurredAt, followUp.scheduledAt ...) holds what was typed when it is not a
 * time: say what is wrong with the text in the words of the field, not the schema's "must be an ISO-8601 date-time".
 */
function dateTimeMessage(doc: ReportDocument, path: string, message: string, timeZone: string): string {
  if (!/At$/.test(path)) return message;
  const value = valueAt(doc, path);
  if (typeof value !== "string") return message;
  if (value.trim() === "") return `Enter a date and time, written ${WALL_DATE_TIME_FORMAT} (24-hour)`;
  if (formatWallDateTime(value, timeZone) !== null) return message;
  const parsed = parseWallDateTime(value, timeZone);
  return parsed && !parsed.ok ? parsed.message : message;
}

/** "Not saved: 1 problem", "Not saved: 2 problems". */
export function problemsText(count: number): string {
  return `Not saved: ${count} ${count === 1 ? "problem" : "problems"}`;
}

/** "timeline.2.occurredAt" → "Timeline, entry 3: occurredAt" for the error summary. */
function describePath(path: string): string {
  const parts = path.split(".");
  const field = (parts[0] === "impact" && parts[1] ? `impact.${parts[1]}` : parts[0]) as ReportField;
  const rest = parts.slice(field.includes(".") ? 2 : 1);
  const label = REPORT_FIELD_LABELS[field] ?? parts[0];
  return [label, ...rest.map((part) => (/^\d+$/.test(part) ? `entry ${Number(part) + 1}` : part))].join(", ");
}

export function ReportEditor({
  incidentId,
  initial,
  templateSections,
  severityScale,
  people,
  serviceCatalog,
  viewerTimeZone,
  timeZones,
  review,
  resolveComment,
  save,
}: {
  incidentId: string;
  initial: { version: number; document: ReportDocument; updatedAt: string; updatedBy?: { name: string; email: string } };
  templateSections: TemplateSection[];
  severityScale: string[];
  people: OwnerOption[];
  serviceCatalog: string[];
  viewerTimeZone: string;
  /** the zones this server knows, for the report's zone */
  timeZones: readonly string[];
  /** the review as the editor shows it (banner, open comments); null when there is nothing to show */
  review: EditorReview | null;
  resolveComment: ResolveCommentAction;
  save: SaveReport;
}) {
  const [doc, setDoc] = useState(initial.document);
  const [baseline, setBaseline] = useState<Baseline>({ version: initial.version, document: initial.document });
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<Message | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [draftOffer, setDraftOffer] = useState<DraftOffer | null>(null);
  const [draftsChecked, setDraftsChecked] = useState(false);
  const [draftKept, setDraftKept] = useState(true);
  const [lastSave, setLastSave] = useState<{ at: Date; ms: number } | null>(null);
  const [publicId, setPublicId] = useState(initial.document.publicId ?? "");

  const dirty = useMemo(() => !reportsEqual(doc, baseline.document), [doc, baseline]);
  const reportTimeZone = effectiveTimeZone(doc.timeZone);

  // ---- review comments -----------------------------------------------------------------------------------------
  // resolved here: hidden at once, before the page's data comes back without them
  const [resolvedIds, setResolvedIds] = useState<ReadonlySet<string>>(new Set());
  const onResolved = useCallback((commentId: string) => setResolvedIds((current) => new Set(current).add(commentId)), []);
  const openComments = useMemo(() => (review?.openComments ?? []).filter((comment) => !resolvedIds.has(comment.id)), [review, resolvedIds]);
  const commentsContext = useMemo(
    () => ({ incidentId, comments: openComments, timeZone: viewerTimeZone, resolve: resolveComment, onResolved }),
    [incidentId, openComments, viewerTimeZone, resolveComment, onResolved],
  );

  // ---- problems of the last save -------------------------------------------------------------------------------
  const editorRef = useRef<HTMLDivElement>(null);
  const summaryRef = useRef<HTMLUListElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  /** Scrolls to the first field that is marked invalid and puts the cursor in it (the summary when none is shown). */
  const goToFirstProblem = useCallback(() => {
    const field = editorRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    const target = field ?? summaryRef.current;
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    if (focusRequest > 0) goToFirstProblem();
  }, [focusRequest, goToFirstProblem]);

  // Event handlers registered once read the newest values through refs.
  const docRef = useRef(doc);
  const baselineRef = useRef(baseline);
  const dirtyRef = useRef(dirty);
  const savingRef = useRef(false);
  useEffect(() => {
    docRef.current = doc;
    baselineRef.current = baseline;
    dirtyRef.current = dirty;
  }, [doc, baseline, dirty]);

  const edit: EditDocument = useCallback((change) => setDoc((current) => change(current)), []);

  const help = useMemo(() => Object.fromEntries(templateSections.map((section) => [section.key, section])), [templateSections]);
  const unmatchedTemplateSections = useMemo(() => templateSections.filter((section) => !EDITOR_SECTION_KEYS.has(section.key)), [templateSections]);
  const savedStatus = useCallback((id: string | undefined) => baseline.document.actionItems.find((item) => item.id === id)?.status, [baseline]);

  // ---- drafts --------------------------------------------------------------------------------------------------
  const draftsCheckedFor = useRef<string | null>(null);
  useEffect(() => {
    // once per report opened: the page's data comes again after a comment is resolved, with the same report
    if (draftsCheckedFor.current === incidentId) return;
    draftsCheckedFor.current = incidentId;
    const drafts = readDrafts(incidentId);
    const newest = drafts[0];
    for (const draft of drafts.slice(1)) if (draft.version >= initial.version) removeDraft(incidentId, draft.version);
    if (newest && !reportsEqual(newest.document, initial.document) && !reportsEqual(newest.document, newest.base)) {
      setDraftOffer({ draft: newest, older: newest.version < initial.version });
    } else if (newest) {
      removeDraft(incidentId, newest.version);
    }
    setDraftsChecked(true);
  }, [incidentId, initial.version, initial.document]);

  useEffect(() => {
    if (!draftsChecked) return;
    const timer = window.setTimeout(() => {
      if (dirty) {
        setDraftKept(writeDraft({ incidentId, version: baseline.version, savedAt: new Date().toISOString(), base: baseline.document, document: doc }));
      } else if (!draftOffer) {
        removeDraft(incidentId, baseline.version);
      }
    }, DRAFT_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [doc, baseline, dirty, draftsChecked, draftOffer, incidentId]);

  // ---- leaving the page ----------------------------------------------------------------------------------------
  useEffect(() => {
    if (!dirty && !saving) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty, saving]);

  useEffect(() => {
    // In-app links do not unload the page, so beforeunload does not see them.
    const guard = (event: MouseEvent) => {
      if (!dirtyRef.current || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!link || link.target === "_blank" || link.origin !== window.location.origin || link.hasAttribute("download")) return;
      if (!window.confirm("You have unsaved changes. Leave this page anyway? (A draft stays in this browser.)")) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("click", guard, true);
    return () => window.removeEventListener("click", guard, true);
  }, []);

  // ---- saving --------------------------------------------------------------------------------------------------
  const runSave = useCallback(
    async (toSend: ReportDocument, base: Baseline) => {
      if (savingRef.current) return;
      const sorted = sortTimeline(toSend);
      if (sorted !== toSend) setDoc((current) => (current === toSend ? sorted : sortTimeline(current)));
      const parsed = reportDocumentSchema.safeParse(sorted);
      if (!parsed.success) {
        const zone = effectiveTimeZone(sorted.timeZone);
        setErrors(
          issuesToErrors(
            parsed.error.issues.map((issue) => {
              const path = issue.path.map(String).join(".");
              return { path, message: dateTimeMessage(sorted, path, issue.message, zone) };
            }),
          ),
        );
        setMessage({ tone: "error", text: "Nothing was saved: correct the fields marked below, then save again." });
        setFocusRequest((count) => count + 1);
        return;
      }
      savingRef.current = true;
      setSaving(true);
      setMessage(null);
      const started = performance.now();
      try {
        const result = await save({ id: incidentId, expectedVersion: base.version, document: sorted });
        if (result.ok) {
          const { saved } = result;
          const next = { version: saved.version, document: saved.document };
          baselineRef.current = next;
          setBaseline(next);
          setDoc((current) => rebaseAfterSave(sorted, saved.document, current));
          setErrors({});
          removeDraftsUpTo(incidentId, saved.version);
          setLastSave({ at: new Date(), ms: Math.round(performance.now() - started) });
          if (saved.publicId !== publicId) {
            setPublicId(saved.publicId);
            // the old address would no longer find the report after a reload
            window.history.replaceState(null, "", `/incidents/${encodeURIComponent(saved.publicId)}/edit`);
          }
        } else if (result.conflict) {
          const details = result.conflict;
          setConflict({
            base: base.document,
            mine: docRef.current,
            theirs: details.current,
            theirVersion: details.currentVersion,
            updatedAt: details.updatedAt,
            updatedBy: details.updatedBy,
            origin: "save",
          });
          setMessage({ tone: "error", text: result.message });
        } else {
          setErrors(
            issuesToErrors(
              Object.entries(result.fieldErrors)
                .filter(([path]) => path !== "(root)")
                .map(([path, text]) => ({ path, message: text })),
            ),
          );
          setMessage({ tone: "error", text: `Nothing was saved. ${result.message}` });
          setFocusRequest((count) => count + 1);
        }
      } catch {
        setMessage({
          tone: "error",
          text: "The server could not be reached, so nothing was saved. Your changes are still here and kept as a draft in this browser: try again.",
        });
      } finally {
        savingRef.current = false;
        setSaving(false);
      }
    },
    [incidentId, publicId, save],
  );

  // where the user saved from (the Save button, or the field they pressed Ctrl+S in): the conflict dialog that a save
  // can open gives focus back there, although the button was disabled while the request ran
  const savedFrom = useRef<HTMLElement | null>(null);
  const saveNow = useCallback(() => {
    savedFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return runSave(docRef.current, baselineRef.current);
  }, [runSave]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void saveNow();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [saveNow]);

  // ---- conflicts and drafts ------------------------------------------------------------------------------------
  const resolveConflict = (merged: ReportDocument) => {
    if (!conflict) return;
    const stored = { version: conflict.theirVersion, document: conflict.theirs };
    removeDraft(incidentId, baselineRef.current.version);
    baselineRef.current = stored;
    setBaseline(stored);
    setDoc(merged);
    setConflict(null);
    setDraftOffer(null);
    if (conflict.origin === "save") void runSave(merged, stored);
    else setMessage({ tone: "success", text: "Your draft is merged into the current version. Review it and save." });
  };

  const takeStored = () => {
    if (!conflict) return;
    if (conflict.origin === "draft" && draftOffer) removeDraft(incidentId, draftOffer.draft.version);
    else removeDraft(incidentId, baselineRef.current.version);
    const stored = { version: conflict.theirVersion, document: conflict.theirs };
    baselineRef.current = stored;
    setBaseline(stored);
    setDoc(conflict.theirs);
    setConflict(null);
    setDraftOffer(null);
    setMessage(null);
  };

  const dismissConflict = () => {
    if (conflict?.origin === "save")
      setMessage({ tone: "error", text: "Not saved: your version is still based on an older one. Saving again shows the differences again." });
    setConflict(null);
  };

  const restoreDraft = () => {
    if (!draftOffer) return;
    if (draftOffer.older) {
      setConflict({
        base: draftOffer.draft.base,
        mine: draftOffer.draft.document,
        theirs: baseline.document,
        theirVersion: baseline.version,
        updatedAt: initial.updatedAt,
        updatedBy: initial.updatedBy,
        origin: "draft",
      });
      return;
    }
    setDoc(draftOffer.draft.document);
    setDraftOffer(null);
  };

  const discardDraft = () => {
    if (!draftOffer) return;
    removeDraft(incidentId, draftOffer.draft.version);
    setDraftOffer(null);
  };

  // The fields stay disabled until React runs in the browser: text typed into the server-rendered form before then was
  // seen by nobody, and on hydration it could be saved doubled (new text followed by the old).
  const hydrated = useHydrated();

  const errorEntries = Object.entries(errors);
  const status = saving
    ? "Saving…"
    : dirty
      ? "Unsaved changes"
      : lastSave
        ? `Saved at ${formatDateTime(lastSave.at, viewerTimeZone).replace(/^.*, /, "")}`
        : "No changes";

  return (
    <ReportTimeZoneContext.Provider value={reportTimeZone}>
      <ReviewCommentsContext.Provider value={commentsContext}>
        <TemplateHelpContext.Provider value={help}>
          <FieldErrorsContext.Provider value={errors}>
            <div ref={editorRef} className="space-y-6" data-testid="report-editor">
              <div className="sticky top-0 z-30 -mx-4 flex flex-wrap items-center gap-3 border-b border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm text-slate-600">
                    Editing <span className="font-mono">{publicId}</span> · version {baseline.version}
                  </p>
                  <h1 className="truncate text-xl font-bold text-slate-900">{doc.title || "Untitled report"}</h1>
                </div>
                <span
                  className={`text-sm font-medium ${dirty ? "text-amber-700" : "text-slate-600"}`}
                  data-testid="save-status"
                  data-save-ms={lastSave?.ms}
                  aria-live="polite"
                >
                  {status}
                </span>
                {errorEntries.length && !saving ? (
                  <button
                    type="button"
                    onClick={goToFirstProblem}
                    className="rounded-md bg-red-50 px-3 py-1.5 text-sm font-semibold text-red-800 ring-1 ring-inset ring-red-300 hover:bg-red-100"
                    data-testid="save-problems"
                    title="Go to the first problem"
                  >
                    {problemsText(errorEntries.length)}
                  </button>
                ) : null}
                <Link href={`/incidents/${encodeURIComponent(publicId)}`} className={buttonClass("secondary")}>
                  View report
                </Link>
                <Button
                  type="button"
                  onClick={() => void saveNow()}
                  disabled={saving || !hydrated}
                  aria-keyshortcuts="Control+S Meta+S"
                  title="Save (Ctrl+S / ⌘S)"
                >
                  {saving ? "Saving…" : "Save"}
                </Button>
              </div>

              {draftOffer && !conflict ? (
                <div
                  className="flex flex-wrap items-center gap-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
                  data-testid="draft-offer"
                >
                  <span className="flex-1">
                    {draftOffer.older
                      ? `You have an unsaved draft from ${formatDateTime(new Date(draftOffer.draft.savedAt), viewerTimeZone)}, made on version ${draftOffer.draft.version}; the report has changed since. Compare it with the current version?`
                      : `Restore unsaved draft from ${formatDateTime(new Date(draftOffer.draft.savedAt), viewerTimeZone)}?`}
                  </span>
                  <Button type="button" onClick={restoreDraft}>
                    {draftOffer.older ? "Compare" : "Restore"}
                  </Button>
                  <Button type="button" variant="secondary" onClick={discardDraft}>
                    Discard draft
                  </Button>
                </div>
              ) : null}

              {message ? <FormMessage tone={message.tone} message={message.text} /> : null}
              {!draftKept ? <FormMessage message="This browser is not keeping a draft (storage full or switched off): save often." /> : null}
              {errorEntries.length ? (
                <ul
                  ref={summaryRef}
                  tabIndex={-1}
                  aria-label="Problems that stopped the save"
                  className="list-disc space-y-0.5 rounded-md bg-red-50 py-2 pl-8 pr-3 text-sm text-red-800 ring-1 ring-inset ring-red-200"
                  data-testid="error-summary"
                >
                  {errorEntries.map(([path, text]) => (
                    <li key={path} className="break-words">
                      {describePath(path)}: {text}
                    </li>
                  ))}
                </ul>
              ) : null}
              {review ? <ReviewBanner review={review} openCount={openComments.length} /> : null}

              <fieldset disabled={!hydrated} className="m-0 min-w-0 space-y-6 border-0 p-0">
                <HeaderSection doc={doc} edit={edit} severityScale={severityScale} timeZones={timeZones} />
                <MarkdownSection id="summary" title="Summary" field="summary" doc={doc} edit={edit} />
                <TimelineSection doc={doc} edit={edit} />
                <RootCauseSection doc={doc} edit={edit} />
                <MarkdownSection id="trigger" title="Trigger" field="trigger" doc={doc} edit={edit} />
                <MarkdownSection id="detection" title="Detection" field="detection" doc={doc} edit={edit} />
                <ImpactSection doc={doc} edit={edit} />
                <StepsSections doc={doc} edit={edit} />
                <LessonsSection doc={doc} edit={edit} />
                <TechnicalSection doc={doc} edit={edit} serviceCatalog={serviceCatalog} />
                <ActionItemsSection doc={doc} edit={edit} people={people} savedStatus={savedStatus} />
                <FollowUpSection doc={doc} edit={edit} />
                <MarkdownSection id="supporting-info" title="Supporting information" field="supportingInfo" doc={doc} edit={edit} />
                <ExtraSectionsSection doc={doc} edit={edit} unmatchedTemplateSections={unmatchedTemplateSections} />
                <PeopleSection doc={doc} edit={edit} />

                <div className="flex justify-end">
                  <Button type="button" onClick={() => void saveNow()} disabled={saving}>
                    {saving ? "Saving…" : "Save report"}
                  </Button>
                </div>
              </fieldset>

              {conflict ? (
                <ConflictPanel
                  conflict={conflict}
                  timeZone={viewerTimeZone}
                  onResolve={resolveConflict}
                  onTakeStored={takeStored}
                  onDismiss={dismissConflict}
                  returnFocusTo={savedFrom}
                />
              ) : null}
            </div>
          </FieldErrorsContext.Provider>
        </TemplateHelpContext.Provider>
      </ReviewCommentsContext.Provider>
    </ReportTimeZoneContext.Provider>
  );
}
