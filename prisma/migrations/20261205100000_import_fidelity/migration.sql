-- Import fidelity (issue 15): counts of things, durations and money become typed impact metrics, and an action item
-- keeps the owner a report names when no user matches them.
ALTER TYPE "ImpactMetricKind" ADD VALUE 'COUNT';
ALTER TYPE "ImpactMetricKind" ADD VALUE 'DURATION';
ALTER TYPE "ImpactMetricKind" ADD VALUE 'MONEY';

ALTER TABLE "ActionItem" ADD COLUMN "ownerName" TEXT;
