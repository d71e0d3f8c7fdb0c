// Shapes of user data crossing a boundary (forms, API, CLI). Types are inferred from these.
import { z } from "zod";
import { oneLine } from "@/lib/text/schema";
import { ROLES } from "@/lib/auth/permissions";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { canonicalTimeZone } from "@/lib/time/zone-names";

/** Trimmed and lower-cased: emails are compared case-insensitively everywhere. */
export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const nameSchema = oneLine(z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "A name has at most 120 characters."));

export const roleSchema = z.enum(ROLES, { error: `Choose a role: ${ROLES.join(", ")}.` });

export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const timeZoneSchema = z
  .string({ error: "Choose a time zone." })
  .trim()
  .min(1, "Choose a time zone.")
  .transform((value, context) => {
    const zone = canonicalTimeZone(value);
    if (zone) return zone;
    context.addIssue({ code: "custom", message: "Use an IANA time zone such as Europe/Berlin or UTC." });
    return z.NEVER;
  });

/** A checkbox: true, "on", "true" or "1" mean yes; false, "false", "0", "off" or "" mean no. */
export const checkboxSchema = z.union([
  z.boolean(),
  z.enum(["on", "true", "1", "off", "false", "0", ""]).transform((value) => ["on", "true", "1"].includes(value)),
]);

/** Empty form fields mean "not given". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

export const idSchema = z.string({ error: "Missing id." }).trim().min(1, "Missing id.").max(64);

export const createUserInput = z.object({
  email: emailSchema,
  name: optional(nameSchema),
  role: roleSchema,
  /** omitted: a password is generated and returned once */
  password: optional(newPasswordSchema),
  timeZone: optional(timeZoneSchema),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserRoleInput = z.object({ userId: idSchema, role: roleSchema });
export type UpdateUserRoleInput = z.input<typeof updateUserRoleInput>;

export const setUserActiveInput = z.object({ userId: idSchema, active: checkboxSchema });
export type SetUserActiveInput = z.input<typeof setUserActiveInput>;

export const changeOwnPasswordInput = z
  .object({
    currentPassword: z.string({ error: "Enter your current password." }).min(1, "Enter your current password."),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: "Repeat the new password." }),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match.",
  });
export type ChangeOwnPasswordInput = z.input<typeof changeOwnPasswordInput>;

export const updateOwnProfileInput = z.object({
  name: optional(nameSchema),
  timeZone: optional(timeZoneSchema),
  receiveDigests: optional(checkboxSchema),
  receiveReminders: optional(checkboxSchema),
});
export type UpdateOwnProfileInput = z.input<typeof updateOwnProfileInput>;

/** The secret of a reminder mail's unsubscribe link (User.unsubscribeToken, a uuid; anything else names no one). */
export const unsubscribeTokenSchema = z
  .string({ error: "Missing token." })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, "Not an unsubscribe token.");
export const unsubscribeInput = z.object({ token: unsubscribeTokenSchema });
export type UnsubscribeInput = z.input<typeof unsubscribeInput>;

export const createFirstAdminInput = z.object({
  email: emailSchema,
  name: nameSchema,
  password: newPasswordSchema,
  timeZone: optional(timeZoneSchema),
});
export type CreateFirstAdminInput = z.input<typeof createFirstAdminInput>;

export const listUsersFilter = z.object({
  search: optional(oneLine(z.string().trim().max(200))),
  role: optional(roleSchema),
  active: optional(checkboxSchema),
});
export type ListUsersFilter = z.input<typeof listUsersFilter>;

/** GET /api/v1/me: who the token (or session) acts as. A zod schema for the OpenAPI document; the route is typed by it. */
export const meResponseSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    timeZone: z.string(),
    permissions: z.array(z.string()).meta({ description: "What the role may do (lib/auth/permissions.ts), e.g. incident:edit" }),
    via: z.enum(["token", "user"]).meta({ description: "token: an API token; user: the browser's session" }),
  })
  .meta({ id: "Me" });
export type MeResponse = z.output<typeof meResponseSchema>;
