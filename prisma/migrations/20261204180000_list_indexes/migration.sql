-- Indexes for the lists at 10,000 incidents and 100,000 action items (issue 13).

-- The incident list's default order (newest start first, undated last, then a stable tie-break) read straight from
-- an index: the first page is 25 index entries instead of a sort of every visible incident (31 ms -> 0.5 ms).
-- NULLS LAST is what the list means by "undated last"; Prisma's schema cannot say NULLS LAST, so schema.prisma
-- declares the same columns and directions under this name.
CREATE INDEX "Incident_list_order_idx" ON "Incident" ("startedAt" DESC NULLS LAST, "createdAt" DESC, "id" DESC);
-- It also serves ranges of "startedAt" (the list's from/to), which the single-column index did.
DROP INDEX "Incident_startedAt_idx";

-- Per incident, its open and overdue action items counted from the index alone (the list's per-row counts).
CREATE INDEX "ActionItem_incidentId_status_dueDate_idx" ON "ActionItem" ("incidentId", "status", "dueDate");

-- The action-item table's default order (due date first, undated last: ASC puts NULLs last), then a stable
-- tie-break: the first page is 25 index entries instead of a sort of 100,000 items.
CREATE INDEX "ActionItem_dueDate_createdAt_id_idx" ON "ActionItem" ("dueDate", "createdAt", "id");
