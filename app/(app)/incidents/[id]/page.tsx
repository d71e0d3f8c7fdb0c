import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getVisibleReport } from "@/lib/incidents/queries";
import { ReportView } from "@/components/incidents/report-view";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).id) };
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser("incident:read");
  const report = await getVisibleReport(user, decodeURIComponent((await params).id));
  if (!report) notFound();
  return <ReportView report={report} timeZone={user.timeZone} />;
}
