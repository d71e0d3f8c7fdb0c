import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-messages";
import { oidcButton } from "@/lib/auth/oidc";
import { demoAccountsToShow } from "@/lib/auth/demo-accounts";
import { signInWithOidc } from "@/lib/auth/sign-in";
import { needsFirstAdmin } from "@/lib/users/queries";
import { LoginForm } from "@/components/auth/login-form";
import { DemoAccounts } from "@/components/auth/demo-accounts";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string; setup?: string }> }) {
  const params = await searchParams;
  if (await getCurrentUser()) redirect(safeCallbackUrl(params.callbackUrl));
  if (await needsFirstAdmin()) redirect("/setup");
  const callbackUrl = params.callbackUrl ? safeCallbackUrl(params.callbackUrl) : undefined;
  const sso = oidcButton();
  const demoAccounts = await demoAccountsToShow();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-slate-600">Postmortems, reviews and action items for your team.</p>
      {params.setup === "done" ? (
        <p className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
          Your admin account is ready. Sign in with it.
        </p>
      ) : null}
      <LoginForm callbackUrl={callbackUrl} initialError={signInErrorMessage(params.error)} />
      {sso ? (
        <>
          <div className="my-5 flex items-center gap-3 text-xs text-slate-400">
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
          <form action={signInWithOidc}>
            {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
            <Button type="submit" variant="secondary" className="w-full">
              Sign in with {sso.label}
            </Button>
          </form>
        </>
      ) : null}
      <DemoAccounts accounts={demoAccounts} />
    </>
  );
}
