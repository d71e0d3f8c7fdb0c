import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";

// Admins start at Users; managers, who may only edit templates here, at Templates.
export default async function AdminHome() {
  const user = await requireUser("template:manage");
  redirect(can(user.role, "user:manage") ? "/admin/users" : "/admin/templates");
}
