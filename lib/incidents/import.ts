// The import use-case, shared by the import page and `POST /api/v1/incidents/import`: a report written as text or
// Markdown becomes a structured report. `previewImport` parses and creates nothing (the page's preview, the API's
// dryRun); `importReport` parses again on the server (never trusting a client's preview) and inserts it through the
// action wrapper, audited as `incident.import`.
import "server-only";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser, assertActorCan, type AnyActor } from "@/lib/auth/actor";
import { type Db, getDb, type Tx } from "@/lib/db/client";
import { InvalidInputError, PayloadTooLargeError, UnauthenticatedError } from "@/lib/errors";
import { matchImportedOwners } from "@/lib/incidents/owner-matching";
import { isDecorationLine } from "@/lib/incidents/report-text/headings";
import type { LineMapEntry } from "@/lib/incidents/report-text/line-map";
import { MAX_REPORT_BYTES, parseReportText, type ParseReportResult } from "@/lib/incidents/report-text/parse";
import { creationAuditChanges } from "@/lib/incidents/report-diff";
import { reportDocumentSchema, type ReportDocument } from "@/lib/incidents/schema";
import { insertReport } from "@/lib/incidents/store";
import type { ConvertedReport } from "@/lib/incidents/report-formats/convert";
import type { SameShape } from "@/lib/api/schema";

export const importReportInput = z.object({
  text: z.string({ error: "must be the report text" }),
  /** IANA zone for times the report writes without one; empty means UTC (or the zone the report names). */
  timeZone: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((value) => value || undefined),
});
export type ImportReportInput = z.input<typeof importReportInput>;

/** Over 1 MB is refused before parsing, as 413 (the parser's own check would say 422). */
export function assertReportSize(text: string): void {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_REPORT_BYTES) throw reportTooLarge(bytes);
}

export function reportTooLarge(bytes: number | null): PayloadTooLargeError {
  const size = bytes === null ? "larger than 1 MB" : `${bytes.toLocaleString("en-US")} bytes`;
  return new PayloadTooLargeError(`The report text is ${size}; the limit is 1 MB (${MAX_REPORT_BYTES.toLocaleString("en-US")} bytes).`);
}

function parse(input: z.output<typeof importReportInput>): ParseReportResult {
  assertReportSize(input.text);
  return parseReportText(input.text, { timeZone: input.timeZone });
}

/**
 * The parsed report's owners matched to users (by email, else exact name) or kept as names; each owner kept as a name
 * or matched by name only is a guess (its message is among the warnings once).
 */
async function matchOwners(db: Db | Tx, result: ParseReportResult, authorId: string | null): Promise<void> {
  const guesses = await matchImportedOwners(db, result, { authorId });
  for (const guess of guesses) if (!result.guesses.some((g) => g.message === guess.message)) result.guesses.push(guess);
}

/**
 * What an import would create, without creating it. Needs the same permission as the import: a preview is the
 * first half of one. Warns when the report's incident id is already taken (the import would be refused).
 */
export async function previewImport(rawInput: unknown, actor: AnyActor | null | undefined): Promise<ParseReportResult> {
  if (!actor) throw new UnauthenticatedError();
  assertActorCan(actor, "incident:import");
  const input = importReportInput.safeParse(rawInput);
  if (!input.success) throw InvalidInputError.fromZod(input.error);
  const result = parse(input.data);
  await matchOwners(getDb(), result, actingUser(actor)?.id ?? null);
  const publicId = result.document.publicId;
  if (publicId && (await getDb().incident.findUnique({ where: { publicId }, select: { id: true } }))) {
    result.warnings.push(`An incident with the id ${publicId} already exists: change the "Incident ID" line, or remove it to get a new id.`);
  }
  return result;
}

export type ImportedReport = { id: string; publicId: string; warnings: string[]; document: ReportDocument };

