// The review workflow's emails, as text and HTML (lib/mail/components.ts, as the reminder mail; every value escaped). Pure: the actions build
// them inside their transaction and record them as notifications (lib/reminders/notifications.ts), which
// lib/reviews/notify sends once the transaction has committed.
import { Button, Layout, Paragraph, SafeHtml, html } from "@/lib/mail/components";
import type { MailMessage } from "@/lib/mail/schema";

export type { MailMessage };

export type ReportRef = { publicId: string; title: string; url: string };

const FOOTER = "You receive this because of your part in this postmortem's review in Hindsight.";

const LINE_BREAK = new SafeHtml("<br>");

/** A quoted note or comment: paragraphs on blank lines, line breaks kept. */
function Quote({ text }: { text: string }): SafeHtml {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => {
    const lines = paragraph.split("\n");
    return html`<p style="margin:0 0 8px">${lines.flatMap((line, index) => (index === 0 ? [line] : [LINE_BREAK, line]))}</p>`;
  });
  return html`<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:3px solid #cbd5e1;color:#334155">${paragraphs}</blockquote>`;
}

function quoteText(text: string): string {
  return text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
}

function compose({ heading, intro, quote, report, button }: { heading: string; intro: string; quote?: string | null; report: ReportRef; button: string }) {
  const body = html`${Paragraph({ children: intro })}${Paragraph({ children: html`<strong>${report.publicId}</strong> · ${report.title}` })}${
    quote ? Quote({ text: quote }) : null
  }${Button({ url: report.url, label: button })}`;
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
  return { html: Layout({ heading, children: body, footer: FOOTER }).value, text };
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
