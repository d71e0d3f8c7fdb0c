import { Badge } from "@/components/ui/badge";

/** The one way an overdue action item is marked, wherever it appears. */
export function OverdueBadge() {
  return (
    <span data-testid="overdue" title="Due before today and not done">
      <Badge tone="red">Overdue</Badge>
    </span>
  );
}
