"use client";

import { useId } from "react";
import type { ConfigurationEntry, DeploymentChange, ReportDocument } from "@/lib/incidents/schema";
import { EditorSection } from "@/components/incidents/editor/editor-section";
import { TextAreaField, TextField } from "@/components/incidents/editor/fields";
import { ListEditor } from "@/components/incidents/editor/list-editor";
import type { EditDocument } from "@/components/incidents/editor/header-section";

export function TechnicalSection({ doc, edit, serviceCatalog }: { doc: ReportDocument; edit: EditDocument; serviceCatalog: string[] }) {
  const catalogId = useId();
  const known = new Set(serviceCatalog.map((name) => name.toLowerCase()));
  return (
    <EditorSection id="technical" title="Technical details" helpKey="technicalDetails">
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Affected services</h3>
        <datalist id={catalogId}>
          {serviceCatalog.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <ListEditor<string>
          items={doc.services}
          onChange={(services) => edit((d) => ({ ...d, services }))}
          itemLabel="Service"
          path="services"
          addLabel="Add service"
          layout="inline"
          emptyText="No services yet."
          newItem={() => ""}
          renderItem={(name, _index, row) => (
            <TextField
              label={row.label}
              path={row.path}
              list={catalogId}
              value={name}
              onChange={(value) => row.update(value ?? "")}
              hint={name.trim() && !known.has(name.trim().toLowerCase()) ? "New: added to the services catalog on save." : undefined}
            />
          )}
        />
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Configuration</h3>
        <ListEditor<ConfigurationEntry>
          items={doc.configuration}
          onChange={(configuration) => edit((d) => ({ ...d, configuration }))}
          itemLabel="Configuration entry"
          path="configuration"
          addLabel="Add configuration entry"
          reorderable
          emptyText="No configuration recorded."
          newItem={() => ({ scope: null, key: "", value: "", previousValue: null, statement: null, note: null })}
          renderItem={(entry, _index, row) => (
            <div className="grid items-end gap-2 sm:grid-cols-2 lg:grid-cols-4">
              <TextAreaField
                label={`${row.label} as written`}
                path={`${row.path}.statement`}
                className="sm:col-span-2 lg:col-span-4"
                rows={1}
                hint="The line as the author wrote it; the report shows it, with the values below beside it."
                value={entry.statement}
                onChange={(statement) => row.update({ statement })}
              />
              <TextField
                label={`${row.label} scope`}
                path={`${row.path}.scope`}
                nullable
                placeholder="Database Configuration"
                value={entry.scope}
                onChange={(scope) => row.update({ scope })}
              />
              <TextField label={`${row.label} key`} path={`${row.path}.key`} value={entry.key} onChange={(key) => row.update({ key: key ?? "" })} />
              <TextField label={`${row.label} value`} path={`${row.path}.value`} value={entry.value} onChange={(value) => row.update({ value: value ?? "" })} />
              <TextField
                label={`${row.label} previous value`}
                path={`${row.path}.previousValue`}
                nullable
                value={entry.previousValue}
                onChange={(previousValue) => row.update({ previousValue })}
              />
              <TextAreaField
                label={`${row.label} note`}
                path={`${row.path}.note`}
                className="sm:col-span-2 lg:col-span-4"
                rows={1}
                value={entry.note}
                onChange={(note) => row.update({ note })}
              />
            </div>
          )}
        />
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-800">Deployment changes</h3>
        <ListEditor<DeploymentChange>
          items={doc.deploymentChanges}
          onChange={(deploymentChanges) => edit((d) => ({ ...d, deploymentChanges }))}
          itemLabel="Deployment change"
          path="deploymentChanges"
          addLabel="Add deployment change"
          reorderable
          emptyText="No deployment changes recorded."
          newItem={() => ({ component: "", fromVersion: null, toVersion: null, statement: null, note: null })}
          renderItem={(change, _index, row) => (
            <div className="grid items-end gap-2 sm:grid-cols-3">
              <TextAreaField
                label={`${row.label} as written`}
                path={`${row.path}.statement`}
                className="sm:col-span-3"
                rows={1}
                hint="The line as the author wrote it; the report shows it, with the versions below beside it."
                value={change.statement}
                onChange={(statement) => row.update({ statement })}
              />
              <TextField
                label={`${row.label} component`}
                path={`${row.path}.component`}
                value={change.component}
                onChange={(component) => row.update({ component: component ?? "" })}
              />
              <TextField
                label={`${row.label} from version`}
                path={`${row.path}.fromVersion`}
                nullable
                value={change.fromVersion}
                onChange={(fromVersion) => row.update({ fromVersion })}
              />
              <TextField
                label={`${row.label} to version`}
                path={`${row.path}.toVersion`}
                nullable
                value={change.toVersion}
                onChange={(toVersion) => row.update({ toVersion })}
              />
              <TextAreaField
                label={`${row.label} note`}
                path={`${row.path}.note`}
                className="sm:col-span-3"
                rows={1}
                value={change.note}
                onChange={(note) => row.update({ note })}
              />
            </div>
          )}
        />
      </div>
    </EditorSection>
  );
}
