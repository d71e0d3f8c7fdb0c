import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { describeSmtpUrl, mailFrom, smtpUrl } from "@/lib/mail/config";
import { listOutboxMessages } from "@/lib/mail/queries";
import { listFailedDeliveries, listRetryingDeliveries } from "@/lib/reminders/queries";
import { listHookDeliveries } from "@/lib/outbound/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { OutboxDeliveries } from "@/components/admin/outbox-deliveries";
import { OutboxMessages } from "@/components/admin/outbox-messages";
import { OutboxHookDeliveries } from "@/components/admin/outbox-hook-deliveries";
import { retryDeliveryAction, retryHookDeliveryAction } from "./actions";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage() {
  const user = await requireUser("outbox:read");
  const [failed, retrying, outbox, hooks] = await Promise.all([listFailedDeliveries(), listRetryingDeliveries(), listOutboxMessages(), listHookDeliveries()]);
  const url = smtpUrl();
  return (
    <>
      <PageHeader
        title="Outbox"
        description={
          url ? (
            <>
              Mail goes to the SMTP server <code>{describeSmtpUrl(url)}</code> from {mailFrom()}. Messages below were kept while no SMTP server was configured.
            </>
          ) : (
            <>
              No SMTP server is configured (<code>SMTP_URL</code>), so Hindsight keeps its mail here instead of sending it.
            </>
          )
        }
      />
      <section className="mb-8" aria-labelledby="failed-deliveries">
        <h2 id="failed-deliveries" className="mb-1 text-lg font-semibold">
          Failed reminders
        </h2>
        <p className="mb-3 text-sm text-slate-600">Reminders that could not be sent after every try. Fix the mail server, then retry them.</p>
        <OutboxDeliveries
          deliveries={failed.deliveries}
          total={failed.total}
          timeZone={user.timeZone}
          retryAction={can(user.role, "settings:manage") ? retryDeliveryAction : undefined}
          testId="failed-deliveries"
          empty="No failed reminders."
        />
      </section>
      {retrying.total > 0 ? (
        <section className="mb-8" aria-labelledby="retrying-deliveries">
          <h2 id="retrying-deliveries" className="mb-1 text-lg font-semibold">
            Waiting to be tried again
          </h2>
          <OutboxDeliveries deliveries={retrying.deliveries} total={retrying.total} timeZone={user.timeZone} testId="retrying-deliveries" empty="" />
        </section>
      ) : null}
      <section className="mb-8" aria-labelledby="hook-deliveries">
        <h2 id="hook-deliveries" className="mb-1 text-lg font-semibold">
          Webhook deliveries
        </h2>
        <p className="mb-3 text-sm text-slate-600">
          Chat messages and tracker updates: {hooks.failed} failed, {hooks.waiting} waiting, {hooks.sent} sent. A failed one was tried five times; fix the
          webhook, then retry it.
        </p>
        <OutboxHookDeliveries
          deliveries={hooks.deliveries}
          timeZone={user.timeZone}
          retryAction={can(user.role, "integration:manage") ? retryHookDeliveryAction : undefined}
          footer={hooks.sent > 0 ? "Sent deliveries: the latest 20." : undefined}
        />
      </section>
      <section aria-labelledby="outbox-messages">
        <h2 id="outbox-messages" className="mb-3 text-lg font-semibold">
          Messages ({outbox.total})
        </h2>
        <OutboxMessages messages={outbox.messages} total={outbox.total} timeZone={user.timeZone} />
      </section>
    </>
  );
}
