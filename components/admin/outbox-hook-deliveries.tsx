"use client";

import { useActionState } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { HookDeliveryRow } from "@/lib/outbound/schema";
import { DeliveryTime } from "@/components/admin/delivery-time";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

type FormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

const STATUS: Record<HookDeliveryRow["status"], { label: string; tone: BadgeTone }> = {
  FAILED: { label: "Failed", tone: "red" },
  PENDING: { label: "Waiting", tone: "yellow" },
  SENT: { label: "Sent", tone: "green" },
};

/**
 * Chat messages and tracker updates: failed ones (with "Retry now" for those who may), those waiting for their
 * first or next try, and the latest sent. The webhook URL is never shown: it is the integration's secret.
 */
export function OutboxHookDeliveries({
  deliveries,
  timeZone,
  retryAction,
  footer,
}: {
  deliveries: HookDeliveryRow[];
  timeZone: string;
  /** absent: no "Retry now" buttons (someone who may not retry) */
  retryAction?: FormAction;
  footer?: string;
}) {
  const [state, formAction, pending] = useActionState(retryAction ?? (async () => null as never), null);
  return (
    <div className="space-y-3">
      {state ? (
        <div data-testid="hook-retry-result">
          <FormMessage tone={state.ok ? "success" : "error"} message={state.message} />
        </div>
      ) : null}
      {deliveries.length === 0 ? (
        <p className="rounded-lg bg-white p-4 text-sm text-slate-600 shadow ring-1 ring-slate-200">No webhook deliveries yet.</p>
      ) : (
        <Table data-testid="hook-deliveries" footer={footer ? <p className="px-4 py-2 text-xs text-slate-500">{footer}</p> : null}>
          <TableHead>
            <tr>
              <TableHeaderCell>Delivery</TableHeaderCell>
              <TableHeaderCell>Integration</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Tries</TableHeaderCell>
              <TableHeaderCell>Last error</TableHeaderCell>
              <TableHeaderCell>Next try</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {deliveries.map((delivery) => (
              <TableRow key={delivery.id} data-testid="hook-delivery-row" className="align-top">
                <TableCell>
                  <div className="text-slate-900">{delivery.kindLabel}</div>
                  {delivery.about ? <div className="text-xs text-slate-600">{delivery.about}</div> : null}
                  <div className="text-xs text-slate-500">
                    queued <DeliveryTime date={delivery.createdAt} timeZone={timeZone} />
                  </div>
                </TableCell>
                <TableCell>
                  <div>{delivery.integrationName}</div>
                  {delivery.integrationRevoked ? <div className="text-xs text-slate-500">revoked</div> : null}
                </TableCell>
                <TableCell>
                  <Badge tone={STATUS[delivery.status].tone}>{STATUS[delivery.status].label}</Badge>
                  {delivery.sentAt ? (
                    <div className="mt-1 text-xs text-slate-500">
                      <DeliveryTime date={delivery.sentAt} timeZone={timeZone} />
                    </div>
                  ) : null}
                </TableCell>
                <TableCell>{delivery.attempts}</TableCell>
                <TableCell className="max-w-md">
                  <code className="whitespace-pre-wrap break-words text-xs text-red-800" data-testid="hook-delivery-error">
                    {delivery.lastError ?? "—"}
                  </code>
                </TableCell>
                <TableCell>
                  {delivery.status === "FAILED" && retryAction && !delivery.integrationRevoked ? (
                    <form action={formAction}>
                      <input type="hidden" name="id" value={delivery.id} />
                      <Button
                        type="submit"
                        variant="secondary"
                        className="px-2 py-1"
                        disabled={pending}
                        aria-label={`Retry now: ${delivery.kindLabel} to ${delivery.integrationName}`}
                      >
                        {pending ? "Sending…" : "Retry now"}
                      </Button>
                    </form>
                  ) : delivery.status === "PENDING" ? (
                    <DeliveryTime date={delivery.nextAttemptAt} timeZone={timeZone} />
                  ) : (
                    "—"
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
