import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listMyReports, listReviewQueue } from "@/lib/reviews/queries";
import { getSetting } from "@/lib/settings/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { MyReportsList, ReviewQueueList } from "@/components/reviews/review-lists";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage() {
  const user = await requireUser();
  const reviewer = can(user.role, "review:approve");
  const queue = reviewer ? await listReviewQueue(user.id) : [];
  const mine = await listMyReports(user.id);
  const overdueAfterDays = await getSetting("reminders.reviewWaitingDays");
  return (
    <>
      <PageHeader title="Reviews" description="Postmortems waiting for sign-off, and where your own reports stand." />
      {reviewer ? <ReviewQueueList rows={queue} now={Date.now()} timeZone={user.timeZone} overdueAfterDays={overdueAfterDays} /> : null}
      <MyReportsList rows={mine} now={Date.now()} timeZone={user.timeZone} />
    </>
  );
}
