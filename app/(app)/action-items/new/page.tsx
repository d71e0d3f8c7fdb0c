import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listIncidentOptions, listOwnerOptions } from "@/lib/action-items/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { NewActionItemForm } from "@/components/action-items/new-action-item-form";
import { createActionItemAction } from "../actions";

export const metadata: Metadata = { title: "Add action item" };

export default async function NewActionItemPage({ searchParams }: { searchParams: Promise<{ incident?: string | string[] }> }) {
  const user = await requireUser("action-item:edit");
  const { incident } = await searchParams;
  const [incidents, people] = await Promise.all([listIncidentOptions(user), listOwnerOptions()]);
  return (
    <>
      <PageHeader title="Add action item" description="A follow-up task for an incident, with an owner and a due date." />
      <NewActionItemForm
        action={createActionItemAction}
        incidents={incidents}
        people={people}
        incident={typeof incident === "string" ? incident : undefined}
        meId={user.id}
      />
    </>
  );
}
