// Which user an action item's owner is, when a report names one: by email (any user with it), else by exact name
// (case and surrounding spaces aside; "@alice" also as "alice") among active users. An owner that matches nobody,
// or several people, is kept as the name the report wrote: shown on the report, in exports and in the action-item
// table, never reminded and never given access, until someone chooses a user for it.
//
// insertReport (lib/incidents/store.ts) resolves owners through here when a report is created or imported;
// matchImportedOwners does the same matching for the import preview and says, per owner, what it found.
import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { Prisma, type Role } from "@/lib/generated/prisma/client";
import { ROLES_READING_ALL_PRIVATE } from "@/lib/incidents/access";
import type { LineMapEntry } from "@/lib/incidents/report-text/line-map";
import type { ActionItem, ReportDocument } from "@/lib/incidents/schema";

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

export type OwnerResolution =
  | { kind: "none" }
  /** `written`: the owner as the report wrote them */
  | { kind: "user"; userId: string; email: string; name: string; by: "email" | "name"; written: string }
  /** kept as written: nobody has this email or name, several people have the name, or the one who has it cannot open the private report */
  | { kind: "name"; name: string; why: "no-user" | "several-users" | "cannot-see"; users: number };

type Owner = Pick<ActionItem, "ownerEmail" | "ownerName">;
type Person = { id: string; email: string; name: string; role: Role };

/** How names are compared: case-insensitive, surrounding and repeated spaces ignored. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** The names a written owner may be: "@alice" is also "alice". */
function nameKeys(name: string): string[] {
  const key = nameKey(name);
  return key.startsWith("@") && key.length > 1 ? [key, key.slice(1)] : [key];
}

async function usersByEmail(db: Db | Tx, emails: string[]): Promise<Map<string, Person>> {
  if (!emails.length) return new Map();
  const users = await db.user.findMany({
    where: { email: { in: emails, mode: "insensitive" } },
    select: { id: true, email: true, name: true, role: true },
  });
  return new Map(users.map((user) => [user.email.toLowerCase(), user]));
}

async function activeUsersByName(db: Db | Tx, keys: string[]): Promise<Map<string, Person[]>> {
  if (!keys.length) return new Map();
  const users = await db.$queryRaw<(Person & { key: string })[]>(Prisma.sql`
    SELECT id, email, name, role, lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) AS key
    FROM "User"
    WHERE active AND lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) = ANY(${keys}::text[])
    ORDER BY id`);
  const byKey = new Map<string, Person[]>();
  for (const { key, ...user } of users) byKey.set(key, [...(byKey.get(key) ?? []), user]);
  return byKey;
}

/**
 * Each item's owner resolved against the users there are now. `report`: whether it is private and who writes it (a new
 * private report can be opened by its author and by the roles that read every private report: a name is only matched
 * to a user who can open it). `matchNames` false: names stay names (a save from the editor, where a user is chosen,
 * not guessed). An email that is nobody's is kept as a name too.
 */
export async function resolveOwners(
  db: Db | Tx,
  items: readonly Owner[],
  report: { private: boolean; authorId: string | null },
  { matchNames = true }: { matchNames?: boolean } = {},
): Promise<OwnerResolution[]> {
  const emailOf = (item: Owner) => item.ownerEmail ?? (item.ownerName && EMAIL.test(item.ownerName.trim()) ? item.ownerName.trim() : null);
  const emails = [...new Set(items.flatMap((item) => emailOf(item)?.toLowerCase() ?? []))];
  const names = matchNames ? [...new Set(items.flatMap((item) => (!emailOf(item) && item.ownerName?.trim() ? nameKeys(item.ownerName) : [])))] : [];
  // One after the other: inside a transaction both share one connection.
  const byEmail = await usersByEmail(db, emails);
  const byName = await activeUsersByName(db, names);
  const canOpen = (user: Person) => !report.private || user.id === report.authorId || ROLES_READING_ALL_PRIVATE.includes(user.role);
  return items.map((item): OwnerResolution => {
    const email = emailOf(item);
    if (email) {
      const user = byEmail.get(email.toLowerCase());
      return user
        ? { kind: "user", userId: user.id, email: user.email, name: user.name, by: "email", written: email }
        : { kind: "name", name: email, why: "no-user", users: 0 };
    }
    const written = item.ownerName?.trim();
    if (!written) return { kind: "none" };
    if (!matchNames) return { kind: "name", name: written, why: "no-user", users: 0 };
    const found = new Map<string, Person>();
    for (const key of nameKeys(written)) for (const user of byName.get(key) ?? []) found.set(user.id, user);
    const users = [...found.values()];
    if (users.length > 1) return { kind: "name", name: written, why: "several-users", users: users.length };
    const [user] = users;
    if (!user) return { kind: "name", name: written, why: "no-user", users: 0 };
    if (!canOpen(user)) return { kind: "name", name: written, why: "cannot-see", users: 1 };
    return { kind: "user", userId: user.id, email: user.email, name: user.name, by: "name", written };
  });
}

