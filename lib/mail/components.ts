// Mail as components: small functions of props that return markup, composed like React components, with every
// interpolated value escaped unless it is itself component output (SafeHtml). The same idea as React Email, by hand:
// `react-dom/server` cannot be loaded where mail is rendered (Next route handlers and our scripts run under the
// `react-server` condition, which refuses it), and a mail needs no more than this. Styles are inline (mail clients
// ignore stylesheets); the layout is one 560 px column that shrinks on a phone.
import { escapeHtml, safeHref } from "@/lib/mail/html";

/** Markup that is already safe: component output. Anything else interpolated into `html` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Child = SafeHtml | string | number | null | undefined | false | readonly Child[];

function render(child: Child): string {
  if (child === null || child === undefined || child === false) return "";
  if (child instanceof SafeHtml) return child.value;
  if (Array.isArray(child)) return child.map(render).join("");
  return escapeHtml(child as string | number);
}

/** A tagged template: `html\`<p>${name}</p>\`` escapes `name`; nested components stay markup. */
export function html(strings: TemplateStringsArray, ...values: Child[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, index) => (out += render(value) + strings[index + 1]!));
  return new SafeHtml(out);
}

/** An href: only http(s), escaped; anything else becomes "#". */
export function href(url: string): SafeHtml {
  return new SafeHtml(safeHref(url));
}

export function Paragraph({ children, muted = false }: { children: Child; muted?: boolean }): SafeHtml {
  return html`<p style="margin:0 0 12px;line-height:1.5;${muted ? "color:#475569;font-size:14px" : ""}">${children}</p>`;
}

export function Button({ url, label }: { url: string; label: string }): SafeHtml {
  return html`<p style="margin:16px 0 0">
    <a href="${href(url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:8px 14px;border-radius:6px;font-weight:600"
      >${label}</a
    >
  </p>`;
}

export type ListEntry = { title: string; url: string; detail: string; tone?: "red" | "amber" | "plain" };

const TONES = { red: "#b91c1c", amber: "#b45309", plain: "#475569" } as const;

/** A titled group of linked entries: each title is a one-click link to the thing itself. */
export function Section({ title, entries, more }: { title: string; entries: ListEntry[]; more?: { count: number; url: string } }): SafeHtml {
  const items = entries.map(
    (entry) =>
      html`<li style="margin:0 0 10px">
        <a href="${href(entry.url)}" style="color:#4338ca;font-weight:600;word-break:break-word">${entry.title}</a><br /><span
          style="font-size:13px;color:${TONES[entry.tone ?? "plain"]}"
          >${entry.detail}</span
        >
      </li>`,
  );
  const tail =
    more && more.count > 0
      ? html`<p style="margin:0 0 12px;font-size:13px"><a href="${href(more.url)}" style="color:#4338ca">…and ${more.count} more</a></p>`
      : null;
  return html`<h2 style="font-size:15px;margin:20px 0 8px;color:#0f172a">${title}</h2>
    <ul style="padding-left:18px;margin:0 0 8px">
      ${items}
    </ul>
    ${tail}`;
}

export function Layout({ heading, children, footer }: { heading: string; children: Child; footer: Child }): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>${heading}</title>
      </head>
      <body style="margin:0;padding:16px;background:#f8fafc;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#0f172a">
        <div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:20px;box-sizing:border-box">
          <h1 style="font-size:18px;margin:0 0 16px">${heading}</h1>
          ${children}
          <div style="margin:24px 0 0;font-size:12px;color:#64748b;line-height:1.5">${footer}</div>
        </div>
      </body>
    </html>`;
}
