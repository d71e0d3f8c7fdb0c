import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { loadActionItemsPage } from "@/lib/action-items/queries";
import { parseActionItemView } from "@/lib/action-items/schema";
import { listTrackerOptions } from "@/lib/trackers/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { ActionItemTable } from "@/components/action-items/action-item-table";
import { QuickViews } from "@/components/action-items/quick-views";
import { updateActionItemAction } from "./actions";

export const metadata: Metadata = { title: "Action items" };

export default async function ActionItemsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("incident:read");
  const view = parseActionItemView(await searchParams);
  const canEdit = can(user.role, "action-item:edit");
  const [{ page, people, severities, services }, trackers] = await Promise.all([loadActionItemsPage(user, view), canEdit ? listTrackerOptions() : []]);
  return (
    <>
      <PageHeader
        title="Action items"
        description="What postmortems promised, and when."
        actions={
          <>
            <QuickViews view={view} />
            {canEdit ? <ButtonLink href="/action-items/new">Add action item</ButtonLink> : null}
          </>
        }
      />
      <ActionItemTable
        page={page}
        view={{ ...view, page: page.page }}
        people={people}
        severities={severities}
        services={services}
        timeZone={user.timeZone}
        update={updateActionItemAction}
        trackers={trackers}
      />
    </>
  );
}
