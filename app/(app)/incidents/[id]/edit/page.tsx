import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/queries";
import { loadEditableReport } from "@/lib/incidents/mutations";
import { getSeverityScale } from "@/lib/settings/queries";
import { listServices } from "@/lib/services/queries";
import { getDefaultTemplate, getTemplate } from "@/lib/templates/queries";
import { ReportEditor } from "@/components/incidents/editor/report-editor";
import { ReportStateBadge } from "@/components/incidents/labels";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonClass } from "@/components/ui/button";
import { getEditorReview } from "@/lib/reviews/editor-comments";
import { resolveCommentAction } from "@/app/(app)/reviews/actions";
import { saveReportAction } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Edit ${decodeURIComponent((await params).id)}` };
}

export default async function EditIncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("incident:edit");
  const report = await loadEditableReport(user, decodeURIComponent((await params).id));
  if (!report) notFound();

  if (report.reportState === "APPROVED") {
    return (
      <EmptyState
        title={`${report.publicId} is approved and read-only`}
        action={
          <Link href={`/incidents/${encodeURIComponent(report.publicId)}`} className={buttonClass("secondary")}>
            Back to the report
          </Link>
        }
      >
        <p className="mb-2">
          <ReportStateBadge state={report.reportState} />
        </p>
        An approved report is the record that was signed off, so it is not edited in place. A manager can reopen it if something needs to change; it can then be
        edited and reviewed again.
      </EmptyState>
    );
  }

  const [template, severityScale, users, services, review] = await Promise.all([
    // the template the report was started from; the default one for reports started before templates (or imported)
    (report.templateId ? getTemplate(report.templateId) : Promise.resolve(null)).then((found) => found ?? getDefaultTemplate()),
    getSeverityScale(),
    listUsers({ active: true }),
    listServices(),
    getEditorReview(user, report.id),
  ]);
  // the zones this server knows, for the report's zone (from here, so that the browser renders the same list)
  const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  return (
    <ReportEditor
      incidentId={report.id}
      initial={{ version: report.version, document: report.document, updatedAt: report.updatedAt, updatedBy: report.updatedBy }}
      templateSections={template.sections}
      severityScale={severityScale}
      people={users.map((person) => ({ email: person.email, name: person.name }))}
      serviceCatalog={services.map((service) => service.name)}
      viewerTimeZone={user.timeZone}
      timeZones={timeZones}
      review={review}
      resolveComment={resolveCommentAction}
      save={saveReportAction}
    />
  );
}
