import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Hindsight", template: "%s · Hindsight" },
  description: "Incident postmortems: write, review, sign off, and follow through.",
};

// Every page is rendered per request: the Content-Security-Policy's nonce (proxy.ts) is new each time, and a page
// prerendered at build time would carry scripts without it, which the browser would refuse to run.
export const dynamic = "force-dynamic";

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
