import { Badge, type BadgeTone } from "@/components/ui/badge";
import { describePostmortemDue } from "@/lib/incidents/postmortem-due";
import type { PostmortemDue } from "@/lib/incidents/schema";

const severityTones: Record<string, BadgeTone> = { critical: "red", high: "orange", medium: "yellow", low: "blue" };

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={severityTones[severity.toLowerCase()] ?? "gray"}>{severity}</Badge>;
}

const stateLabels: Record<string, { label: string; tone: BadgeTone }> = {
  DRAFT: { label: "Draft", tone: "gray" },
  IN_REVIEW: { label: "In review", tone: "indigo" },
  CHANGES_REQUESTED: { label: "Changes requested", tone: "yellow" },
  APPROVED: { label: "Approved", tone: "green" },
};

export function ReportStateBadge({ state }: { state: string }) {
  const entry = stateLabels[state] ?? { label: state, tone: "gray" as const };
  return <Badge tone={entry.tone}>{entry.label}</Badge>;
}

export function incidentStatusLabel(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/** A postmortem the policy requires and that is not approved yet: days left (amber), or days late (red). */
export function PostmortemDueBadge({ due }: { due: PostmortemDue }) {
  return (
    <span data-testid="postmortem-due" data-state={due.state} title={`Due ${due.dueDay} (the author's calendar day); owed until the report is approved`}>
      <Badge tone={due.state === "overdue" ? "red" : "yellow"}>{describePostmortemDue(due)}</Badge>
    </span>
  );
}
