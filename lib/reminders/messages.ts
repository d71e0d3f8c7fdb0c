// One small template per reminder kind: subject, plain text and HTML. Every value from the database is escaped in
// the HTML (escapeHtml); times are shown in the recipient's zone; each mail links to what it is about.
import type { ReminderKind } from "@/lib/generated/prisma/enums";
import type { PlannedKind } from "@/lib/reminders/plan-sql";
import { buttonLink, escapeHtml, mailLayout } from "@/lib/mail/html";
import { absoluteUrl } from "@/lib/mail/links";
import { dayToDate, daysBetween, effectiveTimeZone, type CalendarDay } from "@/lib/reminders/calendar-days";
import { zoneFormatter } from "@/lib/time/zone";

export type DigestItem = {
  title: string;
  dueDate: CalendarDay;
  ownerName: string | null;
  incidentPublicId: string;
  incidentTitle: string;
};

export type ReminderMessageInput = {
  kind: PlannedKind;
  /** the recipient's local day the reminder is for */
  day: CalendarDay;
  recipient: { name: string; timeZone: string };
  baseUrl: string;
  incident?: { publicId: string; title: string } | null;
  /** `ownedByRecipient` false: the item has no owner and the report's author is reminded instead */
  actionItem?: { title: string; dueDate: CalendarDay; ownedByRecipient: boolean } | null;
  followUp?: { scheduledAt: Date } | null;
  review?: { requestedAt: Date } | null;
  digest?: { items: DigestItem[] } | null;
};

export type RenderedMail = { subject: string; text: string; html: string };

/** Digests list this many items; the rest are counted and one link away. */
export const DIGEST_ITEM_LIMIT = 50;

export function renderReminder(input: ReminderMessageInput): RenderedMail {
  switch (input.kind) {
    case "ACTION_DUE_SOON":
    case "ACTION_DUE_TODAY":
    case "ACTION_OVERDUE":
      return actionItemMail(input);
    case "FOLLOW_UP_SOON":
    case "FOLLOW_UP_TODAY":
      return followUpMail(input);
    case "MANAGER_DIGEST":
      return digestMail(input);
    case "REVIEW_WAITING":
      return reviewWaitingMail(input);
  }
}

function incidentUrl(input: ReminderMessageInput, publicId: string): string {
  return absoluteUrl(input.baseUrl, `/incidents/${encodeURIComponent(publicId)}`);
}

function greeting(name: string): string {
  return `Hello ${name || "there"},`;
}

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

function required<T>(value: T | null | undefined, what: string, kind: ReminderKind): T {
  if (value === null || value === undefined) throw new Error(`A ${kind} reminder needs its ${what}.`);
  return value;
}

function paragraph(text: string): string {
  return `<p style="margin:0 0 12px;line-height:1.5">${text}</p>`;
}

function actionItemMail(input: ReminderMessageInput): RenderedMail {
  const item = required(input.actionItem, "action item", input.kind);
  const incident = required(input.incident, "incident", input.kind);
  const url = incidentUrl(input, incident.publicId);
  const due = formatDay(item.dueDate);
  const late = daysBetween(item.dueDate, input.day);
  const ahead = -late;

  const [subject, headline] =
    input.kind === "ACTION_DUE_SOON"
      ? [`Due in ${plural(ahead, "day")}: ${item.title}`, `This action item is due in ${plural(ahead, "day")}, on ${due}.`]
      : input.kind === "ACTION_DUE_TODAY"
        ? [`Due today: ${item.title}`, `This action item is due today, ${due}.`]
        : [`Overdue by ${plural(late, "day")}: ${item.title}`, `This action item was due on ${due}, ${plural(late, "day")} ago, and is still open.`];
  const why = item.ownedByRecipient
    ? "You receive this because you own this action item in Hindsight."
    : "You receive this because you wrote the report and this action item has no owner yet.";
  const closing = "Mark it done in the report when it is finished, or give it a new due date.";

  const text = [
    greeting(input.recipient.name),
    "",
    headline,
    "",
    `  ${item.title}`,
    `  From ${incident.publicId}: ${incident.title}`,
    `  Due: ${due}`,
    "",
    closing,
    url,
    "",
    "--",
    why,
  ].join("\n");
  const html = mailLayout({
    heading: subject,
    bodyHtml: [
      paragraph(escapeHtml(greeting(input.recipient.name))),
      paragraph(escapeHtml(headline)),
      `<table style="border-collapse:collapse;margin:0 0 12px;font-size:14px">`,
      `<tr><td style="padding:2px 12px 2px 0;color:#64748b">Action item</td><td style="padding:2px 0;font-weight:600">${escapeHtml(item.title)}</td></tr>`,
      `<tr><td style="padding:2px 12px 2px 0;color:#64748b">Report</td><td style="padding:2px 0">${escapeHtml(incident.publicId)}: ${escapeHtml(incident.title)}</td></tr>`,
      `<tr><td style="padding:2px 12px 2px 0;color:#64748b">Due</td><td style="padding:2px 0">${escapeHtml(due)}</td></tr>`,
      `</table>`,
      paragraph(escapeHtml(closing)),
      buttonLink(url, `Open ${incident.publicId}`),
    ].join("\n"),
    footer: why,
  });
  return { subject, text, html };
}

