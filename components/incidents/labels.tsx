import { Badge, type BadgeTone } from "@/components/ui/badge";

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
