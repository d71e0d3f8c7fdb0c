// Writing a chat delivery's message when it is sent, from the report as it is at that moment. A report that has been
// made private or deleted since the event is not named: the delivery is dropped. The overdue summary is counted
// afresh; when nothing is overdue any more it is dropped too.
import "server-only";
import type { Db, Tx } from "@/lib/db/client";
import { actionItemViewHref, quickView, DEFAULT_VIEW } from "@/lib/action-items/schema";
import { renderChatMessage, type SlackMessage, type TeamsMessage } from "@/lib/chat/format";
import { overdueSummary, type OverdueItem } from "@/lib/chat/overdue";
import type { ChatDeliveryPayload, ChatMessage } from "@/lib/chat/schema";
import type { ChatFormat } from "@/lib/integrations/schema";
import { absoluteUrl } from "@/lib/mail/links";
import { calendarDaysBetween, dateToDay } from "@/lib/time/calendar-day";

export type BuiltChatMessage = { body: SlackMessage | TeamsMessage } | { drop: string };

/** Titles are cut to this many characters: a message lists up to ten of them. */
const TITLE_MAX = 150;

function clip(text: string, max = TITLE_MAX): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

const reportUrl = (baseUrl: string, publicId: string) => absoluteUrl(baseUrl, `/incidents/${encodeURIComponent(publicId)}`);

type Context = { db: Db | Tx; baseUrl: string; format: ChatFormat; serviceId: string | null };

async function reviewMessage(payload: Extract<ChatDeliveryPayload, { incidentId: string }>, { db, baseUrl }: Context): Promise<ChatMessage | string> {
  const incident = await db.incident.findUnique({
    where: { id: payload.incidentId },
    select: {
      publicId: true,
      title: true,
      severity: true,
      private: true,
      services: { orderBy: { position: "asc" }, select: { service: { select: { name: true } } } },
    },
  });
  if (!incident) return "the report was deleted";
  if (incident.private) return "the report is private: chat channels never name private reports";
  const url = reportUrl(baseUrl, incident.publicId);
  const facts = [{ label: "Severity", value: incident.severity }];
  const services = incident.services.map((entry) => entry.service.name);
  if (services.length) facts.push({ label: services.length === 1 ? "Service" : "Services", value: services.join(", ") });
  const subject = { text: clip(`${incident.publicId} · ${incident.title}`), url };

  if (payload.event === "review.submitted") {
    facts.push({ label: payload.resubmission ? "Resubmitted by" : "Submitted by", value: payload.by });
    if (payload.reviewers.length) facts.push({ label: payload.reviewers.length === 1 ? "Reviewer" : "Reviewers", value: payload.reviewers.join(", ") });
    return {
      heading: payload.resubmission ? "Postmortem resubmitted for review" : "Postmortem submitted for review",
      subject,
      facts,
      action: { title: "Open the report", url },
    };
  }
  facts.push({ label: "Signed off by", value: payload.by });
  const revision = await db.revision.findUnique({ where: { id: payload.revisionId }, select: { number: true, contentHash: true } });
  if (revision) facts.push({ label: "Revision", value: `${revision.number} (SHA-256 ${revision.contentHash.slice(0, 12)}…)` });
  return { heading: "Postmortem approved", subject, facts, action: { title: "Open the report", url } };
}

function itemDetail(item: OverdueItem, day: string): string {
  const due = dateToDay(item.dueDate);
  const late = calendarDaysBetween(due, day);
  const owner = item.owner ? `${item.owner}${item.ownerIsName ? " (not a user)" : ""}` : "no owner";
  return `${item.incident.publicId} · ${owner} · due ${due} (${plural(late, "day")} late)`;
}

async function overdueMessage(day: string, { db, baseUrl, serviceId }: Context): Promise<ChatMessage | string> {
  const service = serviceId ? await db.service.findUnique({ where: { id: serviceId }, select: { name: true } }) : null;
  const summary = await overdueSummary(db, day, serviceId);
  const total = summary.publicCount + summary.privateCount;
  if (total === 0) return "nothing is overdue any more";
  const notes: string[] = [];
  if (summary.publicCount > summary.items.length) notes.push(`and ${(summary.publicCount - summary.items.length).toLocaleString("en-US")} more`);
  if (summary.privateCount) notes.push(`${plural(summary.privateCount, "item")} in private reports (not listed)`);
  const view = { ...quickView(DEFAULT_VIEW, "overdue"), service: service?.name ?? null };
  return {
    heading: `${plural(total, "action item")} overdue${service ? ` in ${service.name}` : ""}`,
    facts: [],
    items: summary.items.map((item) => ({
      text: clip(item.title),
      url: reportUrl(baseUrl, item.incident.publicId),
      detail: itemDetail(item, day),
    })),
    notes,
    action: { title: "Open the overdue action items", url: absoluteUrl(baseUrl, actionItemViewHref(view)) },
  };
}

/** The message body to POST for this delivery in this webhook's format, or why it is not to be sent any more. */
export async function buildChatMessage(payload: ChatDeliveryPayload, context: Context): Promise<BuiltChatMessage> {
  const built = payload.event === "action-items.overdue" ? await overdueMessage(payload.day, context) : await reviewMessage(payload, context);
  return typeof built === "string" ? { drop: built } : { body: renderChatMessage(context.format, built) };
}
