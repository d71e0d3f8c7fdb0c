// The incident's public id (INC-YYYY-MMDD-NNN), given when an incident is created or imported without one.
import { InvalidInputError } from "@/lib/errors";
import { wallClockAt } from "@/lib/time/zone";

/** INC-YYYY-MMDD-NNN for the day the incident started (in the report's zone, UTC by default). */
export function generatePublicId(startedAt: Date | string, sequence: number, timeZone = "UTC"): string {
  const ms = startedAt instanceof Date ? startedAt.getTime() : Date.parse(startedAt);
  if (Number.isNaN(ms)) throw new InvalidInputError("A public id needs a valid start time.");
  if (!Number.isInteger(sequence) || sequence < 1) throw new InvalidInputError("A public id sequence starts at 1.");
  const p = wallClockAt(ms, timeZone);
  const mmdd = `${String(p.month).padStart(2, "0")}${String(p.day).padStart(2, "0")}`;
  return `INC-${p.year}-${mmdd}-${String(sequence).padStart(3, "0")}`;
}
