import type { OutboxMessageRow } from "@/lib/mail/queries";
import { formatDateTime, isoUtc } from "@/lib/format/time";

/**
 * Mail kept in the outbox, newest first. The HTML body is shown in a sandboxed frame (no scripts, no same origin):
 * it is the mail as a recipient would see it, never part of this page.
 */
export function OutboxMessages({ messages, total, timeZone }: { messages: OutboxMessageRow[]; total: number; timeZone: string }) {
  if (messages.length === 0) {
    return <p className="rounded-lg bg-white p-4 text-sm text-slate-600 shadow ring-1 ring-slate-200">No mail in the outbox yet.</p>;
  }
  return (
    <div className="space-y-2" data-testid="outbox-messages">
      {messages.map((message) => (
        <details key={message.id} className="rounded-lg bg-white shadow ring-1 ring-slate-200" data-testid="outbox-message">
          <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-4 gap-y-1 px-4 py-3 text-sm">
            <span className="font-semibold text-slate-900" data-testid="outbox-subject">
              {message.subject}
            </span>
            <span className="text-slate-600">to {message.to}</span>
            <time className="ml-auto text-xs text-slate-500" dateTime={message.createdAt.toISOString()} title={isoUtc(message.createdAt)}>
              {formatDateTime(message.createdAt, timeZone)}
            </time>
          </summary>
          <div className="grid gap-4 border-t border-slate-100 p-4 lg:grid-cols-2">
            <section aria-label="Text version">
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Text</h3>
              <pre className="whitespace-pre-wrap break-words rounded bg-slate-50 p-3 text-xs text-slate-800" data-testid="outbox-text">
                {message.text}
              </pre>
            </section>
            <section aria-label="HTML version">
              <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">HTML</h3>
              <iframe
                title={`HTML version of “${message.subject}”`}
                sandbox=""
                srcDoc={message.html}
                className="h-96 w-full rounded border border-slate-200 bg-white"
              />
            </section>
          </div>
        </details>
      ))}
      {total > messages.length ? (
        <p className="text-xs text-slate-500">
          Showing the newest {messages.length} of {total} messages.
        </p>
      ) : null}
    </div>
  );
}
