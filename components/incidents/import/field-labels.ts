// What a line-map field key ("timeline[3]", "section:rootCause", "impact.metrics[0]") is called in the preview.

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  publicId: "Incident ID",
  severity: "Severity",
  impactSummary: "Impact summary",
  status: "Status",
  private: "Private",
  timeZone: "Time zone",
  startedAt: "Start",
  endedAt: "End",
  detectedAt: "Detected",
  mitigatedAt: "Mitigated",
  resolvedAt: "Resolved",
  summary: "Summary",
  rootCause: "Root cause",
  trigger: "Trigger",
  detection: "Detection",
  supportingInfo: "Supporting information",
  timeline: "Timeline",
  contributingFactors: "Contributing factor",
  impact: "Impact",
  "impact.metrics": "Impact metric",
  "impact.errorRate": "Error rate",
  "impact.usersAffected": "Users affected",
  "impact.dataLoss": "Data loss",
  "impact.dataLossNote": "Data loss note",
  resolutionSteps: "Resolution step",
  preventiveMeasures: "Preventive measure",
  lessons: "Lessons learned",
  lessonsLearned: "Lesson",
  technicalDetails: "Technical details",
  services: "Service",
  configuration: "Configuration",
  deploymentChanges: "Deployment change",
  actionItems: "Action item",
  followUp: "Follow-up",
  "followUp.note": "Follow-up note",
  "followUp.scheduledAt": "Follow-up date",
  attachments: "Attachments",
  attachmentsListed: "Listed attachment",
  preparedBy: "Prepared by",
  reviewedBy: "Reviewed by",
  signOff: "Sign-off",
  header: "Header",
  extraSections: "Extra section",
  heading: "heading",
  body: "text",
  note: "note",
};

// Section headings are named after the section, which is often plural where an item is singular.
const SECTION_LABELS: Record<string, string> = {
  contributingFactors: "Contributing factors",
  resolutionSteps: "Resolution steps",
  preventiveMeasures: "Preventive measures",
  services: "Affected services",
  deploymentChanges: "Deployment changes",
  actionItems: "Action items",
};

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "timeline[3]" → "Timeline 4"; "section:rootCause" → "Root cause heading"; "extraSections[0].body" → "Extra section 1 text". */
export function fieldLabel(field: string): string {
  if (field.startsWith("section:")) {
    const key = field.slice("section:".length);
    return `${SECTION_LABELS[key] ?? FIELD_LABELS[key] ?? humanize(key)} heading`;
  }
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const indexed = /^(.+?)\[(\d+)\](?:\.(.+))?$/.exec(field);
  if (indexed) {
    const [, base, index, rest] = indexed;
    const label = `${FIELD_LABELS[base!] ?? humanize(base!)} ${Number(index) + 1}`;
    return rest ? `${label} ${FIELD_LABELS[rest] ?? humanize(rest).toLowerCase()}` : label;
  }
  return humanize(field.split(".").pop() ?? field);
}
