import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, can, isPermission, permissionKind, permissionsFor, ROLES, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

// The product's matrix, written out independently of the table in permissions.ts.
const expected: Record<Permission, Role[]> = {
  "incident:read": ["VIEWER", "SRE", "MANAGER", "ADMIN"],
  "incident:export": ["VIEWER", "SRE", "MANAGER", "ADMIN"],
  "insights:read": ["VIEWER", "SRE", "MANAGER", "ADMIN"],
  "user:read": ["VIEWER", "SRE", "MANAGER", "ADMIN"],
  "profile:edit-own": ["VIEWER", "SRE", "MANAGER", "ADMIN"],
  "token:manage-own": ["VIEWER", "SRE", "MANAGER", "ADMIN"],
  "incident:create": ["SRE", "MANAGER", "ADMIN"],
  "incident:edit": ["SRE", "MANAGER", "ADMIN"],
  "incident:import": ["SRE", "MANAGER", "ADMIN"],
  "attachment:upload": ["SRE", "MANAGER", "ADMIN"],
  "metric:edit": ["SRE", "MANAGER", "ADMIN"],
  "review:submit": ["SRE", "MANAGER", "ADMIN"],
  "review:comment": ["SRE", "MANAGER", "ADMIN"],
  "action-item:edit": ["SRE", "MANAGER", "ADMIN"],
  "follow-up:edit": ["SRE", "MANAGER", "ADMIN"],
  "incident:read-private": ["MANAGER", "ADMIN"],
  "review:approve": ["MANAGER", "ADMIN"],
  "review:reopen": ["MANAGER", "ADMIN"],
  "audit:read": ["MANAGER", "ADMIN"],
  "template:manage": ["MANAGER", "ADMIN"],
  "incident:delete": ["ADMIN"],
  "outbox:read": ["ADMIN"],
  "service:manage": ["ADMIN"],
  "user:manage": ["ADMIN"],
  "settings:manage": ["ADMIN"],
  "token:manage-any": ["ADMIN"],
  "integration:manage": ["ADMIN"],
};

describe("permissions", () => {
  it("lists exactly the permissions the matrix covers", () => {
    expect([...ALL_PERMISSIONS].sort()).toEqual(Object.keys(expected).sort());
  });

  for (const role of ROLES) {
    it(`gives ${role} exactly its permissions`, () => {
      const granted = ALL_PERMISSIONS.filter((permission) => can(role, permission)).sort();
      const wanted = ALL_PERMISSIONS.filter((permission) => expected[permission].includes(role)).sort();
      expect(granted).toEqual(wanted);
      expect(permissionsFor(role).sort()).toEqual(wanted);
    });
  }

  it("lets a viewer write nothing shared: only read and own-account permissions", () => {
    const viewer = permissionsFor("VIEWER");
    expect(viewer.filter((permission) => permissionKind(permission) === "write")).toEqual([]);
    expect(viewer.filter((permission) => permissionKind(permission) === "self").sort()).toEqual(["profile:edit-own", "token:manage-own"]);
  });

  it("keeps reviews to managers and administration to admins", () => {
    expect(can("SRE", "review:approve")).toBe(false);
    expect(can("MANAGER", "review:approve")).toBe(true);
    expect(can("MANAGER", "user:manage")).toBe(false);
    expect(can("MANAGER", "settings:manage")).toBe(false);
    expect(can("ADMIN", "user:manage")).toBe(true);
  });

  it("refuses unknown roles, missing roles and unknown permissions", () => {
    expect(can(null, "incident:read")).toBe(false);
    expect(can(undefined, "incident:read")).toBe(false);
    expect(can("ROOT" as Role, "incident:read")).toBe(false);
    expect(can("ADMIN", "incident:destroy-everything" as Permission)).toBe(false);
    expect(isPermission("incident:read")).toBe(true);
    expect(isPermission("toString")).toBe(false);
  });
});
