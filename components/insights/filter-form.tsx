// The insights filter: a plain GET form, so the period, service and severity live in the URL (shareable, kept on
// reload) and work without JavaScript.
import { Field, Input, Select } from "@/components/ui/field";
import { Button, ButtonLink } from "@/components/ui/button";

export type FilterValues = { from: string; to: string; service: string; severity: string };

export function InsightsFilterForm({
  values,
  services,
  severities,
  errors,
}: {
  values: FilterValues;
  services: string[];
  severities: string[];
  errors: Partial<Record<keyof FilterValues, string>>;
}) {
  return (
    <form
      method="get"
      action="/insights"
      className="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5 sm:items-end"
      aria-label="Insights filter"
    >
      <Field label="From" name="from" error={errors.from}>
        <Input name="from" type="date" defaultValue={values.from} error={errors.from} />
      </Field>
      <Field label="To" name="to" error={errors.to}>
        <Input name="to" type="date" defaultValue={values.to} error={errors.to} />
      </Field>
      <Field label="Service" name="service" error={errors.service}>
        <Select name="service" defaultValue={values.service} error={errors.service}>
          <option value="">All services</option>
          {services.map((service) => (
            <option key={service} value={service}>
              {service}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Severity" name="severity" error={errors.severity}>
        <Select name="severity" defaultValue={values.severity} error={errors.severity}>
          <option value="">All severities</option>
          {severities.map((severity) => (
            <option key={severity} value={severity}>
              {severity}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex gap-2">
        <Button type="submit">Apply</Button>
        <ButtonLink variant="secondary" href="/insights">
          Reset
        </ButtonLink>
      </div>
    </form>
  );
}
