import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getRevision } from "@/lib/reviews/revisions";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { ReportView } from "@/components/incidents/report-view";
import { ReportSubpageHeading, ReportTabs } from "@/components/reviews/report-tabs";

type Props = { params: Promise<{ id: string; n: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, n } = await params;
  return { title: `${decodeURIComponent(id)} revision ${n}` };
}

export default async function RevisionPage({ params }: Props) {
  const user = await requireUser("incident:read");
  const { id, n } = await params;
  if (!/^\d{1,6}$/.test(n)) notFound();
  const found = await getRevision(user, decodeURIComponent(id), Number(n));
  if (!found) notFound();
  const { incident, revision } = found;
  const base = `/incidents/${encodeURIComponent(incident.publicId)}/revisions`;
  return (
    <>
      <ReportSubpageHeading publicId={incident.publicId} title={incident.title} heading={`Revision ${revision.number}`} />
      <ReportTabs publicId={incident.publicId} active="revisions" showHistory={can(user.role, "audit:read")} />
      <section className="mb-6 space-y-1 rounded-lg bg-white p-4 text-sm shadow ring-1 ring-slate-200" data-testid="revision-meta">
        <p>
          {revision.reason} ·{" "}
          <time dateTime={revision.createdAt.toISOString()} title={isoUtc(revision.createdAt)}>
            {formatDateTime(revision.createdAt, user.timeZone)}
          </time>
        </p>
        {revision.signOffs.map((signOff, index) => (
          <p key={index} className="font-medium text-emerald-800">
            Signed off by {signOff.reviewer?.name ?? "a deleted user"} on {formatDateTime(signOff.signedAt, user.timeZone)}
            {signOff.comment ? `: “${signOff.comment}”` : ""}
          </p>
        ))}
        <p className="font-mono text-xs text-slate-600">SHA-256 {revision.contentHash}</p>
        <p className={revision.intact ? "text-emerald-800" : "font-semibold text-red-800"} data-testid="revision-integrity">
          {revision.intact ? "✓ The stored content matches this hash." : "The stored content no longer matches this hash: it was altered after it was frozen."}
        </p>
        <p className="space-x-3 text-xs">
          {revision.number > 1 ? (
            <Link href={`${base}?compare=${revision.number - 1}..${revision.number}`} className="text-indigo-700 hover:underline">
              Compare with revision {revision.number - 1}
            </Link>
          ) : null}
          <Link href={`${base}?compare=${revision.number}..current`} className="text-indigo-700 hover:underline">
            Compare with the current report
          </Link>
        </p>
      </section>
      <ReportView report={revision.content} timeZone={user.timeZone} />
    </>
  );
}
