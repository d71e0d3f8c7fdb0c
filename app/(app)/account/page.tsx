import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { getUserById } from "@/lib/users/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { FormMessage } from "@/components/ui/field";
import { EndSessionsForm, PasswordForm, ProfileForm } from "@/components/account/account-forms";
import { changePasswordAction, endAllSessionsAction, updateProfileAction } from "./actions";
import { calendarFeedPath, getCalendarToken } from "@/lib/calendar/queries";
import { CalendarFeed } from "@/components/calendar/calendar-feed";
import { regenerateCalendarTokenAction } from "./calendar-actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ password?: string }> }) {
  const me = await requireUser("profile:edit-own");
  const user = await getUserById(me.id);
  const calendarToken = await getCalendarToken(me.id);
  const timeZones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <PageHeader title="Your account" description={`${me.email} · ${me.role.toLowerCase()}`} />
      {(await searchParams).password === "changed" ? (
        <div className="mb-6">
          <FormMessage tone="success" message="Password changed. You were signed out everywhere else." />
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200">
          <h2 className="mb-4 text-lg font-semibold">Profile</h2>
          <ProfileForm
            action={updateProfileAction}
            name={me.name}
            timeZone={me.timeZone}
            receiveDigests={user?.receiveDigests ?? true}
            receiveReminders={user?.receiveReminders ?? true}
            timeZones={timeZones}
          />
        </section>
        <section className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200">
          <h2 className="mb-4 text-lg font-semibold">Password</h2>
          <PasswordForm action={changePasswordAction} />
          <h2 className="mb-3 mt-8 text-lg font-semibold">Sessions</h2>
          <EndSessionsForm action={endAllSessionsAction} />
        </section>
        <section className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200 lg:col-span-2" data-testid="calendar-feed">
          <h2 className="mb-4 text-lg font-semibold">Calendar feed</h2>
          <CalendarFeed path={calendarToken ? calendarFeedPath(calendarToken) : null} regenerate={regenerateCalendarTokenAction} />
        </section>
      </div>
    </>
  );
}
