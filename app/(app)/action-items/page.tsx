import Link from "next/link";
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { isOverdue, listActionItems } from "@/lib/action-items/queries";
import { formatDate } from "@/lib/format/time";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Action items" };

function startOfTodayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export default async function ActionItemsPage({ searchParams }: { searchParams: Promise<{ mine?: string }> }) {
  const user = await requireUser();
  const mine = (await searchParams).mine === "1";
  const items = await listActionItems(user, { mine });
  const today = startOfTodayUtc();

  return (
    <>
      <PageHeader
        title="Action items"
        description="What postmortems promised, and when."
        actions={
          <nav className="flex gap-2 text-sm" aria-label="Action item views">
            <Link href="/action-items" aria-current={!mine ? "page" : undefined} className={!mine ? "font-semibold text-indigo-700" : "text-slate-600"}>All</Link>
            <Link href="/action-items?mine=1" aria-current={mine ? "page" : undefined} className={mine ? "font-semibold text-indigo-700" : "text-slate-600"}>My action items</Link>
          </nav>
        }
      />
      {items.length === 0 ? (
        <EmptyState title={mine ? "Nothing assigned to you" : "No action items yet"}>
          Action items come from postmortems: each has an owner and a due date, and Hindsight reminds the owner.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
              <tr>
                <th className="px-4 py-3">Action item</th>
                <th className="px-4 py-3">Owner</th>
                <th className="px-4 py-3">Due</th>
                <th className="px-4 py-3">Status</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((item) => (
                <tr key={item.id}>
                  <td className="px-4 py-3">
                    <div className="font-medium">{item.title}</div>
                    <Link href={`/incidents/${item.incident.publicId}`} className="text-xs text-indigo-700 hover:underline">
                      {item.incident.publicId} · {item.incident.title}
                    </Link>
                  </td>
                  <td className="px-4 py-3">{item.ownerName ?? <span className="text-slate-400">Unassigned</span>}</td>
                  <td className="whitespace-nowrap px-4 py-3">
                    {formatDate(item.dueDate)} {isOverdue(item, today) ? <Badge tone="red">Overdue</Badge> : null}
                  </td>
                  <td className="px-4 py-3">{item.status.replace("_", " ").toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
