import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/queries";
import { formatDateTime } from "@/lib/format/time";
import { PageHeader } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { ActiveForm, CreateUserForm, RoleForm } from "@/components/admin/user-forms";
import { createUserAction, setUserActiveAction, updateUserRoleAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireUser("user:manage");
  const users = await listUsers({}, { take: 500 });
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, and what each may do." />
      <section className="mb-8 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" aria-labelledby="add-user">
        <h2 id="add-user" className="mb-4 text-lg font-semibold">Add a user</h2>
        <CreateUserForm action={createUserAction} />
      </section>
      <div className="overflow-x-auto rounded-lg bg-white shadow ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="user-list">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
            <tr>
              <th className="px-4 py-3">User</th>
              <th className="px-4 py-3">Role</th>
              <th className="hidden px-4 py-3 md:table-cell">Last sign-in</th>
              <th className="px-4 py-3">Status</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => (
              <tr key={user.id} data-testid={`user-row-${user.email}`}>
                <td className="px-4 py-3">
                  <div className="font-medium">{user.name}{user.id === me.id ? " (you)" : ""}</div>
                  <div className="text-xs text-slate-500">{user.email}</div>
                </td>
                <td className="px-4 py-3"><RoleForm userId={user.id} role={user.role} action={updateUserRoleAction} /></td>
                <td className="hidden px-4 py-3 md:table-cell">{formatDateTime(user.lastSignInAt, me.timeZone)}</td>
                <td className="px-4 py-3">
                  <div className="flex items-center gap-3">
                    {user.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Deactivated</Badge>}
                    <ActiveForm userId={user.id} active={user.active} action={setUserActiveAction} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
