"use server";

import { redirect } from "next/navigation";
import { toActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { actorFromSession } from "@/lib/auth/session";
import { createReport } from "@/lib/incidents/mutations";

/** Creates the report and opens it in the editor; on failure, what is wrong with which field ("document.title"). */
export async function createReportAction(_prev: ActionPrevState, input: unknown): Promise<ActionState> {
  const actor = await actorFromSession();
  let publicId = "";
  const state = await toActionState(async () => {
    publicId = (await createReport(input, actor)).publicId;
  });
  if (!state.ok) return state;
  redirect(`/incidents/${encodeURIComponent(publicId)}/edit`);
}