/** The stored columns of a resolved owner. */
export function ownerColumns(resolution: OwnerResolution): { ownerId: string | null; ownerName: string | null } {
  if (resolution.kind === "user") return { ownerId: resolution.userId, ownerName: null };
  if (resolution.kind === "name") return { ownerId: null, ownerName: resolution.name };
  return { ownerId: null, ownerName: null };
}

/** The item with its owner as resolved: a user by email, or a name. */
export function withResolvedOwner<T extends Owner>(item: T, resolution: OwnerResolution): T {
  const { ownerName: _ownerName, ...rest } = item;
  if (resolution.kind === "user") return { ...rest, ownerEmail: resolution.email } as T;
  if (resolution.kind === "name") return { ...rest, ownerEmail: null, ownerName: resolution.name } as T;
  return { ...rest, ownerEmail: null } as T;
}

// ---------------------------------------------------------------------------------------------------------------
// The import

/** The line the report names item `index`'s owner on (else the item's first line). */
function ownerLine(lineMap: readonly LineMapEntry[], index: number): number | null {
  const owner = lineMap.filter((e) => e.field === `actionItems[${index}].ownerName` || e.field === `actionItems[${index}].ownerEmail`);
  const item = lineMap.filter((e) => e.field === `actionItems[${index}]`);
  const lines = (owner.length ? owner : item).map((e) => e.line);
  return lines.length ? Math.min(...lines) : null;
}

function linesText(lines: number[]): string {
  if (!lines.length) return "";
  return lines.length === 1 ? ` (line ${lines[0]})` : ` (lines ${lines.join(", ")})`;
}

const WHY: Record<Extract<OwnerResolution, { kind: "name" }>["why"], (users: number) => string> = {
  "no-user": () => "is not a user here: kept as a name; choose a user in the editor to get reminders.",
  "several-users": (users) => `is the name of ${users} users here: kept as a name; choose the right one in the editor to get reminders.`,
  "cannot-see": () => "is a user who cannot open this private report: kept as a name; choose someone who can open it in the editor.",
};

/** What the import tells about one owner: the message, and the first line the owner is written on. */
export type OwnerGuess = { kind: "owner"; line: number | null; message: string };

/** One message per owner kept as a name or matched by name only (a guess the author should check), in report order. */
export function ownerGuesses(resolutions: readonly OwnerResolution[], lineMap: readonly LineMapEntry[]): OwnerGuess[] {
  const groups = new Map<string, { text: (lines: number[]) => string; lines: number[] }>();
  resolutions.forEach((resolution, index) => {
    let key: string;
    let text: (lines: number[]) => string;
    if (resolution.kind === "name") {
      key = `name\u0000${resolution.why}\u0000${resolution.name}`;
      text = (lines) => `Owner "${resolution.name}"${linesText(lines)} ${WHY[resolution.why](resolution.users)}`;
    } else if (resolution.kind === "user" && resolution.by === "name") {
      key = `user\u0000${resolution.userId}`;
      text = (lines) =>
        `Owner "${resolution.written}"${linesText(lines)} was matched by name to the user ${resolution.name} <${resolution.email}>; choose another user in the editor if that is not them.`;
    } else return;
    const group = groups.get(key) ?? { text, lines: [] };
    const line = ownerLine(lineMap, index);
    if (line !== null && !group.lines.includes(line)) group.lines.push(line);
    groups.set(key, group);
  });
  return [...groups.values()].map((group) => {
    const lines = group.lines.sort((a, b) => a - b);
    return { kind: "owner", line: lines[0] ?? null, message: group.text(lines) };
  });
}

/**
 * For the import preview and the import itself: matches the parsed report's owners against the users there are,
 * writes the result into the document (an owner matched by name becomes that user's email; an email nobody has becomes
 * a name) and adds a warning per owner not matched to a user (or matched by name only), naming the lines it is written
 * on (once: matching a result again adds none). Returns the same messages as guesses, for a preview that lists what the import guessed. `authorId`: who imports
 * (the author of the report it creates).
 */
export async function matchImportedOwners(
  db: Db | Tx,
  result: { document: ReportDocument; warnings: string[]; lineMap: readonly LineMapEntry[] },
  { authorId }: { authorId: string | null },
): Promise<OwnerGuess[]> {
  const { document } = result;
  const resolutions = await resolveOwners(db, document.actionItems, { private: document.private, authorId });
  document.actionItems = document.actionItems.map((item, index) => withResolvedOwner(item, resolutions[index]!));
  const guesses = ownerGuesses(resolutions, result.lineMap);
  for (const { message } of guesses) if (!result.warnings.includes(message)) result.warnings.push(message);
  return guesses;
}
