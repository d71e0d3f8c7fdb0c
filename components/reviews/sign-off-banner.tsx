// "Signed off by … on …" and whether the report still holds what was signed: the content's SHA-256 now against the
// signed revision's (lib/reviews/revisions `checkLatestSignOff`).
import Link from "next/link";
import type { ReportState } from "@/lib/generated/prisma/enums";
import type { SignOffCheck } from "@/lib/reviews/schema";
import { formatDateTime, isoUtc } from "@/lib/format/time";

export function SignOffBanner({
  publicId,
  state,
  signOff,
  lastReopen,
  timeZone,
}: {
  publicId: string;
  state: ReportState;
  signOff: SignOffCheck;
  lastReopen: { by: string | null; at: Date; reason: string | null } | null;
  timeZone: string;
}) {
  const base = `/incidents/${encodeURIComponent(publicId)}/revisions`;
  const current = state === "APPROVED";
  const reopened = !current && lastReopen && lastReopen.at >= signOff.signedAt ? lastReopen : null;
  const tone = !signOff.revisionIntact
    ? "bg-red-50 ring-red-200"
    : signOff.matchesCurrent
      ? "bg-emerald-50 ring-emerald-200"
      : current
        ? "bg-amber-50 ring-amber-200"
        : "bg-slate-50 ring-slate-200";
  return (
    <section className={`rounded-lg p-4 text-sm ring-1 ${tone}`} data-testid="sign-off" aria-label="Sign-off">
      <p className="font-semibold">
        {current ? "Signed off" : "Previously signed off"} by {signOff.reviewer?.name ?? "a deleted user"} on{" "}
        <time dateTime={signOff.signedAt.toISOString()} title={isoUtc(signOff.signedAt)}>
          {formatDateTime(signOff.signedAt, timeZone)}
        </time>
      </p>
      {signOff.comment ? <p className="mt-1 whitespace-pre-wrap text-slate-700">“{signOff.comment}”</p> : null}
      <p className="mt-1 text-xs text-slate-600">
        <Link href={`${base}/${signOff.revisionNumber}`} className="text-indigo-700 hover:underline">
          Revision {signOff.revisionNumber}
        </Link>{" "}
        · SHA-256{" "}
        <code className="font-mono" title={signOff.contentHash}>
          {signOff.contentHash.slice(0, 16)}…
        </code>
      </p>
      {reopened ? (
        <p className="mt-1" data-testid="reopened">
          Reopened by {reopened.by ?? "a deleted user"} on {formatDateTime(reopened.at, timeZone)}
          {reopened.reason ? `: ${reopened.reason}` : "."}
        </p>
      ) : null}
      <p className="mt-2 font-medium" data-testid="sign-off-check">
        {!signOff.revisionIntact ? (
          <span className="text-red-800">
            The signed revision was altered after signing: its stored content no longer matches the hash recorded at sign-off.
          </span>
        ) : signOff.matchesCurrent ? (
          <span className="text-emerald-800">✓ Content matches the signed revision</span>
        ) : (
          <span className={current ? "text-amber-900" : "text-slate-700"}>
            Changed since sign-off: {signOff.changedFields.map((field) => field.label).join(", ") || "the content"}
            {signOff.progressOnly ? " (follow-through only: action-item status, follow-up review)" : ""}.{" "}
            <Link href={`${base}?compare=${signOff.revisionNumber}..current`} className="text-indigo-700 hover:underline">
              Compare
            </Link>
          </span>
        )}
      </p>
    </section>
  );
}
