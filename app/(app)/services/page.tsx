import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listServiceCatalog } from "@/lib/services/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { ServiceCatalog } from "@/components/services/service-catalog";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage() {
  const user = await requireUser("incident:read");
  const services = await listServiceCatalog(user);
  return (
    <>
      <PageHeader title="Services" description="Each service's incidents, open action items and minutes of impact, from the reports you may read." />
      <ServiceCatalog services={services} timeZone={user.timeZone} />
    </>
  );
}
