import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getServicePage } from "@/lib/services/queries";
import { ServiceOverview } from "@/components/services/service-overview";

/** The segment as the catalog spells it; a malformed escape is no service (404), not an error. */
function serviceName(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: serviceName((await params).name) ?? "Service" };
}

export default async function ServicePage({ params }: { params: Promise<{ name: string }> }) {
  const user = await requireUser("incident:read");
  const name = serviceName((await params).name);
  const page = name === null ? null : await getServicePage(user, name);
  if (!page) notFound();
  return <ServiceOverview page={page} timeZone={user.timeZone} />;
}
