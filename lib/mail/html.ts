// Escaping for HTML mail: every value from the database goes through escapeHtml, links through safeHref. Mail is
// composed from the components in lib/mail/components.ts, which use these.

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
