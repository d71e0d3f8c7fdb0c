// The reminder mail: ONE message per recipient per pass, grouping everything due for them (overdue, due today, due
// soon, postmortems owed, follow-up reviews, reviews waiting, the long-overdue weekly list, a manager's weekly digest),
// each entry a one-click link to the thing itself. Rendered from the mail components (lib/mail/components.ts: every
// value from the database escaped), with a plain-text part saying the same; times in the recipient's zone.
import type { PlannedKind } from "@/lib/reminders/plan-sql";
import { Button, Layout, Paragraph, Section, href, html, type ListEntry, type SafeHtml } from "@/lib/mail/components";
import { absoluteUrl } from "@/lib/mail/links";
import { dayToDate, daysBetween, effectiveTimeZone, type CalendarDay } from "@/lib/reminders/calendar-days";
import { zoneFormatter } from "@/lib/time/zone";

export type DigestItem = {
  id: string;
  title: string;
  dueDate: CalendarDay;
  /** a user's name, or the name a report gave for someone who is not a user here (ownerIsUser false) */
  ownerName: string | null;
  ownerIsUser?: boolean;
  incidentPublicId: string;
  incidentTitle: string;
};

export type OwedPostmortem = { incidentPublicId: string; incidentTitle: string; dueDay: CalendarDay };

/** One reminder (one recorded delivery) as the mail shows it. */
export type ReminderEntry = {
  kind: PlannedKind;
  /** the recipient's local day the reminder was recorded for */
  day: CalendarDay;
  incident?: { publicId: string; title: string } | null;
  /**
   * `ownedByRecipient` false: no user owns the item and the report's author is reminded instead; `keptOwnerName` is
   * then the owner as the report named them, someone who is not a user here (null when it named nobody)
   */
  actionItem?: { id: string; title: string; dueDate: CalendarDay; ownedByRecipient: boolean; keptOwnerName?: string | null } | null;
  /** an overdue item past the weekly-only age: listed in the weekly section */
  longOverdue?: boolean;
  followUp?: { scheduledAt: Date } | null;
  review?: { requestedAt: Date } | null;
  postmortem?: { dueDay: CalendarDay } | null;
  digest?: { items: DigestItem[]; postmortems: OwedPostmortem[] } | null;
};

export type ReminderMailInput = {
  recipient: { name: string; timeZone: string };
  /** the recipient's today */
  day: CalendarDay;
  baseUrl: string;
  /** one-click link that turns this mail off (also sent as List-Unsubscribe) */
  unsubscribeUrl: string;
  entries: ReminderEntry[];
};

export type RenderedMail = { subject: string; text: string; html: string; headers?: Record<string, string> };

/** Long lists show this many entries; the rest are counted and one link away. */
export const DIGEST_ITEM_LIMIT = 50;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

