import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-slate-100 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2 text-2xl font-bold text-indigo-900">
          <img src="/favicon.svg" alt="" className="h-9 w-9" />
          Hindsight
        </div>
        <div className="rounded-xl bg-white p-6 shadow-lg ring-1 ring-slate-200">{children}</div>
      </div>
    </main>
  );
}
