import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { AppShell } from "@/components/layout/app-shell";
import type { NavItem } from "@/components/layout/nav-links";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const nav: NavItem[] = [
    { href: "/incidents", label: "Incidents" },
    { href: "/action-items", label: "Action items" },
    { href: "/services", label: "Services" },
    { href: "/insights", label: "Insights" },
  ];
  if (can(user.role, "review:submit") || can(user.role, "review:approve")) nav.push({ href: "/reviews", label: "Reviews" });
  // Managers too: they edit report templates there (/admin sends each role to the first page it may use).
  if (can(user.role, "user:manage") || can(user.role, "template:manage")) nav.push({ href: "/admin", label: "Admin" });
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