function followUpMail(input: ReminderMessageInput): RenderedMail {
  const followUp = required(input.followUp, "follow-up review", input.kind);
  const incident = required(input.incident, "incident", input.kind);
  const when = formatTimeInZone(followUp.scheduledAt, input.recipient.timeZone);
  const soon = input.kind === "FOLLOW_UP_SOON";
  const subject = soon ? `Follow-up review on ${when}: ${incident.title}` : `Follow-up review today: ${incident.title}`;
  const headline = soon ? `The follow-up review of ${incident.publicId} is on ${when}.` : `The follow-up review of ${incident.publicId} is today, ${when}.`;
  const ask = "Check before it whether the action items are done and whether the preventive measures worked.";
  const why = "You receive this because you attend this follow-up review (or wrote the report when nobody is invited).";
  return incidentNotice(input, incident, { subject, headline, ask, why, button: `Open ${incident.publicId}` });
}

function digestMail(input: ReminderMessageInput): RenderedMail {
  const items = required(input.digest, "items", input.kind).items;
  const url = absoluteUrl(input.baseUrl, "/action-items");
  const shown = items.slice(0, DIGEST_ITEM_LIMIT);
  const more = items.length - shown.length;
  const subject = `Weekly digest: ${plural(items.length, "overdue action item")} in reports you signed off`;
  const headline = `As of ${formatDay(input.day)}, ${plural(items.length, "action item")} in reports you signed off ${items.length === 1 ? "is" : "are"} overdue:`;
  const why = "You receive this every Monday because you signed off these reports. Turn digests off in your account settings.";
  const line = (item: DigestItem) =>
    `${item.title} (${item.incidentPublicId}, due ${formatDay(item.dueDate)}, ${item.ownerName ? `owner ${item.ownerName}` : "no owner"}, ${plural(daysBetween(item.dueDate, input.day), "day")} late)`;
  const text = [
    greeting(input.recipient.name),
    "",
    headline,
    "",
    ...shown.map((item) => `- ${line(item)}\n  ${incidentUrl(input, item.incidentPublicId)}`),
    ...(more > 0 ? [`…and ${more} more.`] : []),
    "",
    `All action items: ${url}`,
    "",
    "--",
    why,
  ].join("\n");
  const rows = shown.map(
    (item) =>
      `<li style="margin:0 0 8px"><a href="${escapeHtml(incidentUrl(input, item.incidentPublicId))}" style="color:#4338ca;font-weight:600">${escapeHtml(item.title)}</a>` +
      `<br><span style="font-size:13px;color:#475569">${escapeHtml(item.incidentPublicId)}: ${escapeHtml(item.incidentTitle)} · due ${escapeHtml(formatDay(item.dueDate))} · ` +
      `${escapeHtml(item.ownerName ? `owner ${item.ownerName}` : "no owner")} · ${escapeHtml(plural(daysBetween(item.dueDate, input.day), "day"))} late</span></li>`,
  );
  const html = mailLayout({
    heading: subject,
    bodyHtml: [
      paragraph(escapeHtml(greeting(input.recipient.name))),
      paragraph(escapeHtml(headline)),
      `<ul style="padding-left:20px;margin:0 0 12px">${rows.join("")}</ul>`,
      more > 0 ? paragraph(escapeHtml(`…and ${more} more.`)) : "",
      buttonLink(url, "See all action items"),
    ].join("\n"),
    footer: why,
  });
  return { subject, text, html };
}

function reviewWaitingMail(input: ReminderMessageInput): RenderedMail {
  const review = required(input.review, "review request", input.kind);
  const incident = required(input.incident, "incident", input.kind);
  const requested = formatTimeInZone(review.requestedAt, input.recipient.timeZone);
  const subject = `Review waiting for you: ${incident.publicId} ${incident.title}`;
  const headline = `You were asked to review ${incident.publicId} on ${requested}, and the report is still waiting for your decision.`;
  const ask = "Approve it or request changes.";
  const why = "You receive this because you were asked to review this report.";
  return incidentNotice(input, incident, { subject, headline, ask, why, button: `Review ${incident.publicId}` });
}

/** A reminder about one report: greeting, what is due, the report, what to do, a button to it, and why it came. */
function incidentNotice(
  input: ReminderMessageInput,
  incident: { publicId: string; title: string },
  { subject, headline, ask, why, button }: { subject: string; headline: string; ask: string; why: string; button: string },
): RenderedMail {
  const url = incidentUrl(input, incident.publicId);
  const text = [greeting(input.recipient.name), "", headline, `  ${incident.publicId}: ${incident.title}`, "", ask, url, "", "--", why].join("\n");
  const html = mailLayout({
    heading: subject,
    bodyHtml: [
      paragraph(escapeHtml(greeting(input.recipient.name))),
      paragraph(escapeHtml(headline)),
      paragraph(`<strong>${escapeHtml(incident.publicId)}</strong>: ${escapeHtml(incident.title)}`),
      paragraph(escapeHtml(ask)),
      buttonLink(url, button),
    ].join("\n"),
    footer: why,
  });
  return { subject, text, html };
}