// Composed by hand: locales disagree on month abbreviations ("Sep" or "Sept") from one ICU version to the next.
function zoneParts(instant: Date, timeZone: string): Record<string, string> {
  const formatter = zoneFormatter(timeZone, "en-GB", {
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value;
  return parts;
}

/** "Fri, 13 Dec 2024": a calendar day, the same in every zone. */
export function formatDay(day: CalendarDay): string {
  const date = dayToDate(day);
  return `${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "Tue, 14 Jan 2025, 10:00 CET": an instant in the recipient's zone. */
export function formatTimeInZone(instant: Date, timeZone: string): string {
  const parts = zoneParts(instant, effectiveTimeZone(timeZone));
  const day = `${parts.year}-${parts.month!.padStart(2, "0")}-${parts.day!.padStart(2, "0")}`;
  return `${formatDay(day)}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function incidentUrl(baseUrl: string, publicId: string, anchor?: string): string {
  return absoluteUrl(baseUrl, `/incidents/${encodeURIComponent(publicId)}${anchor ? `#${anchor}` : ""}`);
}

function dueIn(dueDate: CalendarDay, day: CalendarDay): string {
  const ahead = daysBetween(day, dueDate);
  if (ahead === 0) return `due today, ${formatDay(dueDate)}`;
  if (ahead > 0) return `due in ${plural(ahead, "day")}, on ${formatDay(dueDate)}`;
  return `${plural(-ahead, "day")} overdue (due ${formatDay(dueDate)})`;
}

function digestOwner(item: DigestItem): string {
  if (!item.ownerName) return "no owner";
  return item.ownerIsUser === false ? `owner ${item.ownerName} (not a user)` : `owner ${item.ownerName}`;
}

type Group = { key: string; title: string; entries: ListEntry[]; more?: { count: number; url: string }; count: number; label: string };

function actionEntry(entry: ReminderEntry, baseUrl: string, day: CalendarDay): ListEntry {
  const item = entry.actionItem!;
  const incident = entry.incident!;
  const late = daysBetween(item.dueDate, day) > 0;
  const owner = item.ownedByRecipient
    ? ""
    : item.keptOwnerName
      ? ` · owned by ${item.keptOwnerName}, who is not a user here: choose a user in the editor so they get reminders`
      : " · no owner yet: you wrote the report";
  return {
    title: item.title,
    url: incidentUrl(baseUrl, incident.publicId, `action-item-${item.id}`),
    detail: `${incident.publicId}: ${incident.title} · ${dueIn(item.dueDate, day)}${owner}`,
    tone: late ? "red" : "plain",
  };
}

/** The entries of one mail, in the order a reader acts on them. */
function groups(input: ReminderMailInput): Group[] {
  const { baseUrl, day, recipient } = input;
  const of = (kind: PlannedKind, test: (entry: ReminderEntry) => boolean = () => true) => input.entries.filter((entry) => entry.kind === kind && test(entry));
  const byDue = (a: ReminderEntry, b: ReminderEntry) =>
    a.actionItem!.dueDate < b.actionItem!.dueDate ? -1 : a.actionItem!.dueDate > b.actionItem!.dueDate ? 1 : 0;
  const result: Group[] = [];
  const add = (key: string, title: string, label: string, entries: ListEntry[], more?: Group["more"]) => {
    if (entries.length) result.push({ key, title, label, entries, more, count: entries.length + (more?.count ?? 0) });
  };
  add(
    "overdue",
    "Overdue",
    "overdue",
    of("ACTION_OVERDUE", (entry) => !entry.longOverdue)
      .sort(byDue)
      .map((entry) => actionEntry(entry, baseUrl, day)),
  );
  add(
    "today",
    "Due today",
    "due today",
    of("ACTION_DUE_TODAY").map((entry) => actionEntry(entry, baseUrl, day)),
  );
  add(
    "soon",
    "Due soon",
    "due soon",
    of("ACTION_DUE_SOON")
      .sort(byDue)
      .map((entry) => actionEntry(entry, baseUrl, day)),
  );
  add(
    "postmortems",
    "Postmortems you owe",
    "postmortem owed",
    [...of("POSTMORTEM_OVERDUE"), ...of("POSTMORTEM_DUE_SOON")].map((entry) => {
      const incident = entry.incident!;
      const dueDay = entry.postmortem!.dueDay;
      const left = daysBetween(day, dueDay);
      return {
        title: `${incident.publicId}: ${incident.title}`,
        url: incidentUrl(baseUrl, incident.publicId),
        detail:
          left < 0
            ? `postmortem overdue by ${plural(-left, "day")} (due ${formatDay(dueDay)}): write it and get it signed off`
            : `postmortem due ${left === 0 ? "today" : left === 1 ? "tomorrow" : `in ${plural(left, "day")}`}, ${formatDay(dueDay)}`,
        tone: left < 0 ? "red" : "amber",
      };
    }),
  );
  add(
    "follow-ups",
    "Follow-up reviews",
    "follow-up review",
    [...of("FOLLOW_UP_TODAY"), ...of("FOLLOW_UP_SOON")].map((entry) => ({
      title: `${entry.incident!.publicId}: ${entry.incident!.title}`,
      url: incidentUrl(baseUrl, entry.incident!.publicId),
      detail: `${entry.kind === "FOLLOW_UP_TODAY" ? "today, " : ""}${formatTimeInZone(entry.followUp!.scheduledAt, recipient.timeZone)}: check whether the action items are done and the measures worked`,
    })),
  );
  add(
    "reviews",
    "Reviews waiting for you",
    "review waiting",
    of("REVIEW_WAITING").map((entry) => ({
      title: `${entry.incident!.publicId}: ${entry.incident!.title}`,
      url: incidentUrl(baseUrl, entry.incident!.publicId),
      detail: `you were asked on ${formatTimeInZone(entry.review!.requestedAt, recipient.timeZone)}: approve it or request changes`,
      tone: "amber",
    })),
  );
  const longOverdue = of("ACTION_OVERDUE", (entry) => entry.longOverdue === true).sort(byDue);
  add(
    "long-overdue",
    "Long overdue (listed weekly)",
    "long overdue",
    longOverdue.slice(0, DIGEST_ITEM_LIMIT).map((entry) => actionEntry(entry, baseUrl, day)),
    { count: Math.max(0, longOverdue.length - DIGEST_ITEM_LIMIT), url: absoluteUrl(baseUrl, "/action-items?owner=me&overdue=1") },
  );
  for (const entry of of("MANAGER_DIGEST")) {
    const { items, postmortems } = entry.digest!;
    add(
      "digest-items",
      "Weekly digest: overdue in reports you signed off",
      "in your weekly digest",
      items.slice(0, DIGEST_ITEM_LIMIT).map((item) => ({
        title: item.title,
        url: incidentUrl(baseUrl, item.incidentPublicId, `action-item-${item.id}`),
        detail: `${item.incidentPublicId}: ${item.incidentTitle} · due ${formatDay(item.dueDate)} · ${digestOwner(item)} · ${plural(daysBetween(item.dueDate, day), "day")} late`,
        tone: "red",
      })),
      { count: Math.max(0, items.length - DIGEST_ITEM_LIMIT), url: absoluteUrl(baseUrl, "/action-items?overdue=1") },
    );
    add(
      "digest-postmortems",
      "Weekly digest: postmortems owed",
      "postmortem owed",
      postmortems.slice(0, DIGEST_ITEM_LIMIT).map((owed) => {
        const left = daysBetween(day, owed.dueDay);
        return {
          title: `${owed.incidentPublicId}: ${owed.incidentTitle}`,
          url: incidentUrl(baseUrl, owed.incidentPublicId),
          detail: left < 0 ? `overdue by ${plural(-left, "day")} (due ${formatDay(owed.dueDay)})` : `due ${formatDay(owed.dueDay)}`,
          tone: left < 0 ? "red" : "amber",
        };
      }),
      { count: Math.max(0, postmortems.length - DIGEST_ITEM_LIMIT), url: absoluteUrl(baseUrl, "/incidents") },
    );
  }
  return result;
}

/** The subject of a mail about exactly one thing: what it is, said as specifically as the old one-per-item mails. */
function singleSubject(entry: ReminderEntry, input: ReminderMailInput): string | null {
  const incident = entry.incident;
  switch (entry.kind) {
    case "ACTION_DUE_SOON":
    case "ACTION_DUE_TODAY":
    case "ACTION_OVERDUE": {
      const item = entry.actionItem!;
      const ahead = daysBetween(input.day, item.dueDate);
      return ahead < 0
        ? `Overdue by ${plural(-ahead, "day")}: ${item.title}`
        : ahead === 0
          ? `Due today: ${item.title}`
          : `Due in ${plural(ahead, "day")}: ${item.title}`;
    }
    case "FOLLOW_UP_SOON":
      return `Follow-up review on ${formatTimeInZone(entry.followUp!.scheduledAt, input.recipient.timeZone)}: ${incident!.title}`;
    case "FOLLOW_UP_TODAY":
      return `Follow-up review today: ${incident!.title}`;
    case "REVIEW_WAITING":
      return `Review waiting for you: ${incident!.publicId} ${incident!.title}`;
    case "POSTMORTEM_DUE_SOON":
    case "POSTMORTEM_OVERDUE": {
      const left = daysBetween(input.day, entry.postmortem!.dueDay);
      const when = left < 0 ? `overdue by ${plural(-left, "day")}` : left === 0 ? "due today" : left === 1 ? "due tomorrow" : `due in ${plural(left, "day")}`;
      return `Postmortem ${when}: ${incident!.publicId} ${incident!.title}`;
    }
    case "MANAGER_DIGEST": {
      const { items, postmortems } = entry.digest!;
      const parts = [
        ...(items.length ? [`${plural(items.length, "overdue action item")} in reports you signed off`] : []),
        ...(postmortems.length ? [plural(postmortems.length, "postmortem") + " owed"] : []),
      ];
      return `Weekly digest: ${parts.join(", ")}`;
    }
  }
}

/** One thing: its own subject; more: the counts ("Reminders: 2 overdue, 1 due soon, 1 review waiting"). */
function subjectOf(input: ReminderMailInput, list: Group[]): string {
  if (input.entries.length === 1) {
    const single = singleSubject(input.entries[0]!, input);
    if (single) return single;
  }
  const counts = new Map<string, number>();
  for (const group of list) {
    if (group.key.startsWith("digest")) continue;
    counts.set(group.label, (counts.get(group.label) ?? 0) + group.count);
  }
  const parts = [...counts].map(([label, count]) =>
    label === "overdue" || label === "due today" || label === "due soon" || label === "long overdue" ? `${count} ${label}` : plural(count, label),
  );
  if (list.some((group) => group.key.startsWith("digest"))) parts.push("your weekly digest");
  return `Reminders: ${parts.join(", ")}`;
}

/** The one mail for a recipient's reminders of this pass; null when nothing is left to say. */
export function renderReminderMail(input: ReminderMailInput): RenderedMail | null {
  const list = groups(input);
  if (list.length === 0) return null;
  const subject = subjectOf(input, list);
  const greeting = `Hello ${input.recipient.name || "there"},`;
  const intro = `Here is what Hindsight has for you on ${formatDay(input.day)}.`;
  const why =
    "You receive this because you own these action items, wrote these reports, attend these reviews or were asked to review them. One mail a day at most, in your working hours.";
  const settingsUrl = absoluteUrl(input.baseUrl, "/account");

  const text = [
    greeting,
    "",
    intro,
    ...list.flatMap((group) => [
      "",
      `${group.title.toUpperCase()}`,
      ...group.entries.flatMap((entry) => [`- ${entry.title}`, `  ${entry.detail}`, `  ${entry.url}`]),
      ...(group.more && group.more.count > 0 ? [`  …and ${group.more.count} more: ${group.more.url}`] : []),
    ]),
    "",
    "--",
    why,
    `Stop these mails: ${input.unsubscribeUrl}`,
    `Settings: ${settingsUrl}`,
  ].join("\n");

  const sections: SafeHtml[] = list.map((group) => Section({ title: group.title, entries: group.entries, more: group.more }));
  const body = html`${Paragraph({ children: greeting })}${Paragraph({ children: intro, muted: true })}${sections}${Button({
    url: absoluteUrl(input.baseUrl, "/action-items?owner=me"),
    label: "Open my action items",
  })}`;
  const footer = html`${why}<br /><a href="${href(input.unsubscribeUrl)}" style="color:#64748b">Unsubscribe from these mails</a> ·
    <a href="${href(settingsUrl)}" style="color:#64748b">settings</a>`;
  return {
    subject,
    text,
    html: Layout({ heading: subject, children: body, footer }).value,
    headers: { "List-Unsubscribe": `<${input.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}
