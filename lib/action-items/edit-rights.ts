// Who may change an action item (status, owner, due date, priority, tracker link): its owner, the author of its
// report, and managers and admins. Everyone else — other SREs included — sees it read-only. On top of this row rule,
// the role must hold `action-item:edit` (lib/auth/permissions.ts): viewers never edit, not even items they own.
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/client";

export type ActionItemEditor = { id: string; role: Role };
export type ActionItemOwnership = { ownerId: string | null; authorId: string | null };

export function mayEditActionItem(user: ActionItemEditor, item: ActionItemOwnership): boolean {
  if (!can(user.role, "action-item:edit")) return false;
  return user.role === "MANAGER" || user.role === "ADMIN" || item.ownerId === user.id || item.authorId === user.id;
}

export const EDIT_REFUSAL = "Only the item's owner, the report's author, or a manager can change this action item.";
