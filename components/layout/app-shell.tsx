import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks, type NavItem } from "@/components/layout/nav-links";
import { UserMenu } from "@/components/layout/user-menu";

export type ShellUser = { name: string; email: string; role: string };

/** The frame of every signed-in page: top bar with navigation and the user menu; collapses to a menu on small screens. */
export function AppShell({ user, nav, children }: { user: ShellUser; nav: NavItem[]; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      {/* The first thing Tab reaches: past the navigation to the page itself (WCAG 2.4.1). */}
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-800 focus:shadow-lg focus:ring-2 focus:ring-indigo-600"
      >
        Skip to content
      </a>
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
              <summary className="flex cursor-pointer list-none items-center gap-1.5 rounded-md px-3 py-2 text-sm font-medium text-white hover:bg-indigo-600">
                <span aria-hidden>☰</span>
                Menu
              </summary>
              <div className="absolute right-0 z-20 mt-2 w-56 rounded-md bg-indigo-800 p-2 shadow-lg">
                <NavLinks items={nav} orientation="vertical" />
              </div>
            </details>
          </div>
        </nav>
      </header>
      {/* tabIndex -1: the skip link moves keyboard focus here, not only the scroll position. */}
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-8 outline-none sm:px-6">
        {children}
      </main>
    </div>
  );
}
