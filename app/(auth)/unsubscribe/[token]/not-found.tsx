import type { Metadata } from "next";
import { UnsubscribeLinkNotValid } from "@/components/account/unsubscribe-card";

export const metadata: Metadata = { title: "Link not valid", robots: { index: false, follow: false } };

export default function UnsubscribeNotFound() {
  return <UnsubscribeLinkNotValid />;
}
