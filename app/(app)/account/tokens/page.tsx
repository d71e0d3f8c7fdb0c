import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { apiTokenStatus, listOwnApiTokens } from "@/lib/api-tokens/queries";
import { formatDateTime } from "@/lib/format/time";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { CreateTokenForm, RevokeTokenButton } from "@/components/account/account-forms";
import { createTokenAction, revokeTokenAction } from "../actions";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const me = await requireUser("token:manage-own");
  const tokens = await listOwnApiTokens(me.id);
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens for the REST API: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1/…</code>. A token acts as you, with your
            role.
          </>
        }
      />
      <section className="mb-8 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200">
        <h2 className="mb-4 text-lg font-semibold">New token</h2>
        <CreateTokenForm action={createTokenAction} />
      </section>
      {tokens.length === 0 ? (
        <EmptyState title="No tokens yet">Create one for scripts and integrations, such as importing reports from CI.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow ring-1 ring-slate-200" data-testid="token-list">
          {tokens.map((token) => {
            const status = apiTokenStatus(token);
            return (
              <li key={token.id} className="flex flex-wrap items-center gap-3 px-4 py-3 text-sm">
                <span className="font-medium">{token.name}</span>
                <code className="text-xs text-slate-500">{token.prefix}…</code>
                <Badge tone={status === "active" ? "green" : "gray"}>{status}</Badge>
                <span className="text-xs text-slate-500">
                  created {formatDateTime(token.createdAt, me.timeZone)} · last used {formatDateTime(token.lastUsedAt, me.timeZone)}
                  {token.expiresAt ? ` · expires ${formatDateTime(token.expiresAt, me.timeZone)}` : ""}
                </span>
                {status === "active" ? (
                  <span className="ml-auto">
                    <RevokeTokenButton tokenId={token.id} action={revokeTokenAction} />
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
