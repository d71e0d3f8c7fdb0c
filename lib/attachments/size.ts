// File sizes for people. Pure: the attachments panel (a client component) uses it too.

const UNITS = ["KB", "MB", "GB"] as const;

/** 512 → "512 B", 1536 → "1.5 KB", 20971520 → "20 MB" (binary multiples, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = "B";
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded.toLocaleString("en-US")} ${unit}`;
}
