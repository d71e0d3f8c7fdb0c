// The private calendar feed's secret: (re)generating it revokes the previous URL at once. Guarded like every write.
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser } from "@/lib/auth/actor";
import { ForbiddenError } from "@/lib/errors";

/** 256 random bits, URL-safe: the whole of the feed's protection, so it is long. */
export function generateCalendarToken(): string {
  return randomBytes(32).toString("base64url");
}

export const regenerateCalendarToken = defineAction({
  name: "calendar.regenerate-token",
  permission: "profile:edit-own",
  input: z.object({}),
  run: async ({ tx, actor }): Promise<{ userId: string; token: string; replaced: boolean }> => {
    const user = actingUser(actor);
    if (!user) throw new ForbiddenError("A calendar feed belongs to a signed-in user.");
    const before = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { calendarToken: true } });
    const token = generateCalendarToken();
    await tx.user.update({ where: { id: user.id }, data: { calendarToken: token } });
    return { userId: user.id, token, replaced: before.calendarToken !== null };
  },
  // never the secret itself: only that it changed
  audit: ({ userId, replaced }) => ({
    entityType: "User",
    entityId: userId,
    changes: { calendarToken: { before: replaced ? "(revoked)" : null, after: "(new)" } },
  }),
  revalidate: () => ["/account"],
});
