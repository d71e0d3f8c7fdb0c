// What a line-map field key ("timeline[3]", "section:rootCause", "impact.metrics[0]") is called in the preview.
// Fields are named as everywhere else (REPORT_FIELD_LABELS, also used by revisions and history); here only what is
// the import's own: one item of a list ("Contributing factor 3") and the keys of lines that are not a report field.
import { REPORT_FIELD_LABELS, type ReportField } from "@/lib/incidents/report-diff";

/** One item of a list field, and parts of items ("extraSections[0].body" → "Extra section 1 text"). */
const ITEM_LABELS: Record<string, string> = {
  contributingFactors: "Contributing factor",
  "impact.metrics": "Impact metric",
  resolutionSteps: "Resolution step",
  preventiveMeasures: "Preventive measure",
  lessonsLearned: "Lesson",
  services: "Service",
  deploymentChanges: "Deployment change",
  actionItems: "Action item",
  attachmentsListed: "Listed attachment",
  extraSections: "Extra section",
  heading: "heading",
  body: "text",
  note: "note",
};

/** Lines that fill no single report field: headings, the header block, the sign-off lines... */
const IMPORT_LABELS: Record<string, string> = {
  impact: "Impact",
  lessons: "Lessons learned",
  technicalDetails: "Technical details",
  "followUp.note": "Follow-up note",
  "followUp.scheduledAt": "Follow-up date",
  attachments: "Attachments",
  signOff: "Sign-off",
  header: "Header",
};

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const reportFieldLabel = (key: string): string | undefined => REPORT_FIELD_LABELS[key as ReportField];

/** "timeline[3]" → "Timeline 4"; "section:rootCause" → "Root cause heading"; "extraSections[0].body" → "Extra section 1 text". */
export function fieldLabel(field: string): string {
  if (field.startsWith("section:")) {
    const key = field.slice("section:".length);
    return `${reportFieldLabel(key) ?? IMPORT_LABELS[key] ?? humanize(key)} heading`;
  }
  const exact = ITEM_LABELS[field] ?? reportFieldLabel(field) ?? IMPORT_LABELS[field];
  if (exact) return exact;
  const indexed = /^(.+?)\[(\d+)\](?:\.(.+))?$/.exec(field);
  if (indexed) {
    const [, base, index, rest] = indexed;
    const label = `${ITEM_LABELS[base!] ?? reportFieldLabel(base!) ?? humanize(base!)} ${Number(index) + 1}`;
    return rest ? `${label} ${ITEM_LABELS[rest] ?? humanize(rest).toLowerCase()}` : label;
  }
  return humanize(field.split(".").pop() ?? field);
}
