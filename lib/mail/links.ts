// Links in mail point at this instance: the `instance.baseUrl` setting, else AUTH_URL, else http://localhost:3000.
import type { Db, Tx } from "@/lib/db/client";
import { getSetting } from "@/lib/settings/queries";

export const FALLBACK_BASE_URL = "http://localhost:3000";

export async function appBaseUrl(db?: Db | Tx): Promise<string> {
  const configured = await getSetting("instance.baseUrl", db);
  return configured ?? baseUrlFromEnvironment();
}

function baseUrlFromEnvironment(): string {
  const authUrl = process.env.AUTH_URL?.trim();
  if (authUrl) {
    try {
      const url = new URL(authUrl);
      // Auth.js accepts AUTH_URL with its own base path: the app lives above it.
      const path = url.pathname.replace(/\/api\/auth\/?$/, "").replace(/\/+$/, "");
      return `${url.origin}${path}`;
    } catch {
      // an unreadable AUTH_URL is Auth.js's problem; mail still needs a link
    }
  }
  return FALLBACK_BASE_URL;
}

/** `base` + `path` ("/incidents/INC-1"), with each path segment kept as given (encode ids before). */
export function absoluteUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}
