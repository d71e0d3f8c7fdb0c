import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { compareRevisions, listRevisions, parseCompare, type RevisionRef } from "@/lib/reviews/revisions";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { RevisionDiff } from "@/components/reviews/revision-diff";
import { ReportSubpageHeading, ReportTabs } from "@/components/reviews/report-tabs";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ compare?: string | string[]; from?: string | string[]; to?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Revisions of ${decodeURIComponent((await params).id)}` };
}

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function RevisionsPage({ params, searchParams }: Props) {
  const user = await requireUser("incident:read");
  const id = decodeURIComponent((await params).id);
  const query = await searchParams;
  const listed = await listRevisions(user, id);
  if (!listed) notFound();
  const { incident, revisions } = listed;
  const base = `/incidents/${encodeURIComponent(incident.publicId)}/revisions`;

  // `?compare=1..3` (links) or `?from=1&to=3` (the form below)
  const compareText = one(query.compare) ?? (one(query.from) && one(query.to) ? `${one(query.from)}..${one(query.to)}` : undefined);
  const wanted = parseCompare(compareText);
  const compared = wanted ? await compareRevisions(user, incident.id, wanted.from, wanted.to) : null;
  const label = (ref: RevisionRef) => (ref === "current" ? "Current report" : `Revision ${ref}`);
  const latest = revisions.at(-1)?.number;

  return (
    <>
      <ReportSubpageHeading publicId={incident.publicId} title={incident.title} heading="Revisions" />
      <ReportTabs publicId={incident.publicId} active="revisions" showHistory={can(user.role, "audit:read")} />

      {revisions.length === 0 ? (
        <EmptyState title="No revisions yet">A revision is frozen when the report is submitted for review, signed off or reopened.</EmptyState>
      ) : (
        <>
          <Table wrapperClassName="mb-6" data-testid="revision-list">
            <TableHead>
              <tr>
                <TableHeaderCell padding="px-4 py-2">Revision</TableHeaderCell>
                <TableHeaderCell padding="px-4 py-2">Why</TableHeaderCell>
                <TableHeaderCell padding="px-4 py-2">When</TableHeaderCell>
                <TableHeaderCell padding="px-4 py-2" className="hidden sm:table-cell">
                  SHA-256
                </TableHeaderCell>
                <TableHeaderCell padding="px-4 py-2">Compare</TableHeaderCell>
              </tr>
            </TableHead>
            <TableBody>
              {revisions.map((revision) => (
                <TableRow key={revision.number} data-testid={`revision-${revision.number}`}>
                  <TableCell padding="px-4 py-2">
                    <Link href={`${base}/${revision.number}`} className="font-medium text-indigo-700 hover:underline">
                      Revision {revision.number}
                    </Link>
                  </TableCell>
                  <TableCell padding="px-4 py-2">
                    {revision.reason}
                    {revision.signOffs.length ? (
                      <span className="ml-2">
                        <Badge tone="green">Signed off</Badge>
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell padding="px-4 py-2" className="text-slate-600" title={isoUtc(revision.createdAt)}>
                    {formatDateTime(revision.createdAt, user.timeZone)}
                  </TableCell>
                  <TableCell padding="px-4 py-2" className="hidden font-mono text-xs sm:table-cell" title={revision.contentHash}>
                    {revision.contentHash.slice(0, 12)}…
                  </TableCell>
                  <TableCell padding="px-4 py-2" className="space-x-3 text-xs">
                    {revision.number > 1 ? (
                      <Link href={`${base}?compare=${revision.number - 1}..${revision.number}`} className="text-indigo-700 hover:underline">
                        with previous
                      </Link>
                    ) : null}
                    <Link href={`${base}?compare=${revision.number}..current`} className="text-indigo-700 hover:underline">
                      with current
                    </Link>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>

          <form method="get" action={base} className="mb-6 flex flex-wrap items-end gap-3" data-testid="compare-form">
            <div className="space-y-1">
              <label htmlFor="compare-from" className="block text-sm font-medium text-slate-700">
                Compare
              </label>
              <select id="compare-from" name="from" defaultValue={String(wanted?.from ?? (latest && latest > 1 ? latest - 1 : 1))} className={inputClass}>
                {revisions.map((revision) => (
                  <option key={revision.number} value={revision.number}>
                    Revision {revision.number}
                  </option>
                ))}
                <option value="current">Current report</option>
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="compare-to" className="block text-sm font-medium text-slate-700">
                with
              </label>
              <select id="compare-to" name="to" defaultValue={String(wanted?.to ?? "current")} className={inputClass}>
                {revisions.map((revision) => (
                  <option key={revision.number} value={revision.number}>
                    Revision {revision.number}
                  </option>
                ))}
                <option value="current">Current report</option>
              </select>
            </div>
            <Button type="submit" variant="secondary">
              Show differences
            </Button>
          </form>
        </>
      )}

      {compareText && !wanted ? (
        <p className="text-sm text-red-700">Compare two revisions as 1..3, or a revision with the current report as 2..current.</p>
      ) : null}
      {wanted && compared ? (
        compared.comparison ? (
          <section aria-labelledby="diff-heading">
            <h2 id="diff-heading" className="mb-3 text-lg font-semibold">
              {label(wanted.from)} → {label(wanted.to)}
            </h2>
            <RevisionDiff
              fromLabel={label(wanted.from)}
              toLabel={label(wanted.to)}
              changes={compared.comparison.changes}
              timeZone={user.timeZone}
              people={compared.comparison.people}
            />
          </section>
        ) : (
          <p className="text-sm text-red-700">
            There is no{" "}
            {[wanted.from, wanted.to]
              .filter((ref) => ref !== "current")
              .map((ref) => `revision ${ref}`)
              .join(" or ")}{" "}
            of this report.
          </p>
        )
      ) : null}
    </>
  );
}
