// The default report template, after the Google SRE book's postmortem template. Each section carries the short
// help text shown beside it while writing. Managers and admins edit templates in Admin > Templates; this is the
// starting point, and what a new report uses while no template has been saved yet (a fresh install before any seed).

export type TemplateSection = { key: string; title: string; help: string };

export const DEFAULT_TEMPLATE_NAME = "Google SRE postmortem";

export const DEFAULT_TEMPLATE_DESCRIPTION =
  "Summary, impact, root causes, trigger, resolution, detection, action items, lessons learned, timeline, supporting information.";

export const defaultTemplateSections: TemplateSection[] = [
  { key: "summary", title: "Summary", help: "Two or three sentences: what happened, how long, who noticed. Written for someone who reads nothing else." },
  {
    key: "impact",
    title: "Impact",
    help: "Who and what was affected, with numbers: error rate, latency against its baseline, users affected, delays, data lost or not.",
  },
  {
    key: "rootCause",
    title: "Root causes",
    help: "Why it happened, down to the causes you can act on. Blameless: describe systems and decisions, not people.",
  },
  { key: "trigger", title: "Trigger", help: "The change or event that set the latent cause off (a deploy, a traffic spike, a certificate expiry)." },
  { key: "resolution", title: "Resolution", help: "What was done to mitigate and then fix it, in order." },
  { key: "detection", title: "Detection", help: "How the incident was noticed (alert, customer, engineer) and how it could have been noticed sooner." },
  { key: "actionItems", title: "Action items", help: "Each with an owner, a due date and a priority. Prefer fewer items that will really be done." },
  {
    key: "lessonsLearned",
    title: "Lessons learned",
    help: "Three lists: what went well (keep doing it), what went wrong (fix it), and where we got lucky (a near miss that could have made it worse).",
  },
  {
    key: "timeline",
    title: "Timeline",
    help: "Timestamped events in the report's time zone: alerts, pages, actions, observations, and the detected / mitigated / resolved milestones.",
  },
  { key: "supportingInfo", title: "Supporting information", help: "Links, graphs (attach monitoring exports to draw them), logs, and technical details." },
];
