"use client";

// Shown once, right after an integration is created: the URL to paste into the sending system and the secret Hindsight
// generated, with what to do with them. Nothing here is stored in the page: a reload shows the list without them.
import { useEffect, useId, useRef, useState } from "react";
import type { CreatedIntegrationNotice } from "@/lib/integrations/schema";
import { inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // no clipboard permission (plain http): select the text so Ctrl+C works
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  }
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input id={id} readOnly value={value} className={`${inputClass} font-mono text-xs`} onFocus={(event) => event.target.select()} data-testid={testId} />
        <Button type="button" variant="secondary" onClick={copy} aria-label={`Copy the ${label.toLowerCase()}`}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}

function alertmanagerConfig(url: string, secret: string): string {
  return [
    "receivers:",
    "  - name: hindsight",
    "    webhook_configs:",
    `      - url: ${url}`,
    "        send_resolved: true",
    "        http_config:",
    "          authorization:",
    `            credentials: ${secret}`,
  ].join("\n");
}

function NextSteps({ notice }: { notice: CreatedIntegrationNotice }) {
  const { kind, webhookUrl, secret } = notice;
  if (kind === "ALERTMANAGER" && webhookUrl && secret)
    return (
      <div className="space-y-2">
        <p>
          Add a receiver to <code>alertmanager.yml</code> and route the alerts that should open a report to it:
        </p>
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100" data-testid="alertmanager-config">
          {alertmanagerConfig(webhookUrl, secret)}
        </pre>
      </div>
    );
  if (kind === "GITHUB")
    return (
      <p>
        In the repository&apos;s <strong>Settings › Webhooks › Add webhook</strong>: the webhook URL as Payload URL, content type <code>application/json</code>,
        the secret as Secret, and the <strong>Issues</strong> event.
      </p>
    );
  if (kind === "JIRA")
    return (
      <p>
        As a Jira administrator, open <strong>System › WebHooks › Create a WebHook</strong>: the webhook URL as URL, the secret as Secret, and the{" "}
        <strong>Issue updated</strong> event.
      </p>
    );
  if (kind === "PAGERDUTY") return <p>PagerDuty&apos;s webhooks to the URL are accepted from now on.</p>;
  return <p>Hindsight posts the chosen events to the channel from now on.</p>;
}

export function CreatedIntegration({ notice }: { notice: CreatedIntegrationNotice }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  // the form moved on: take screen-reader and keyboard users to what must be copied
  useEffect(() => heading.current?.focus(), [notice]);
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-lg bg-emerald-50 p-4 text-sm text-slate-800 ring-1 ring-emerald-200"
      data-testid="created-integration"
    >
      <h3 id={headingId} ref={heading} tabIndex={-1} className="text-base font-semibold text-emerald-900 focus:outline-none">
        Integration “{notice.name}” created
      </h3>
      {notice.secret ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 font-medium text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="secret-warning">
          Copy the secret now: it is not shown again. Hindsight keeps only {notice.kind === "ALERTMANAGER" ? "a hash of it" : "a sealed copy it never displays"}
          . If it is lost, revoke this integration and create a new one.
        </p>
      ) : null}
      {notice.webhookUrl ? <CopyField label="Webhook URL" value={notice.webhookUrl} testId="created-webhook-url" /> : null}
      {notice.secret ? <CopyField label="Secret" value={notice.secret} testId="created-secret" /> : null}
      <NextSteps notice={notice} />
    </section>
  );
}
