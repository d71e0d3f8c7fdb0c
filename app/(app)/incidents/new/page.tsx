import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getSeverityScale } from "@/lib/settings/queries";
import { listTemplates } from "@/lib/templates/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { NewReportForm } from "@/components/incidents/editor/new-report-form";
import { createReportAction } from "./actions";

export const metadata: Metadata = { title: "New report" };

export default async function NewIncidentPage() {
  await requireUser("incident:create");
  const [templates, severityScale] = await Promise.all([listTemplates(), getSeverityScale()]);
  return (
    <>
      <PageHeader
        title="New postmortem"
        description="Start from a template and fill in the header; everything else is written in the editor that opens next."
      />
      <NewReportForm
        templates={templates.map(({ id, name, isDefault, sections }) => ({ id, name, isDefault, sections }))}
        severityScale={severityScale}
        action={createReportAction}
      />
    </>
  );
}
