// Shown on the public unsubscribe page: enough for the owner to recognise their address, not enough for whoever
// else holds the link (a forwarded mail) to read it off in full.

/** "olga.owner@example.com" → "o••••••••r@example.com"; a local part of one or two characters keeps only its first. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "•••";
  const local = email.slice(0, at);
  const hidden = local.length <= 2 ? `${local[0]}•` : `${local[0]}${"•".repeat(Math.min(local.length - 2, 8))}${local.at(-1)}`;
  return `${hidden}${email.slice(at)}`;
}
