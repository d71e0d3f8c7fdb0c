// Links in mail point at this instance: the `instance.baseUrl` setting, else AUTH_URL (or NEXTAUTH_URL), else
// http://localhost:3000.
import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { getSetting } from "@/lib/settings/queries";
import { env } from "@/lib/env";

export const FALLBACK_BASE_URL = "http://localhost:3000";

export async function appBaseUrl(db?: Db | Tx): Promise<string> {
  const configured = await getSetting("instance.baseUrl", db);
  return configured ?? baseUrlFromEnvironment();
}

function baseUrlFromEnvironment(): string {
  return env().appUrl?.baseUrl ?? FALLBACK_BASE_URL;
}

/** `base` + `path` ("/incidents/INC-1"), with each path segment kept as given (encode ids before). */
export function absoluteUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}
