import Link from "next/link";
import { describePermission, isPermission } from "@/lib/auth/permissions";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ permission?: string }> }) {
  const { permission } = await searchParams;
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-indigo-700">403</p>
      <h1 className="mt-2 text-2xl font-bold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">
        {isPermission(permission) ? `It needs permission to: ${describePermission(permission).toLowerCase()}.` : "Your role does not allow it."} Ask an admin if
        you need it.
      </p>
      <Link href="/incidents" className="mt-6 inline-block font-medium text-indigo-700 hover:underline">
        Back to incidents
      </Link>
    </div>
  );
}
