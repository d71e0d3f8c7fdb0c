"use client";

// The admin form for a new integration: its fields follow the chosen kind. After creation the page shows, once, the
// URL to paste into the sending system and the secret Hindsight generated (CreatedIntegration); a reload forgets it.
//
// React resets a form after its action, and a reset puts every <select> back on its first option whatever React's
// state says: the kind would read "Alertmanager" while the Jira fields showed, and the next submit would create an
// Alertmanager integration; a chosen service would fall back to "every service". So the kind picker is outside the
// form (a hidden input carries it), and the form is submitted by hand, without the reset: after a refusal everything
// stays as typed, tokens included; after a success the form is cleared.
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import {
  CHAT_EVENT_LABELS,
  CHAT_EVENTS,
  INTEGRATION_KIND_LABELS,
  INTEGRATION_KINDS,
  type CreatedIntegrationNotice,
  type IntegrationKindName,
  type IntegrationWebhookUrls,
} from "@/lib/integrations/schema";
import { Field, FormMessage, Input, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { CreatedIntegration } from "@/components/integrations/created-integration";

type CreateAction = (prev: ActionPrevState<CreatedIntegrationNotice>, formData: FormData) => Promise<ActionState<CreatedIntegrationNotice>>;

const DEFAULT_GITHUB_API = "https://api.github.com";

export function CreateIntegrationForm({
  action,
  webhookUrls,
  services,
}: {
  action: CreateAction;
  webhookUrls: IntegrationWebhookUrls;
  services: { id: string; name: string }[];
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const [kind, setKind] = useState<IntegrationKindName>("ALERTMANAGER");
  const form = useRef<HTMLFormElement>(null);
  const failure = state && !state.ok ? state : null;
  const errors = failure?.fieldErrors ?? {};

  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  }

  return (
    <div className="space-y-6">
      {state?.ok && state.data ? <CreatedIntegration notice={state.data} /> : null}
      <FormMessage message={failure?.message} />
      <div className="max-w-md">
        <Field label="Kind" name="kind" error={errors.kind}>
          <Select name="kind" value={kind} onChange={(event) => setKind(event.target.value as IntegrationKindName)} error={errors.kind}>
            {INTEGRATION_KINDS.map((option) => (
              <option key={option} value={option}>
                {INTEGRATION_KIND_LABELS[option]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <form ref={form} action={formAction} onSubmit={submit} className="space-y-4" noValidate data-testid="create-integration-form">
        <input type="hidden" name="kind" value={kind} />
        <div className="max-w-md">
          <Field label="Name" name="name" error={errors.name} hint="What it is, e.g. “Prometheus production” or “#incidents channel”.">
            <Input name="name" maxLength={100} error={errors.name} />
          </Field>
        </div>

        {kind === "ALERTMANAGER" ? (
          <p className="text-sm text-slate-600">
            Alertmanager notifications open a draft report per alert group. Hindsight generates the secret Alertmanager sends as its bearer credential: you get
            it, with the configuration to paste, once the integration is created.
          </p>
        ) : null}

        {kind === "PAGERDUTY" ? (
          <>
            <div className="rounded-md bg-slate-50 p-3 text-sm text-slate-700 ring-1 ring-inset ring-slate-200">
              <p>
                In PagerDuty, open <strong>Integrations › Generic Webhooks (v3)</strong> and add a <strong>New Webhook</strong> with this webhook URL and the
                incident events:
              </p>
              <code className="mt-2 block break-all font-mono text-xs" data-testid="pagerduty-webhook-url">
                {webhookUrls.PAGERDUTY}
              </code>
              <p className="mt-2">PagerDuty issues a signing secret when you add the subscription, and shows it only then: paste it below.</p>
            </div>
            <Field label="PagerDuty's signing secret" name="signingSecret" error={errors.signingSecret}>
              <Input name="signingSecret" type="password" autoComplete="off" spellCheck={false} error={errors.signingSecret} />
            </Field>
          </>
        ) : null}

        {kind === "CHAT" ? (
          <>
            <Field
              label="Webhook URL"
              name="webhookUrl"
              error={errors.webhookUrl}
              hint="A Slack or Mattermost incoming webhook, or a Microsoft Teams workflow's “When a Teams webhook request is received” URL. It is a secret: it is stored sealed and not shown again."
            >
              <Input name="webhookUrl" type="url" autoComplete="off" spellCheck={false} error={errors.webhookUrl} />
            </Field>
            <fieldset>
              <legend className="text-sm font-medium text-slate-700">Message format</legend>
              <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2 text-sm">
                <label className="flex items-center gap-2">
                  <input type="radio" name="format" value="slack" defaultChecked className="h-4 w-4" />
                  Slack or Mattermost
                </label>
                <label className="flex items-center gap-2">
                  <input type="radio" name="format" value="teams" className="h-4 w-4" />
                  Microsoft Teams
                </label>
              </div>
              {errors.format ? <p className="mt-1 text-sm text-red-700">{errors.format}</p> : null}
            </fieldset>
            <fieldset aria-describedby={errors.events ? "events-error" : undefined}>
              <legend className="text-sm font-medium text-slate-700">Post when</legend>
              <div className="mt-2 space-y-2 text-sm">
                {CHAT_EVENTS.map((event) => (
                  <label key={event} className="flex items-center gap-2">
                    <input type="checkbox" name="events" value={event} defaultChecked className="h-4 w-4 rounded border-slate-300" />
                    {CHAT_EVENT_LABELS[event]}
                  </label>
                ))}
              </div>
              {errors.events ? (
                <p id="events-error" className="mt-1 text-sm text-red-700" data-testid="events-error">
                  {errors.events}
                </p>
              ) : null}
            </fieldset>
            <Field label="Service" name="serviceId" error={errors.serviceId} hint="Only reports that list this service are posted.">
              <Select name="serviceId" defaultValue="" error={errors.serviceId}>
                <option value="">Every service</option>
                {services.map((service) => (
                  <option key={service.id} value={service.id}>
                    {service.name}
                  </option>
                ))}
              </Select>
            </Field>
          </>
        ) : null}

        {kind === "GITHUB" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Repository" name="repository" error={errors.repository} hint="owner/name, where action items become issues.">
              <Input name="repository" placeholder="acme/platform" error={errors.repository} />
            </Field>
            <Field label="API URL" name="apiUrl" error={errors.apiUrl} hint="GitHub Enterprise Server: https://HOST/api/v3">
              <Input name="apiUrl" type="url" defaultValue={DEFAULT_GITHUB_API} error={errors.apiUrl} />
            </Field>
            <div className="sm:col-span-2">
              <Field
                label="Token"
                name="apiToken"
                error={errors.apiToken}
                hint="A fine-grained personal access token with Issues: read and write on the repository."
              >
                <Input name="apiToken" type="password" autoComplete="off" spellCheck={false} error={errors.apiToken} />
              </Field>
            </div>
          </div>
        ) : null}

        {kind === "JIRA" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Site URL" name="baseUrl" error={errors.baseUrl}>
              <Input name="baseUrl" type="url" placeholder="https://your-site.atlassian.net" error={errors.baseUrl} />
            </Field>
            <Field label="Account email" name="email" error={errors.email} hint="The Atlassian account the API token belongs to.">
              <Input name="email" type="email" autoComplete="off" error={errors.email} />
            </Field>
            <Field label="API token" name="apiToken" error={errors.apiToken} hint="Made at id.atlassian.com › Security › API tokens.">
              <Input name="apiToken" type="password" autoComplete="off" spellCheck={false} error={errors.apiToken} />
            </Field>
            <Field label="Project key" name="projectKey" error={errors.projectKey}>
              <Input name="projectKey" placeholder="OPS" error={errors.projectKey} />
            </Field>
            <Field label="Issue type" name="issueType" error={errors.issueType}>
              <Input name="issueType" defaultValue="Task" error={errors.issueType} />
            </Field>
            <Field label="Done status" name="doneStatus" error={errors.doneStatus} hint="The status that means done in this project.">
              <Input name="doneStatus" defaultValue="Done" error={errors.doneStatus} />
            </Field>
          </div>
        ) : null}

        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create integration"}
        </Button>
      </form>
    </div>
  );
}
