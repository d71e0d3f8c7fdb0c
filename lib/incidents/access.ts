// Who may see which incident. Private incidents are visible only to their participants (and author),
// managers and admins; everything else is visible to every signed-in user.
import type { Prisma, Role } from "@/lib/generated/prisma/client";

export type Viewer = { id: string; role: Role };

export function seesAllPrivate(role: Role): boolean {
  return role === "MANAGER" || role === "ADMIN";
}

/** A Prisma filter that keeps only the incidents `viewer` may see. */
export function visibleIncidentsWhere(viewer: Viewer): Prisma.IncidentWhereInput {
  if (seesAllPrivate(viewer.role)) return {};
  return {
    OR: [{ private: false }, { authorId: viewer.id }, { participants: { some: { userId: viewer.id } } }],
  };
}
