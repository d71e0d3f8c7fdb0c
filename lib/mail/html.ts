// HTML mail bodies: every value from the database goes through escapeHtml, links through safeHref.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

/** An http(s) URL for an href attribute, escaped; anything else (javascript:, data:) becomes "#". */
export function safeHref(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? escapeHtml(parsed.toString()) : "#";
  } catch {
    return "#";
  }
}

/** A small, inline-styled layout: mail clients ignore stylesheets. `bodyHtml` must already be escaped. */
export function mailLayout({ heading, bodyHtml, footer }: { heading: string; bodyHtml: string; footer: string }): string {
  return [
    "<!doctype html>",
    '<html><body style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#0f172a">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">',
    `<h1 style="font-size:18px;margin:0 0 16px">${escapeHtml(heading)}</h1>`,
    bodyHtml,
    `<p style="margin:24px 0 0;font-size:12px;color:#64748b">${escapeHtml(footer)}</p>`,
    "</div></body></html>",
  ].join("\n");
}

export function buttonLink(url: string, label: string): string {
  return `<p style="margin:20px 0 0"><a href="${safeHref(url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:8px 14px;border-radius:6px;font-weight:600">${escapeHtml(label)}</a></p>`;
}
