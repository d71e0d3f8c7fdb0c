import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getVisibleReport } from "@/lib/incidents/queries";
import { ReportView } from "@/components/incidents/report-view";
import { can } from "@/lib/auth/permissions";
import { listAttachments } from "@/lib/attachments/queries";
import { getAttachmentMaxBytes } from "@/lib/settings/queries";
import { ExportMenu } from "@/components/incidents/export-menu";
import { AttachmentsPanel } from "@/components/incidents/attachments-panel";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).id) };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("incident:read");
  const report = await getVisibleReport(user, decodeURIComponent((await params).id));
  if (!report) notFound();
  const [attachments, attachmentMaxBytes] = await Promise.all([listAttachments(user, report.id!), getAttachmentMaxBytes()]);
  return (
    <>
      <ExportMenu publicId={report.publicId!} className="mb-4" />
      <ReportView
        report={report}
        timeZone={user.timeZone}
        editHref={can(user.role, "incident:edit") ? `/incidents/${encodeURIComponent(report.publicId!)}/edit` : undefined}
      />
      <AttachmentsPanel
        incidentId={report.id!}
        attachments={attachments ?? []}
        canUpload={can(user.role, "attachment:upload")}
        maxBytes={attachmentMaxBytes}
        timeZone={user.timeZone}
      />
    </>
  );
}
