import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/queries";
import { formatDateTime } from "@/lib/format/time";
import { PageHeader } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { ActiveForm, CreateUserForm, RoleForm } from "@/components/admin/user-forms";
import { createUserAction, setUserActiveAction, updateUserRoleAction } from "./actions";
import { Table, TableHead, TableBody, TableRow, TableHeaderCell, TableCell } from "@/components/ui/table";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requireUser("user:manage");
  const users = await listUsers({}, { take: 500 });
  return (
    <>
      <PageHeader title="Users" description="Who can sign in, and what each may do." />
      <section className="mb-8 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" aria-labelledby="add-user">
        <h2 id="add-user" className="mb-4 text-lg font-semibold">
          Add a user
        </h2>
        <CreateUserForm action={createUserAction} />
      </section>
      <Table data-testid="user-list">
        <TableHead>
          <tr>
            <TableHeaderCell>User</TableHeaderCell>
            <TableHeaderCell>Role</TableHeaderCell>
            <TableHeaderCell className="hidden md:table-cell">Last sign-in</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
          </tr>
        </TableHead>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.id} data-testid={`user-row-${user.email}`}>
              <TableCell>
                <div className="font-medium">
                  {user.name}
                  {user.id === me.id ? " (you)" : ""}
                </div>
                <div className="text-xs text-slate-500">{user.email}</div>
              </TableCell>
              <TableCell>
                <RoleForm userId={user.id} role={user.role} action={updateUserRoleAction} />
              </TableCell>
              <TableCell className="hidden md:table-cell">{formatDateTime(user.lastSignInAt, me.timeZone)}</TableCell>
              <TableCell>
                <div className="flex items-center gap-3">
                  {user.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Deactivated</Badge>}
                  <ActiveForm userId={user.id} active={user.active} action={setUserActiveAction} />
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
