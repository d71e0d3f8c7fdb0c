import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { integrationWebhookUrls, listIntegrations } from "@/lib/integrations/queries";
import { listServices } from "@/lib/services/queries";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { CreateIntegrationForm } from "@/components/integrations/create-integration-form";
import { IntegrationList } from "@/components/integrations/integration-list";
import { createIntegrationAction, revokeIntegrationAction } from "./actions";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  const me = await requireUser("integration:manage");
  const [integrations, webhookUrls, services] = await Promise.all([listIntegrations(), integrationWebhookUrls(), listServices()]);
  return (
    <>
      <PageHeader
        title="Integrations"
        description="Alerts that open draft reports (Prometheus Alertmanager, PagerDuty), chat channels told about reviews and overdue action items, and issue trackers action items sync with. Secrets are shown once, when an integration is created."
      />
      <section className="mb-8 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" aria-labelledby="add-integration">
        <h2 id="add-integration" className="mb-4 text-lg font-semibold">
          Add an integration
        </h2>
        <CreateIntegrationForm action={createIntegrationAction} webhookUrls={webhookUrls} services={services.map(({ id, name }) => ({ id, name }))} />
      </section>
      {integrations.length === 0 ? (
        <EmptyState title="No integrations yet">Add one above, or from the command line: npm run integration:create -- --kind alertmanager --name N</EmptyState>
      ) : (
        <IntegrationList integrations={integrations} webhookUrls={webhookUrls} timeZone={me.timeZone} revokeAction={revokeIntegrationAction} />
      )}
    </>
  );
}
