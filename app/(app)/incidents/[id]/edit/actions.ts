"use server";

import { unstable_rethrow } from "next/navigation";
import { errorToActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { ConflictError } from "@/lib/errors";
import { updateReport } from "@/lib/incidents/mutations";
import { isReportConflictDetails, type SaveReportResult } from "@/lib/incidents/schema";

/** Saves the whole report against the version it was opened at; a conflict comes back with the stored report. */
export async function saveReportAction(input: unknown): Promise<SaveReportResult> {
  const actor = await actorFromSession();
  try {
    const { changes: _changes, ...saved } = await updateReport(input, actor);
    return { ok: true, saved };
  } catch (error) {
    unstable_rethrow(error);
    const failure = errorToActionState(error);
    return error instanceof ConflictError && isReportConflictDetails(error.details) ? { ...failure, conflict: error.details } : failure;
  }
}
