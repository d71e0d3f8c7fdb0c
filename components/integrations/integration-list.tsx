// Admin > Integrations: every integration, active ones first. Never a secret: only what each is and where it posts.
import type { ReactNode } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { IntegrationListItem } from "@/lib/integrations/queries";
import { CHAT_EVENT_LABELS, INTEGRATION_KIND_LABELS, chatConfig, githubConfig, jiraConfig, type IntegrationWebhookUrls } from "@/lib/integrations/schema";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { RevokeIntegrationButton } from "@/components/integrations/revoke-integration-button";

type FormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

function When({ date, timeZone, never }: { date: Date | null; timeZone: string; never: string }) {
  if (!date) return <span className="text-slate-500">{never}</span>;
  return (
    <time dateTime={date.toISOString()} title={isoUtc(date)}>
      {formatDateTime(date, timeZone)}
    </time>
  );
}

/** What the integration is about, from its (non-secret) settings. */
function details(integration: IntegrationListItem, webhookUrls: IntegrationWebhookUrls): ReactNode {
  switch (integration.kind) {
    case "CHAT": {
      const config = chatConfig.safeParse(integration.config);
      return (
        <>
          <div>{integration.service ? `Reports listing ${integration.service.name}` : "Every service"}</div>
          {config.success ? (
            <div className="text-xs text-slate-500">
              {config.data.format === "teams" ? "Microsoft Teams" : "Slack / Mattermost"} ·{" "}
              {config.data.events.map((event) => CHAT_EVENT_LABELS[event]).join(", ")}
            </div>
          ) : null}
        </>
      );
    }
    case "GITHUB": {
      const config = githubConfig.safeParse(integration.config);
      return config.success ? <div>{config.data.repository}</div> : null;
    }
    case "JIRA": {
      const config = jiraConfig.safeParse(integration.config);
      return config.success ? (
        <div>
          {config.data.projectKey} on {new URL(config.data.baseUrl).host}
        </div>
      ) : null;
    }
    default: {
      const url = webhookUrls[integration.kind];
      return url ? <code className="break-all text-xs text-slate-600">{url}</code> : null;
    }
  }
}

export function IntegrationList({
  integrations,
  webhookUrls,
  timeZone,
  revokeAction,
}: {
  integrations: IntegrationListItem[];
  webhookUrls: IntegrationWebhookUrls;
  timeZone: string;
  revokeAction: FormAction;
}) {
  return (
    <Table data-testid="integration-list" caption="Integrations">
      <TableHead>
        <tr>
          <TableHeaderCell>Integration</TableHeaderCell>
          <TableHeaderCell>Details</TableHeaderCell>
          <TableHeaderCell className="hidden md:table-cell">Created</TableHeaderCell>
          <TableHeaderCell className="hidden md:table-cell">Last used</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {integrations.map((integration) => (
          <TableRow key={integration.id} data-testid={`integration-row-${integration.name}`}>
            <TableCell className="align-top">
              <div className="font-medium">{integration.name}</div>
              <div className="text-xs text-slate-500">{INTEGRATION_KIND_LABELS[integration.kind]}</div>
            </TableCell>
            <TableCell className="align-top">{details(integration, webhookUrls)}</TableCell>
            <TableCell className="hidden align-top md:table-cell">
              <When date={integration.createdAt} timeZone={timeZone} never="—" />
              <div className="text-xs text-slate-500">by {integration.createdBy?.name ?? "the command line"}</div>
            </TableCell>
            <TableCell className="hidden align-top md:table-cell">
              <When date={integration.lastUsedAt} timeZone={timeZone} never="Never" />
            </TableCell>
            <TableCell className="align-top">
              {integration.revokedAt ? (
                <div className="space-y-1">
                  <Badge tone="gray">Revoked</Badge>
                  <div className="text-xs text-slate-500">
                    <When date={integration.revokedAt} timeZone={timeZone} never="" />
                  </div>
                </div>
              ) : (
                <div className="flex flex-wrap items-center gap-3">
                  {integration.secretsReadable ? (
                    <Badge tone="green">Active</Badge>
                  ) : (
                    <span className="space-y-1">
                      <Badge tone="red">Secrets unreadable</Badge>
                      <span className="block max-w-xs text-xs text-red-700">
                        Sealed under an earlier AUTH_SECRET: revoke it and create it again with its secrets.
                      </span>
                    </span>
                  )}
                  <RevokeIntegrationButton integration={{ id: integration.id, name: integration.name, kind: integration.kind }} action={revokeAction} />
                </div>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
