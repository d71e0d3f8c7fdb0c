import Link from "next/link";
import type { ShellUser } from "@/components/layout/app-shell";
import { signOutAction } from "@/lib/auth/sign-in";

const roleLabel: Record<string, string> = { VIEWER: "Viewer", SRE: "SRE", MANAGER: "Manager", ADMIN: "Admin" };

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("");
}

/** Works without JavaScript: a <details> dropdown. */
export function UserMenu({ user }: { user: ShellUser }) {
  return (
    <details className="relative" data-testid="user-menu">
      {/* Named by its content, not an aria-label: a name that leaves out the visible text fails speech users (WCAG 2.5.3). */}
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-full p-1 text-sm text-white hover:bg-indigo-600">
        <span className="sr-only">Account menu: </span>
        <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-500 font-semibold">
          {initials(user.name) || "?"}
        </span>
        <span className="hidden text-left sm:block">
          <span className="block leading-tight font-medium">{user.name}</span>
          <span className="block text-xs leading-tight text-indigo-200">{roleLabel[user.role] ?? user.role}</span>
        </span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-60 rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
        <p className="border-b border-slate-100 px-4 py-2 text-slate-500">
          Signed in as <span className="font-medium text-slate-800">{user.email}</span>
          <span className="mt-0.5 block text-xs" data-testid="user-role">
            Role: {roleLabel[user.role] ?? user.role}
          </span>
        </p>
        <Link href="/account" className="block px-4 py-2 text-slate-700 hover:bg-slate-50">
          Profile and password
        </Link>
        <Link href="/account/tokens" className="block px-4 py-2 text-slate-700 hover:bg-slate-50">
          API tokens
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="block w-full px-4 py-2 text-left text-slate-700 hover:bg-slate-50">
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
