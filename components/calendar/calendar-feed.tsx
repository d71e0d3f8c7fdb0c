"use client";

// The account page's calendar feed: the private URL to subscribe to, a Copy button, and Regenerate, which makes a
// new URL and stops the old one at once (for a URL that was shared by mistake).
import { useActionState, useState, useSyncExternalStore } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import { FormMessage, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

type FormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

const noSubscription = () => () => {};

export function CalendarFeed({ path, regenerate }: { path: string | null; regenerate: FormAction }) {
  const [state, formAction, pending] = useActionState(regenerate, null);
  const [copied, setCopied] = useState(false);
  // the address the browser reached us at is the one calendar apps can reach too
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );
  const url = path ? `${origin}${path}` : null;

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      // no clipboard permission (plain http): select the text so Ctrl+C works
      (document.getElementById("calendar-url") as HTMLInputElement | null)?.select();
    }
  }

  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600">
        Due dates of your action items and your follow-up reviews, in Google Calendar (Other calendars → From URL), Outlook (Add calendar → Subscribe from web)
        or any app that subscribes to an iCalendar URL. Anyone with the URL sees those titles and dates: keep it to yourself.
      </p>
      {state ? state.ok ? <FormMessage tone="success" message={state.message} /> : <FormMessage message={state.message} /> : null}
      {url ? (
        <div className="flex flex-col gap-2 sm:flex-row">
          <input
            id="calendar-url"
            aria-label="Calendar URL"
            readOnly
            value={url}
            className={`${inputClass} font-mono text-xs`}
            onFocus={(event) => event.target.select()}
            data-testid="calendar-url"
          />
          <Button type="button" variant="secondary" onClick={copy}>
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
      ) : (
        <p className="text-slate-500">You have no calendar URL yet.</p>
      )}
      <form
        action={formAction}
        onSubmit={(event) => {
          if (url && !window.confirm("Make a new calendar URL? Calendars subscribed to the old one stop updating.")) event.preventDefault();
        }}
      >
        <Button type="submit" variant={url ? "secondary" : "primary"} disabled={pending}>
          {url ? "Regenerate (revokes the old URL)" : "Create my calendar URL"}
        </Button>
      </form>
    </div>
  );
}
