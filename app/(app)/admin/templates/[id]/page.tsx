import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getTemplate } from "@/lib/templates/queries";
import { PageHeader } from "@/components/ui/empty-state";
import { TemplateEditor } from "@/components/admin/template-editor";
import { updateTemplateAction } from "../actions";

export const metadata: Metadata = { title: "Edit template" };

export default async function EditTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser("template:manage");
  const { id } = await params;
  const template = await getTemplate(id);
  if (!template?.id || !template.updatedAt) notFound();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/templates" className="font-medium text-indigo-700 hover:underline">
          ← All templates
        </Link>
      </p>
      <PageHeader title={template.name} description="Its sections in order, and the help text shown beside each while writing a report." />
      <TemplateEditor template={{ ...template, id: template.id, updatedAt: template.updatedAt.toISOString() }} action={updateTemplateAction} />
    </>
  );
}
