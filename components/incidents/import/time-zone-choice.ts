// The import form's zone list comes from the server's Intl, which may spell a zone the old way (Node 20 lists
// Asia/Calcutta, Europe/Kiev, Asia/Saigon) while the preview's questions use today's IANA names (Asia/Kolkata): an
// answer is matched to the list by the zone it names, not by its spelling.
import { canonicalTimeZone } from "@/lib/time/zone-names";

/** Whether two names are the same zone ("Asia/Kolkata" and "Asia/Calcutta" are). */
export function sameTimeZone(a: string, b: string): boolean {
  if (a === b) return true;
  const canonical = canonicalTimeZone(a);
  return canonical !== null && canonical === canonicalTimeZone(b);
}

/** The list's spelling of `zone`, or null when the list does not hold it under any name. */
export function listedTimeZone(zone: string, listed: readonly string[]): string | null {
  if (listed.includes(zone)) return zone;
  return listed.find((name) => sameTimeZone(name, zone)) ?? null;
}
