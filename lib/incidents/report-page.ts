// Everything the report page shows, read in few statements (issue 13: at most 10 for the page, the session's own
// lookup included). The report is found visible once, with its sections joined in the database; every other part is
// then read by the incident's id, each domain with its own query, in parallel:
//   1 settings · 2 the report · 3 attachments · 4 metric series and charts · 5 the review (reviewers, comments, the
//   latest sign-off, the latest reopening) · 6 the follow-up review · 7 active people (reviewers who may be asked,
//   attendees) · 8 related past incidents. With the session's lookup: 9.
import "server-only";
import { getDb } from "@/lib/db/client";
import type { ActorUser } from "@/lib/auth/actor";
import { listAttachmentsOfIncident } from "@/lib/attachments/queries";
import type { AttachmentView } from "@/lib/attachments/schema";
import { getFollowUpPanel, type FollowUpPanelData, type Person } from "@/lib/follow-ups/queries";
import { postmortemDue, postmortemPolicy } from "@/lib/incidents/postmortem-due";
import { relatedIncidents, type RelatedIncident } from "@/lib/incidents/related";
import type { PostmortemDue, ReportDocument } from "@/lib/incidents/schema";
import { loadVisibleReport, type ActionItemExtras } from "@/lib/incidents/store";
import { metricsOverviewOfIncident } from "@/lib/metrics/queries";
import type { MetricsOverview } from "@/lib/metrics/schema";
import { getReviewPanel, type ReviewPanelData } from "@/lib/reviews/queries";
import { attachmentMaxBytesOf, getSettings } from "@/lib/settings/queries";
import type { Role } from "@/lib/generated/prisma/client";

export type ReportPageData = {
  report: ReportDocument;
  /** each action item's owner by name and its tracker link, by item id (read with the report) */
  actionItemExtras: Record<string, ActionItemExtras>;
  postmortemDue: PostmortemDue | null;
  attachments: AttachmentView[];
  attachmentMaxBytes: number;
  metrics: MetricsOverview;
  review: ReviewPanelData;
  followUp: FollowUpPanelData | null;
  people: Person[];
  related: RelatedIncident[];
};

/** Active people, with their role: the follow-up's attendee picker and the reviewers who may be asked. */
function listActivePeople(): Promise<(Person & { role: Role })[]> {
  return getDb().user.findMany({
    where: { active: true },
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true, role: true },
    take: 1_000,
  });
}

/** Null when there is no such report or `viewer` may not see it (the page answers 404 either way). */
export async function loadReportPage(viewer: ActorUser, idOrPublicId: string, now: Date = new Date()): Promise<ReportPageData | null> {
  const [settings, found] = await Promise.all([getSettings(), loadVisibleReport(getDb(), viewer, idOrPublicId)]);
  if (!found) return null;
  const { report, authorTimeZone, actionItemExtras } = found;
  const id = report.id!;
  const activePeople = listActivePeople();
  const [attachments, metrics, people, followUp, related, review] = await Promise.all([
    listAttachmentsOfIncident(id),
    metricsOverviewOfIncident(id),
    activePeople,
    getFollowUpPanel(viewer, id, now),
    relatedIncidents(viewer, id),
    activePeople.then((activeUsers) => getReviewPanel(viewer, id, { allowSelfApproval: settings["reviews.allowSelfApproval"], activeUsers, current: report })),
  ]);
  // deleted or made private between the reads: as if it were not there
  if (!review || !metrics) return null;
  return {
    report,
    actionItemExtras,
    postmortemDue: postmortemDue(
      {
        severity: report.severity,
        endedAt: report.endedAt ? new Date(report.endedAt) : null,
        reportState: review.state,
        timeZone: report.timeZone,
        authorTimeZone,
      },
      postmortemPolicy(settings),
      now,
    ),
    attachments,
    attachmentMaxBytes: attachmentMaxBytesOf(settings),
    metrics,
    review,
    followUp,
    people: people.map(({ role: _role, ...person }) => person),
    related,
  };
}
