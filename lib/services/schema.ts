// The services catalog as it crosses a boundary (admin forms, API). A report lists the services it affected by name;
// names are unique regardless of case, so "payments api" and "Payments API" are one service.
import { z } from "zod";
import { instantSchema } from "@/lib/api/schema";
import { oneLine } from "@/lib/text/schema";

export const serviceNameSchema = oneLine(
  z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "A service name has at most 100 characters."),
);

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} has at most ${max.toLocaleString("en-US")} characters.`)
    .nullable();
const teamSchema = optionalText(100, "A team name");
const descriptionSchema = optionalText(2_000, "A description");

/** Empty form fields clear the value. */
const emptyClears = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? null : value), schema);

const idSchema = z.string({ error: "Missing id." }).trim().min(1, "Missing id.").max(64);

export const createServiceInput = z.object({
  name: serviceNameSchema,
  team: emptyClears(teamSchema.default(null)),
  description: emptyClears(descriptionSchema.default(null)),
});
export type CreateServiceInput = z.input<typeof createServiceInput>;

/**
 * Rename and describe: the fields given are saved, a field left out keeps its value (the admin form sends all three,
 * PATCH /api/v1/services/{id} what it changes). Unknown fields are refused, naming them.
 */
export const updateServiceInput = z.strictObject({
  id: idSchema,
  name: serviceNameSchema.optional(),
  team: emptyClears(teamSchema).optional(),
  description: emptyClears(descriptionSchema).optional(),
});
export type UpdateServiceInput = z.input<typeof updateServiceInput>;

export const serviceIdInput = z.object({ id: idSchema });
export type ServiceIdInput = z.input<typeof serviceIdInput>;

export const serviceSearchSchema = z.object({
  prefix: z.string().trim().max(100).default(""),
  limit: z.number().int().min(1).max(50).default(10),
});

// ---------------------------------------------------------------------------------------------------------------
// The REST API's answers (GET, POST /api/v1/services, GET, PATCH /api/v1/services/{id}); the OpenAPI document is
// generated from these schemas, and the catalog's own type must stay the same shape (lib/services/queries.ts).

export const serviceEntrySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    team: z.string().nullable(),
    description: z.string().nullable(),
    incidentCount: z.number().int().meta({ description: "Incidents listing the service that the caller may see" }),
    lastIncidentAt: instantSchema.nullable().meta({ description: "The latest start among those incidents" }),
    openActionItems: z.number().int().meta({ description: "Open or in-progress action items of those incidents" }),
    impactMinutes90d: z.number().int().meta({ description: "Minutes from start to end of those incidents that started in the last 90 days" }),
  })
  .meta({ id: "Service" });
export type ServiceEntryResponse = z.output<typeof serviceEntrySchema>;

export const serviceListResponseSchema = z.object({ items: z.array(serviceEntrySchema) });
export type ServiceListResponse = z.output<typeof serviceListResponseSchema>;
