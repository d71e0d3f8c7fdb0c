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
  ];
  if (can(user.role, "review:submit") || can(user.role, "review:approve")) nav.push({ href: "/reviews", label: "Reviews" });
  if (can(user.role, "user:manage")) nav.push({ href: "/admin", label: "Admin" });
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
