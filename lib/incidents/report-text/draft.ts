// The report being built while a text is read, and the map of which line went into which field.
import type { Line } from "@/lib/incidents/report-text/headings";
import type { LineMap } from "@/lib/incidents/report-text/line-map";
import type { Segmented } from "@/lib/incidents/report-text/segments";
import type { ReportDocument } from "@/lib/incidents/schema";

export type Draft = Omit<ReportDocument, "publicId"> & { publicId?: string };

/**
 * A text being read: its lines and sections, the report built from them, the line map, the warnings so far, and of
 * those the ones that are guesses (a zone read from an abbreviation, a date from prose, an id from the title) and the
 * questions the person importing should answer (which place an ambiguous "IST" means).
 */
export type Reading = Segmented & {
  lines: Line[];
  draft: Draft;
  map: LineMap;
  warnings: string[];
  guesses: ImportGuess[];
  questions: ImportQuestion[];
};

/**
 * Something the importer decided that the report does not say plainly; its message is among the warnings too.
 * `owner`: an action item's owner kept as a name or matched to a user by name (lib/incidents/owner-matching.ts).
 */
export type ImportGuess = { kind: "timeZone" | "date" | "publicId" | "owner"; line: number | null; message: string };

/** A zone the importer could not tell from the report: the preview offers the choices, `chosen` is the one used. */
export type TimeZoneQuestion = {
  kind: "timeZone";
  /** the words as written, e.g. "IST" */
  written: string;
  line: number | null;
  choices: { zone: string; label: string }[];
  chosen: string;
};
export type ImportQuestion = TimeZoneQuestion;

/** Records a guess: among the warnings (for every reader of them) and apart, for the preview. */
export function guessed(reading: Pick<Reading, "warnings" | "guesses">, kind: ImportGuess["kind"], line: number | null, message: string): void {
  reading.warnings.push(message);
  reading.guesses.push({ kind, line, message });
}

/** The report before anything is read into it: every field empty, the status Investigating, the zone UTC. */
export function newDraft(title: string): Draft {
  return {
    title,
    severity: "",
    impactSummary: null,
    status: "INVESTIGATING",
    private: false,
    timeZone: "UTC",
    startedAt: null,
    endedAt: null,
    detectedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    summary: null,
    rootCause: null,
    trigger: null,
    detection: null,
    supportingInfo: null,
    timeline: [],
    contributingFactors: [],
    impact: { usersAffected: null, errorRate: null, dataLoss: null, dataLossNote: null, metrics: [] },
    resolutionSteps: [],
    preventiveMeasures: [],
    lessonsLearned: [],
    services: [],
    configuration: [],
    deploymentChanges: [],
    actionItems: [],
    followUp: null,
    attachmentsListed: [],
    preparedBy: null,
    reviewedBy: null,
    extraSections: [],
  };
}

export function appendText(current: string | null, value: string): string {
  return current ? `${current}\n\n${value}` : value;
}

export function appendLine(current: string | null, value: string): string {
  return current ? `${current}\n${value}` : value;
}

export function addService(draft: Draft, name: string, lines: number | number[], map: LineMap, warnings: string[]) {
  const clean = name.trim();
  if (!clean) return;
  const existing = draft.services.findIndex((s) => s.toLowerCase() === clean.toLowerCase());
  const first = Array.isArray(lines) ? lines[0] : lines;
  if (existing >= 0) {
    warnings.push(`Line ${first}: the service "${clean}" is listed twice; it was kept once.`);
    map.add(lines, `services[${existing}]`);
    return;
  }
  map.add(lines, `services[${draft.services.length}]`);
  draft.services.push(clean);
}
