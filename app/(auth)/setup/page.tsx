import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { needsFirstAdmin } from "@/lib/users/queries";
import { SetupForm } from "@/components/auth/setup-form";
import { createFirstAdminAction } from "./actions";

export const metadata: Metadata = { title: "Set up Hindsight" };

export default async function SetupPage() {
  await connection(); // the answer depends on the database now, never on build time
  if (!(await needsFirstAdmin())) redirect("/login");
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Welcome to Hindsight</h1>
      <p className="mb-6 text-sm text-slate-600">There are no users yet. Create the first admin account; you can add your team afterwards.</p>
      <SetupForm action={createFirstAdminAction} />
    </>
  );
}
