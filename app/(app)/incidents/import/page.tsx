import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { MAX_REPORT_BYTES } from "@/lib/incidents/report-text/parse";
import { PageHeader } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { ImportForm } from "@/components/incidents/import/import-form";
import { createImportAction, previewImportAction } from "./actions";

export const metadata: Metadata = { title: "Import report" };

export default async function ImportReportPage() {
  const user = await requireUser("incident:import");
  const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  if (!timeZones.includes(user.timeZone)) timeZones.unshift(user.timeZone);
  return (
    <>
      <PageHeader
        title="Import report"
        description="Paste a postmortem written as text or Markdown, or open the file: text, Markdown, an HTML page from Confluence or Google Docs, or a Word document. You see what goes into which field before anything is created."
        actions={
          <ButtonLink href="/incidents" variant="secondary">
            Cancel
          </ButtonLink>
        }
      />
      <ImportForm
        previewAction={previewImportAction}
        createAction={createImportAction}
        defaultTimeZone={user.timeZone}
        timeZones={timeZones}
        maxBytes={MAX_REPORT_BYTES}
      />
    </>
  );
}
