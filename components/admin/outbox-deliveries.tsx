"use client";

import { useActionState, type ReactNode } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { DeliveryRow } from "@/lib/reminders/queries";
import { DeliveryTime } from "@/components/admin/delivery-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

type FormAction = (prev: ActionPrevState<unknown>, formData: FormData) => Promise<ActionState<unknown>>;

const KIND_LABELS: Record<DeliveryRow["kind"], string> = {
  ACTION_DUE_SOON: "Due soon",
  ACTION_DUE_TODAY: "Due today",
  ACTION_OVERDUE: "Overdue",
  FOLLOW_UP_SOON: "Follow-up soon",
  FOLLOW_UP_TODAY: "Follow-up today",
  MANAGER_DIGEST: "Weekly digest",
  REVIEW_WAITING: "Review waiting",
  POSTMORTEM_DUE_SOON: "Postmortem due",
  POSTMORTEM_OVERDUE: "Postmortem overdue",
  REVIEW_REQUESTED: "Review requested",
  CHANGES_REQUESTED: "Changes requested",
  REPORT_APPROVED: "Report approved",
};

/**
 * Reminder deliveries that did not go out: FAILED ones (after their last try, with "Retry now" for those who may) or
 * those waiting for their next try. The outcome of a retry shows above the list: a delivered row leaves the list.
 */
export function OutboxDeliveries({
  deliveries,
  total,
  timeZone,
  retryAction,
  testId,
  empty,
}: {
  deliveries: DeliveryRow[];
  total: number;
  timeZone: string;
  /** absent: no "Retry now" column (waiting deliveries, or someone who may not retry) */
  retryAction?: FormAction;
  testId: string;
  empty: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(retryAction ?? (async () => null as never), null);
  return (
    <div className="space-y-3">
      {state ? (
        <div data-testid="retry-result">
          <FormMessage tone={state.ok ? "success" : "error"} message={state.message} />
        </div>
      ) : null}
      {deliveries.length === 0 ? (
        <p className="rounded-lg bg-white p-4 text-sm text-slate-600 shadow ring-1 ring-slate-200">{empty}</p>
      ) : (
        <Table
          data-testid={testId}
          footer={
            total > deliveries.length ? (
              <p className="px-4 py-2 text-xs text-slate-500">
                Showing {deliveries.length} of {total}.
              </p>
            ) : null
          }
        >
          <TableHead>
            <tr>
              <TableHeaderCell>Reminder</TableHeaderCell>
              <TableHeaderCell>To</TableHeaderCell>
              <TableHeaderCell>Tries</TableHeaderCell>
              <TableHeaderCell>Last error</TableHeaderCell>
              <TableHeaderCell>{retryAction ? <span className="sr-only">Retry</span> : "Next try"}</TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {deliveries.map((delivery) => (
              <TableRow key={delivery.id} data-testid="delivery-row" className="align-top">
                <TableCell>
                  <Badge tone={delivery.status === "FAILED" ? "red" : "yellow"}>{KIND_LABELS[delivery.kind]}</Badge>
                  <div className="mt-1 text-slate-900">{delivery.subjectLabel ?? "—"}</div>
                  <div className="text-xs text-slate-500">
                    recorded <DeliveryTime date={delivery.createdAt} timeZone={timeZone} />
                  </div>
                </TableCell>
                <TableCell>
                  <div>{delivery.recipientName ?? "—"}</div>
                  <div className="text-xs text-slate-500">{delivery.recipientEmail}</div>
                </TableCell>
                <TableCell>{delivery.attempts}</TableCell>
                <TableCell className="max-w-md">
                  <code className="whitespace-pre-wrap break-words text-xs text-red-800" data-testid="delivery-error">
                    {delivery.lastError ?? "—"}
                  </code>
                </TableCell>
                <TableCell>
                  {retryAction ? (
                    <form action={formAction}>
                      <input type="hidden" name="id" value={delivery.id} />
                      <Button
                        type="submit"
                        variant="secondary"
                        className="px-2 py-1"
                        disabled={pending}
                        aria-label={`Retry now: ${KIND_LABELS[delivery.kind]} to ${delivery.recipientEmail}`}
                      >
                        {pending ? "Sending…" : "Retry now"}
                      </Button>
                    </form>
                  ) : (
                    <DeliveryTime date={delivery.nextAttemptAt} timeZone={timeZone} />
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
