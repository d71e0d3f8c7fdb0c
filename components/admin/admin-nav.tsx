"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { can, type Permission, type Role } from "@/lib/auth/permissions";

/** The admin area's pages, each shown to the roles that may use it. */
const ADMIN_SECTIONS: { href: string; label: string; permission: Permission }[] = [
  { href: "/admin/users", label: "Users", permission: "user:manage" },
  { href: "/admin/services", label: "Services", permission: "service:manage" },
  { href: "/admin/templates", label: "Templates", permission: "template:manage" },
  { href: "/admin/integrations", label: "Integrations", permission: "integration:manage" },
  { href: "/admin/settings", label: "Settings", permission: "settings:manage" },
  { href: "/admin/outbox", label: "Outbox", permission: "outbox:read" },
];

export function AdminNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const sections = ADMIN_SECTIONS.filter((section) => can(role, section.permission));
  if (sections.length === 0) return null;
  return (
    <nav aria-label="Admin" className="mb-6 border-b border-slate-200">
      <ul className="-mb-px flex flex-wrap gap-x-6">
        {sections.map((section) => {
          const active = pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={active ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-3 text-sm font-medium ${
                  active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-800"
                }`}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
