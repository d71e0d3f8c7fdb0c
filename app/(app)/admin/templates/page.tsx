import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { listTemplateSummaries } from "@/lib/templates/queries";
import { formatDateTime, isoUtc } from "@/lib/format/time";
import { PageHeader } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { CreateTemplateForm, DeleteTemplateButton, SetDefaultTemplateButton } from "@/components/admin/template-editor";
import { createTemplateAction, deleteTemplateAction, setDefaultTemplateAction } from "./actions";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  const me = await requireUser("template:manage");
  const templates = await listTemplateSummaries();
  return (
    <>
      <PageHeader title="Templates" description="The sections a new report starts with, and the help text shown beside each while writing." />
      <section className="mb-8 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" aria-labelledby="add-template">
        <h2 id="add-template" className="mb-4 text-lg font-semibold">
          Create a template
        </h2>
        <CreateTemplateForm action={createTemplateAction} />
      </section>
      {templates.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-sm text-slate-600 shadow ring-1 ring-slate-200" data-testid="built-in-template-note">
          No template is saved yet, so new reports use the built-in Google SRE postmortem template. Create a template above to change it: it starts as a copy of
          the built-in sections and becomes the default.
        </p>
      ) : (
        <Table data-testid="template-list">
          <TableHead>
            <tr>
              <TableHeaderCell>Template</TableHeaderCell>
              <TableHeaderCell>Sections</TableHeaderCell>
              <TableHeaderCell className="hidden md:table-cell">Reports</TableHeaderCell>
              <TableHeaderCell className="hidden md:table-cell">Last changed</TableHeaderCell>
              <TableHeaderCell>
                <span className="sr-only">Actions</span>
              </TableHeaderCell>
            </tr>
          </TableHead>
          <TableBody>
            {templates.map((template) => (
              <TableRow key={template.id} data-testid={`template-row-${template.name}`}>
                <TableCell>
                  <div className="flex items-center gap-2">
                    <Link href={`/admin/templates/${template.id}`} className="font-medium text-indigo-700 hover:underline">
                      {template.name}
                    </Link>
                    {template.isDefault ? <Badge tone="indigo">Default</Badge> : null}
                  </div>
                  {template.description ? <div className="text-xs text-slate-500">{template.description}</div> : null}
                </TableCell>
                <TableCell>{template.sections.length}</TableCell>
                <TableCell className="hidden md:table-cell">{template.incidentCount}</TableCell>
                <TableCell className="hidden md:table-cell">
                  <time dateTime={isoUtc(template.updatedAt)} title={isoUtc(template.updatedAt)}>
                    {formatDateTime(template.updatedAt, me.timeZone)}
                  </time>
                  {template.updatedBy ? <div className="text-xs text-slate-500">by {template.updatedBy}</div> : null}
                </TableCell>
                <TableCell>
                  <div className="flex flex-wrap items-center justify-end gap-2">
                    <Link
                      href={`/admin/templates/${template.id}`}
                      className="px-2 py-1 text-sm font-semibold text-indigo-700 hover:underline"
                      aria-label={`Edit “${template.name}”`}
                    >
                      Edit
                    </Link>
                    {template.isDefault ? null : (
                      <>
                        <SetDefaultTemplateButton id={template.id} name={template.name} action={setDefaultTemplateAction} />
                        <DeleteTemplateButton id={template.id} name={template.name} incidentCount={template.incidentCount} action={deleteTemplateAction} />
                      </>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
