// The one list of what each role may do. Pages use `can` to hide what a role cannot do; the action wrapper in
// lib/actions uses it to refuse. Pure data: safe to import from client components.
//
// Roles are cumulative: an SRE can do everything a viewer can, a manager everything an SRE can, an admin everything.
// Row-level rules (an author editing their own draft, a participant reading a private incident) live with the
// domain that owns the row; this list answers only "may this role ever do this".
import { Role } from "@/lib/generated/prisma/enums";

export { Role };

/**
 * `read`: looks at data. `self`: changes only the actor's own things (profile, password, own API tokens).
 * `write`: changes shared data. A viewer holds no `write` permission.
 */
export type PermissionKind = "read" | "self" | "write";

const PERMISSIONS = {
  // Incidents and their reports
  "incident:read": { kind: "read", minRole: "VIEWER", description: "Read incidents and their reports" },
  "incident:read-private": { kind: "read", minRole: "MANAGER", description: "Read private incidents without being a participant" },
  "incident:export": { kind: "read", minRole: "VIEWER", description: "Export a report (Markdown, PDF, ICS)" },
  "incident:create": { kind: "write", minRole: "SRE", description: "Create incidents" },
  "incident:edit": { kind: "write", minRole: "SRE", description: "Edit report sections, timeline, impact, services" },
  "incident:import": { kind: "write", minRole: "SRE", description: "Import a report from a Markdown/text document" },
  "incident:delete": { kind: "write", minRole: "ADMIN", description: "Delete an incident" },
  "attachment:upload": { kind: "write", minRole: "SRE", description: "Upload attachments and monitoring exports" },
  "metric:edit": { kind: "write", minRole: "SRE", description: "Build and edit metric charts" },
  // Review and sign-off
  "review:submit": { kind: "write", minRole: "SRE", description: "Submit a report for review, request reviewers" },
  "review:comment": { kind: "write", minRole: "SRE", description: "Comment on a report under review" },
  "review:approve": { kind: "write", minRole: "MANAGER", description: "Approve (sign off) or request changes" },
  "review:reopen": { kind: "write", minRole: "MANAGER", description: "Reopen an approved report" },
  // Follow-through
  "action-item:edit": { kind: "write", minRole: "SRE", description: "Create, assign and update action items" },
  "follow-up:edit": { kind: "write", minRole: "SRE", description: "Schedule and record follow-up reviews" },
  // Reading across incidents
  "insights:read": { kind: "read", minRole: "VIEWER", description: "See charts over all incidents" },
  "user:read": { kind: "read", minRole: "VIEWER", description: "See the list of people (owners, reviewers)" },
  "audit:read": { kind: "read", minRole: "MANAGER", description: "Read the audit trail" },
  "outbox:read": { kind: "read", minRole: "ADMIN", description: "Read mail kept in the outbox" },
  // Administration
  "template:manage": { kind: "write", minRole: "MANAGER", description: "Create and edit report templates" },
  "service:manage": { kind: "write", minRole: "ADMIN", description: "Edit the services catalog" },
  "user:manage": { kind: "write", minRole: "ADMIN", description: "Create users, change roles, deactivate" },
  "settings:manage": { kind: "write", minRole: "ADMIN", description: "Change instance settings" },
  "token:manage-any": { kind: "write", minRole: "ADMIN", description: "Revoke anyone's API tokens" },
  "integration:manage": { kind: "write", minRole: "ADMIN", description: "Create and revoke integrations (alerts, chat, trackers)" },
  // The actor's own things
  "profile:edit-own": { kind: "self", minRole: "VIEWER", description: "Change own name, time zone, password" },
  "token:manage-own": { kind: "self", minRole: "VIEWER", description: "Create and revoke own API tokens" },
} as const satisfies Record<string, { kind: PermissionKind; minRole: Role; description: string }>;

export type Permission = keyof typeof PERMISSIONS;

/** Lowest first: each role includes the permissions of those before it. */
export const ROLES = [Role.VIEWER, Role.SRE, Role.MANAGER, Role.ADMIN] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  VIEWER: "Viewer",
  SRE: "SRE",
  MANAGER: "Manager",
  ADMIN: "Admin",
};

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

const rank = (role: Role): number => ROLES.indexOf(role);

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && Object.hasOwn(PERMISSIONS, value);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role || !isRole(role)) return false;
  const rule = PERMISSIONS[permission];
  return rule !== undefined && rank(role) >= rank(rule.minRole);
}

export function permissionsFor(role: Role): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => can(role, permission));
}

export function permissionKind(permission: Permission): PermissionKind {
  return PERMISSIONS[permission].kind;
}

export function describePermission(permission: Permission): string {
  return PERMISSIONS[permission].description;
}