export const importReport = defineAction({
  name: "incident.import",
  permission: "incident:import",
  input: importReportInput,
  // Parsing is CPU work on up to 1 MB: done before the transaction opens.
  prepare: async (input) => parse(input),
  run: async ({ tx, actor, prepared }): Promise<ImportedReport> => {
    const authorId = actingUser(actor)?.id ?? null;
    await matchOwners(tx, prepared, authorId);
    const created = await insertReport(tx, prepared.document, { authorId });
    return { ...created, warnings: prepared.warnings, document: prepared.document };
  },
  audit: (result, input) => ({
    entityType: "Incident",
    entityId: result.id,
    incidentId: result.id,
    changes: creationAuditChanges(result.document),
    meta: { publicId: result.publicId, bytes: Buffer.byteLength(input.text, "utf8"), warnings: result.warnings.length },
  }),
  revalidate: (result) => ["/incidents", `/incidents/${result.publicId}`],
});

export type AnnotatedLine = {
  line: number;
  text: string;
  /** the fields this line went into, in the order the parser reported them */
  fields: string[];
  /** `unmapped`: a line with content that went nowhere (the preview highlights it) */
  kind: "mapped" | "blank" | "decoration" | "unmapped";
};

/** The input split as the parser splits it, each line with the fields `lineMap` says it went into. */
export function annotateLines(text: string, lineMap: LineMapEntry[]): AnnotatedLine[] {
  const fields = new Map<number, string[]>();
  for (const { line, field } of lineMap) {
    const list = fields.get(line) ?? [];
    if (!list.includes(field)) list.push(field);
    fields.set(line, list);
  }
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .map((raw, index) => {
      const line = index + 1;
      const mapped = fields.get(line) ?? [];
      const content = raw.replace(/\t/g, "    ").replace(/\s+$/, "");
      const kind = mapped.length ? "mapped" : !content.trim() ? "blank" : isDecorationLine(content) ? "decoration" : "unmapped";
      return { line, text: content, fields: mapped, kind };
    });
}

export type { ImportGuess, ImportQuestion, TimeZoneQuestion } from "@/lib/incidents/report-text/parse";

/**
 * What the import page shows before creating: the parse result (the report, its warnings, guesses and questions) with
 * the input's lines, each with the fields it went into, in place of the bare line map.
 */
export type ImportPreview = Omit<ParseReportResult, "lineMap"> & { lines: AnnotatedLine[] };

// ---------------------------------------------------------------------------------------------------------------
// POST /api/v1/incidents/import?dryRun=1 and ?convertOnly=1 answer these (the created report: ImportResponse in
// schema.ts); zod schemas for the OpenAPI document, kept the shape of the parser's own types by SameShape.

export const importPreviewResponseSchema = z.object({
  document: reportDocumentSchema,
  warnings: z.array(z.string()),
  lineMap: z.array(z.object({ line: z.number().int(), field: z.string() })).meta({ description: "Which line of the text each field was read from" }),
  guesses: z.array(z.object({ kind: z.enum(["timeZone", "date", "publicId", "owner"]), line: z.number().int().nullable(), message: z.string() })),
  questions: z.array(
    z.object({
      kind: z.literal("timeZone"),
      written: z.string().meta({ description: 'The words as written, e.g. "IST"' }),
      line: z.number().int().nullable(),
      choices: z.array(z.object({ zone: z.string(), label: z.string() })),
      chosen: z.string().meta({ description: "The zone used; send ?timeZone= to choose another" }),
    }),
  ),
  text: z.string().optional().meta({ description: "For a converted file (HTML, Word): the Markdown the line numbers refer to" }),
});
true satisfies SameShape<ParseReportResult & { text?: string }, z.output<typeof importPreviewResponseSchema>>;

export const convertedReportSchema = z.object({
  text: z.string(),
  format: z.enum(["text", "html", "docx"]).meta({ description: "What the file was read as" }),
  fileName: z.string().nullable(),
  notes: z.array(z.string()).meta({ description: "What was left out or guessed on the way" }),
});
true satisfies SameShape<ConvertedReport, z.output<typeof convertedReportSchema>>;
