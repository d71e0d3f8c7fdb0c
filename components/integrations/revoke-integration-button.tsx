"use client";

// Revoke, after a confirmation that says what stops. The row turns "Revoked" when it is done (the page revalidates).
import { useActionState, useId, useRef, useState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { IntegrationKindName } from "@/lib/integrations/schema";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";

type FormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

const WHAT_STOPS: Record<IntegrationKindName, string> = {
  ALERTMANAGER: "Alertmanager's notifications are refused from now on, and open no more drafts.",
  PAGERDUTY: "PagerDuty's webhooks are refused from now on. Delete the subscription in PagerDuty as well.",
  CHAT: "Nothing more is posted to this channel.",
  GITHUB: "Action items stop syncing with their GitHub issues; the issues stay as they are.",
  JIRA: "Action items stop syncing with their Jira issues; the issues stay as they are.",
};

export function RevokeIntegrationButton({ integration, action }: { integration: { id: string; name: string; kind: IntegrationKindName }; action: FormAction }) {
  const [open, setOpen] = useState(false);
  const [state, formAction, pending] = useActionState(action, null);
  const opener = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  return (
    <>
      <Button
        ref={opener}
        type="button"
        variant="secondary"
        className="px-2 py-1 text-red-700"
        onClick={() => setOpen(true)}
        aria-label={`Revoke ${integration.name}`}
      >
        Revoke
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} labelledBy={headingId} returnFocusTo={opener} className="max-w-md">
        <form action={formAction} className="space-y-4 text-sm">
          <h2 id={headingId} className="text-lg font-semibold">
            Revoke “{integration.name}”?
          </h2>
          <p>{WHAT_STOPS[integration.kind]}</p>
          <p>Its secrets are deleted. This cannot be undone: to connect again, create a new integration.</p>
          {state && !state.ok ? <FormMessage message={state.message} /> : null}
          <input type="hidden" name="integrationId" value={integration.id} />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Revoking…" : "Revoke"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
