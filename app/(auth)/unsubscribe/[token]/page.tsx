import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findUnsubscribeSubject } from "@/lib/users/queries";
import { maskEmail } from "@/lib/users/mask-email";
import { UnsubscribeCard } from "@/components/account/unsubscribe-card";

// The address holds a secret: no search engine lists it, and no link on it passes it on as a referrer.
export const metadata: Metadata = { title: "Reminder mail", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const subject = await findUnsubscribeSubject(safeDecode(token));
  if (!subject) notFound();
  return (
    <UnsubscribeCard
      maskedEmail={maskEmail(subject.email)}
      mailOff={!subject.receiveReminders && !subject.receiveDigests}
      postPath={`/unsubscribe/${encodeURIComponent(safeDecode(token))}`}
    />
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
