import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getEditableSettings } from "@/lib/settings/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { SettingsForm } from "@/components/admin/settings-form";
import { updateSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireUser("settings:manage");
  const { settings, stamp, attachmentMaxMbOverride } = await getEditableSettings();
  return (
    <>
      <PageHeader title="Settings" description="How this Hindsight instance behaves for everyone. Every change is recorded in the audit trail." />
      <SettingsForm settings={settings} stamp={stamp} attachmentMaxMbOverride={attachmentMaxMbOverride} action={updateSettingsAction} />
    </>
  );
}
