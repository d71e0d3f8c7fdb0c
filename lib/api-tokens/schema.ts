// Shapes of API-token input.
import { z } from "zod";
import { oneLine } from "@/lib/text/schema";
import { idSchema } from "@/lib/users/schema";

export const MAX_TOKEN_LIFETIME_DAYS = 3650;

export const createApiTokenInput = z.object({
  name: oneLine(z.string({ error: "Give the token a name." }).trim().min(1, "Give the token a name.").max(100, "A token name has at most 100 characters.")),
  /** days until it stops working; omitted or empty: never expires */
  expiresInDays: z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    z.coerce
      .number({ error: "Enter a number of days." })
      .int("Enter a whole number of days.")
      .min(1, "A token lives at least one day.")
      .max(MAX_TOKEN_LIFETIME_DAYS, `A token lives at most ${MAX_TOKEN_LIFETIME_DAYS} days.`)
      .optional(),
  ),
  /** whose token: omitted means the actor's own. Only the system (CLI) may create tokens for someone else. */
  userId: idSchema.optional(),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenInput>;

export const revokeApiTokenInput = z.object({ tokenId: idSchema });
export type RevokeApiTokenInput = z.input<typeof revokeApiTokenInput>;
