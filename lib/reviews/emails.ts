// The review workflow's emails, as text and HTML (lib/mail's layout; every value escaped). Pure: the actions build
// them inside their transaction and record them as notifications (lib/reminders/notifications.ts), which
// lib/reviews/notify sends once the transaction has committed.
import { buttonLink, escapeHtml, mailLayout } from "@/lib/mail/html";
import type { MailMessage } from "@/lib/mail/schema";

export type { MailMessage };

export type ReportRef = { publicId: string; title: string; url: string };

const FOOTER = "You receive this because of your part in this postmortem's review in Hindsight.";

function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0 0 8px">${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

function quoteText(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

function compose({ heading, intro, quote, report, button }: { heading: string; intro: string; quote?: string | null; report: ReportRef; button: string }) {
  const bodyHtml = [
    `<p style="margin:0 0 12px">${escapeHtml(intro)}</p>`,
    `<p style="margin:0 0 12px"><strong>${escapeHtml(report.publicId)}</strong> · ${escapeHtml(report.title)}</p>`,
    quote ? `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #cbd5e1;color:#334155">${paragraphsHtml(quote)}</blockquote>` : "",
    buttonLink(report.url, button),
  ].join("\n");
  const text = [
    intro,
    "",
    `${report.publicId} · ${report.title}`,
    ...(quote ? ["", quoteText(quote)] : []),
    "",
    `${button}: ${report.url}`,
    "",
    FOOTER,
    "",
  ].join("\n");
  return { html: mailLayout({ heading, bodyHtml, footer: FOOTER }), text };
}

export function reviewRequestedEmail(to: string, { report, requester, note }: { report: ReportRef; requester: string; note?: string | null }): MailMessage {
  const body = compose({
    heading: "Your review is requested",
    intro: `${requester} asks you to review and sign off this postmortem.`,
    quote: note,
    report,
    button: "Review the report",
  });
  return { to, subject: `Review requested: ${report.publicId} ${report.title}`, ...body };
}

export function changesRequestedEmail(
  to: string,
  { report, reviewer, comment, section }: { report: ReportRef; reviewer: string; comment: string; section: string },
): MailMessage {
  const body = compose({
    heading: "Changes requested",
    intro: `${reviewer} reviewed your postmortem and asks for changes (${section}).`,
    quote: comment,
    report,
    button: "See the comments",
  });
  return { to, subject: `Changes requested: ${report.publicId} ${report.title}`, ...body };
}

export function approvedEmail(
  to: string,
  { report, reviewer, comment, revisionNumber }: { report: ReportRef; reviewer: string; comment?: string | null; revisionNumber: number },
): MailMessage {
  const body = compose({
    heading: "Postmortem approved",
    intro: `${reviewer} signed off your postmortem (revision ${revisionNumber}). It is now read-only.`,
    quote: comment,
    report,
    button: "Open the report",
  });
  return { to, subject: `Approved: ${report.publicId} ${report.title}`, ...body };
}
