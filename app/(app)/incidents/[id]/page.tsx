import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { loadReportPage } from "@/lib/incidents/report-page";
import { ReportView } from "@/components/incidents/report-view";
import { can } from "@/lib/auth/permissions";
import { ExportMenu } from "@/components/incidents/export-menu";
import { AttachmentsPanel } from "@/components/incidents/attachments-panel";
import { MetricsPanel } from "@/components/metrics/metrics-panel";
import { isReadOnly } from "@/lib/reviews/state-machine";
import { ReviewPanel } from "@/components/reviews/review-panel";
import { SignOffBanner } from "@/components/reviews/sign-off-banner";
import { ReportTabs } from "@/components/reviews/report-tabs";
import {
  addCommentAction,
  approveReportAction,
  reopenReportAction,
  requestChangesAction,
  resolveCommentAction,
  submitForReviewAction,
} from "@/app/(app)/reviews/actions";
import { FollowUpPanel } from "@/components/follow-ups/follow-up-panel";
import { RelatedIncidents } from "@/components/incidents/related-incidents";
import { recordFollowUpOutcomeAction, scheduleFollowUpAction, updateFollowUpAction } from "./follow-up-actions";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).id) };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("incident:read");
  const data = await loadReportPage(user, decodeURIComponent((await params).id));
  if (!data) notFound();
  const { report, actionItemExtras, attachments, attachmentMaxBytes, metrics, postmortemDue, related, review, followUp, people } = data;
  // An approved report is the signed record: no edit, upload or chart affordances until a manager reopens it.
  const readOnly = isReadOnly(review.state);
  // The report's own header comes first (its title above the fold even on a signed-off report); the sign-off and the
  // review follow right below it, before the sections.
  const reviewBlock = (
    <div className="space-y-4" data-testid="review-block">
      {review.signOff ? (
        <SignOffBanner publicId={review.publicId} state={review.state} signOff={review.signOff} lastReopen={review.lastReopen} timeZone={user.timeZone} />
      ) : null}
      <ReviewPanel
        panel={review}
        viewer={user}
        actions={{
          submit: submitForReviewAction,
          approve: approveReportAction,
          requestChanges: requestChangesAction,
          reopen: reopenReportAction,
          comment: addCommentAction,
          resolve: resolveCommentAction,
        }}
      />
    </div>
  );
  return (
    <>
      <ReportTabs publicId={report.publicId!} active="report" showHistory={can(user.role, "audit:read")} />
      <ExportMenu publicId={report.publicId!} className="mb-4" />
      <ReportView
        report={report}
        actionItemExtras={actionItemExtras}
        timeZone={user.timeZone}
        postmortemDue={postmortemDue}
        afterHeader={reviewBlock}
        editHref={can(user.role, "incident:edit") && !readOnly ? `/incidents/${encodeURIComponent(report.publicId!)}/edit` : undefined}
        followUpPanel={
          <FollowUpPanel
            viewer={user}
            data={followUp}
            people={people}
            actions={{ schedule: scheduleFollowUpAction, update: updateFollowUpAction, record: recordFollowUpOutcomeAction }}
          />
        }
      />
      <MetricsPanel
        incidentId={report.id!}
        series={metrics.series}
        charts={metrics.charts}
        context={{
          startedAt: report.startedAt,
          endedAt: report.endedAt,
          timeline: report.timeline.map(({ occurredAt, text }) => ({ occurredAt, text })),
          baselines: report.impact.metrics.map(({ label, unit, baseline, baselineUnit }) => ({ label, unit, baseline, baselineUnit })),
        }}
        canUpload={can(user.role, "attachment:upload") && !readOnly}
        canEdit={can(user.role, "metric:edit") && !readOnly}
        maxBytes={attachmentMaxBytes}
        incidentTimeZone={report.timeZone}
        viewerTimeZone={user.timeZone}
      />
      <AttachmentsPanel
        incidentId={report.id!}
        attachments={attachments}
        canUpload={can(user.role, "attachment:upload") && !readOnly}
        maxBytes={attachmentMaxBytes}
        timeZone={user.timeZone}
      />
      <RelatedIncidents items={related} timeZone={user.timeZone} />
    </>
  );
}
