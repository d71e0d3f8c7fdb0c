import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks, type NavItem } from "@/components/layout/nav-links";
import { UserMenu } from "@/components/layout/user-menu";

export type ShellUser = { name: string; email: string; role: string };

/** The frame of every signed-in page: top bar with navigation and the user menu; collapses to a menu on small screens. */
export function AppShell({ user, nav, children }: { user: ShellUser; nav: NavItem[]; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="no-print bg-indigo-800 shadow">
        <nav aria-label="Main" className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
          <Link href="/incidents" className="flex items-center gap-2 text-lg font-bold text-white">
            <img src="/favicon.svg" alt="" className="h-7 w-7" />
            Hindsight
          </Link>
          <div className="hidden flex-1 md:block">
            <NavLinks items={nav} />
          </div>
          <div className="ml-auto flex items-center gap-2">
            <UserMenu user={user} />
            <details className="relative md:hidden">
              <summary
                className="cursor-pointer list-none rounded-md px-3 py-2 text-sm font-medium text-white hover:bg-indigo-600"
                aria-label="Open navigation"
              >
                Menu
              </summary>
              <div className="absolute right-0 z-20 mt-2 w-56 rounded-md bg-indigo-800 p-2 shadow-lg">
                <NavLinks items={nav} orientation="vertical" />
              </div>
            </details>
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
