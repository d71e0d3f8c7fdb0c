// The public page a reminder mail's unsubscribe link opens: whose mail it is, and one button. The form is a plain
// POST to the page's own address (proxy.ts hands it to app/api/unsubscribe), so it works without JavaScript.
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";

export function UnsubscribeCard({ maskedEmail, mailOff, postPath }: { maskedEmail: string; mailOff: boolean; postPath: string }) {
  return (
    <div className="space-y-4" data-testid="unsubscribe">
      <h1 className="text-lg font-semibold">Reminder mail</h1>
      <p className="text-sm text-slate-600">
        For <strong className="font-medium text-slate-900">{maskedEmail}</strong>: due dates, follow-ups, reviews waiting and postmortems owed, and the weekly
        digest for managers.
      </p>
      {mailOff ? (
        <>
          <FormMessage tone="success" message="Reminder mail is off. Hindsight sends no more reminders or digests to this address." />
          <p className="text-sm text-slate-600">
            Changed your mind? Turn them back on in{" "}
            <Link href="/account" className="font-medium text-indigo-700 hover:underline">
              your account
            </Link>
            .
          </p>
        </>
      ) : (
        <form method="post" action={postPath}>
          <input type="hidden" name="from" value="page" />
          <Button type="submit">Stop reminder mail</Button>
        </form>
      )}
    </div>
  );
}

export function UnsubscribeLinkNotValid() {
  return (
    <div className="space-y-3" data-testid="unsubscribe-not-valid">
      <h1 className="text-lg font-semibold">This link is not valid</h1>
      <p className="text-sm text-slate-600">
        It may have been mistyped or cut short, or the account no longer exists. Signed-in users choose which mail they get in{" "}
        <Link href="/account" className="font-medium text-indigo-700 hover:underline">
          their account
        </Link>
        .
      </p>
    </div>
  );
}
