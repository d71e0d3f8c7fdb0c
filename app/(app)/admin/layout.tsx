import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { AdminNav } from "@/components/admin/admin-nav";

// Each admin page checks its own permission (requireUser(permission)); the layout only shows the way between them.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <AdminNav role={user.role} />
      {children}
    </>
  );
}
