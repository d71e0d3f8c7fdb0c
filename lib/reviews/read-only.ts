// An approved report is the signed record: writes that change what it shows (attachments, charts, sections) call this
// inside their transaction. Follow-through (action-item status, follow-up reviews) deliberately does not.
import "server-only";
import type { Tx } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { isReadOnly } from "@/lib/reviews/state-machine";

export async function assertReportEditable(tx: Tx, incidentId: string): Promise<void> {
  const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { publicId: true, reportState: true } });
  if (incident && isReadOnly(incident.reportState)) {
    throw new ConflictError(`${incident.publicId} is approved and therefore read-only. A manager can reopen it if it needs changes.`);
  }
}
