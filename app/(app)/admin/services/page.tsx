import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listServices } from "@/lib/services/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { CreateServiceForm, DeleteServiceButton, EditServiceForm } from "@/components/admin/services-forms";
import { createServiceAction, deleteServiceAction, updateServiceAction } from "./actions";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

export const metadata: Metadata = { title: "Services" };

export default async function ServicesPage() {
  await requireUser("service:manage");
  const services = await listServices();
  return (
    <>
      <PageHeader
        title="Services"
        description="The catalog reports pick affected services from. A rename shows in every report that lists the service; a service can be deleted only while no incident lists it."
      />
      <section className="mb-8 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" aria-labelledby="add-service">
        <h2 id="add-service" className="mb-4 text-lg font-semibold">
          Add a service
        </h2>
        <CreateServiceForm action={createServiceAction} />
      </section>
      {services.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 shadow ring-1 ring-slate-200">
          No services yet. Add them here, or they are added when a report first lists them.
        </p>
      ) : (
        <Table data-testid="service-list">
          <TableHead>
            <tr>
              <TableHeaderCell>Name · Team · Description</TableHeaderCell>
              <TableHeaderCell>Incidents</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Delete</span>
              </TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {services.map((service) => (
              <TableRow key={service.id} data-testid={`service-row-${service.name}`}>
                <TableCell>
                  <EditServiceForm service={service} action={updateServiceAction} />
                </TableCell>
                <TableCell className="align-top pt-5" data-testid="incident-count">
                  {service.incidentCount}
                </TableCell>
                <TableCell className="align-top pt-4">
                  <DeleteServiceButton service={service} action={deleteServiceAction} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
