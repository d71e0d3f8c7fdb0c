// Report templates as they cross a boundary (admin forms, API). A template is an ordered list of sections; each
// names a report section by key and carries the title and short help text shown while writing. Keys the report
// knows map onto its structured parts; any other key is a custom section, shown as an extra free-text section.
import { z } from "zod";
import { oneLine } from "@/lib/text/schema";

/** Sections the report itself knows (see lib/incidents/schema.ts); everything else is a custom section. */
export const REPORT_SECTION_KEYS = [
  "summary",
  "impact",
  "rootCause",
  "trigger",
  "resolution",
  "detection",
  "actionItems",
  "lessonsLearned",
  "timeline",
  "supportingInfo",
  "contributingFactors",
  "preventiveMeasures",
  "technicalDetails",
  "followUp",
] as const;

export type ReportSectionKey = (typeof REPORT_SECTION_KEYS)[number];

/** What each known section is called when a template adds it, before anyone renames it. */
export const REPORT_SECTION_LABELS: Record<ReportSectionKey, string> = {
  summary: "Summary",
  impact: "Impact",
  rootCause: "Root causes",
  trigger: "Trigger",
  resolution: "Resolution",
  detection: "Detection",
  actionItems: "Action items",
  lessonsLearned: "Lessons learned",
  timeline: "Timeline",
  supportingInfo: "Supporting information",
  contributingFactors: "Contributing factors",
  preventiveMeasures: "Preventive measures",
  technicalDetails: "Technical details",
  followUp: "Follow-up review",
};

export function isReportSectionKey(key: string): key is ReportSectionKey {
  return (REPORT_SECTION_KEYS as readonly string[]).includes(key);
}

export const MAX_SECTIONS = 40;
export const MAX_HELP_LENGTH = 1_000;

export const sectionKeySchema = z
  .string({ error: "Enter a key." })
  .trim()
  .min(1, "Enter a key.")
  .max(60, "A key has at most 60 characters.")
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "A key starts with a letter and uses only letters, digits, '-' and '_'.");

export const templateSectionSchema = z.object({
  key: sectionKeySchema,
  title: oneLine(z.string({ error: "Enter a title." }).trim().min(1, "Enter a title.").max(120, "A title has at most 120 characters.")),
  help: z
    .string()
    .trim()
    .max(MAX_HELP_LENGTH, `Help text has at most ${MAX_HELP_LENGTH.toLocaleString("en-US")} characters.`)
    .default(""),
});

export type TemplateSection = z.output<typeof templateSectionSchema>;

/** Forms send the section list as one JSON field; API clients send an array. */
const jsonArray = (value: unknown) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value; // left as a string: the array check below reports it
  }
};

export const templateSectionsSchema = z.preprocess(
  jsonArray,
  z
    .array(templateSectionSchema, { error: "Sections must be a list." })
    .min(1, "A template needs at least one section.")
    .max(MAX_SECTIONS, `A template has at most ${MAX_SECTIONS} sections.`)
    .superRefine((sections, context) => {
      // case-insensitively: "Summary" and "summary" would be the same section to a reader
      const seen = new Map<string, number>();
      sections.forEach((section, index) => {
        const folded = section.key.toLowerCase();
        const first = seen.get(folded);
        if (first === undefined) seen.set(folded, index);
        else context.addIssue({ code: "custom", path: [index, "key"], message: `The key “${section.key}” is already used by section ${first + 1}.` });
      });
    }),
);

export const templateNameSchema = oneLine(z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "A name has at most 120 characters."));

const descriptionSchema = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? null : value),
  z.string().trim().max(500, "A description has at most 500 characters.").nullable().default(null),
);

export const idSchema = z.string({ error: "Missing id." }).trim().min(1, "Missing id.").max(64);

/** The `updatedAt` the editor loaded: a save is refused when the template changed since. */
const stampSchema = z.iso.datetime({ offset: true, error: "Missing or malformed version stamp: reload the page." });

export const createTemplateInput = z.object({
  name: templateNameSchema,
  description: descriptionSchema,
  /** omitted: a copy of the current default template's sections */
  sections: z.preprocess((value) => (value === "" || value === null ? undefined : value), templateSectionsSchema.optional()),
});
export type CreateTemplateInput = z.input<typeof createTemplateInput>;

export const updateTemplateInput = z.object({
  id: idSchema,
  expectedUpdatedAt: stampSchema,
  name: templateNameSchema,
  description: descriptionSchema,
  sections: templateSectionsSchema,
});
export type UpdateTemplateInput = z.input<typeof updateTemplateInput>;

export const templateIdInput = z.object({ id: idSchema });
export type TemplateIdInput = z.input<typeof templateIdInput>;

/**
 * Sections read back from the database's JSON column. Rows written through this module are always valid; a row
 * edited by hand keeps its usable sections instead of breaking every page that shows the template.
 */
export function parseStoredSections(value: unknown): TemplateSection[] {
  const whole = templateSectionsSchema.safeParse(value);
  if (whole.success) return whole.data;
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const sections: TemplateSection[] = [];
  for (const item of value) {
    const parsed = templateSectionSchema.safeParse(item);
    if (!parsed.success || seen.has(parsed.data.key.toLowerCase())) continue;
    seen.add(parsed.data.key.toLowerCase());
    sections.push(parsed.data);
  }
  return sections;
}
