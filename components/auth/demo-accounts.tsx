import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { DemoAccount } from "@/lib/auth/demo-accounts";

/** On a demo instance, under the sign-in form: the demo accounts that still open with their published passwords. */
export function DemoAccounts({ accounts }: { accounts: DemoAccount[] }) {
  if (accounts.length === 0) return null;
  return (
    <section
      aria-labelledby="demo-accounts-heading"
      data-testid="demo-accounts"
      className="mt-6 rounded-md bg-amber-50 px-3 py-2 text-sm ring-1 ring-inset ring-amber-200"
    >
      <h2 id="demo-accounts-heading" className="font-medium text-amber-900">
        Demo instance
      </h2>
      <p className="mt-1 text-amber-900">Sign in with one of the demo accounts (their passwords are published: change or deactivate them before real use).</p>
      <ul className="mt-2 space-y-1">
        {accounts.map((account) => (
          <li key={account.email} className="flex flex-wrap gap-x-2">
            <span className="font-mono">{account.email}</span>
            <span className="font-mono">{account.password}</span>
            <span className="text-amber-800">{ROLE_LABELS[account.role]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
