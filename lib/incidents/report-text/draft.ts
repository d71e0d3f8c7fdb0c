// The report being built while a text is read, and the map of which line went into which field.
import type { LineMap } from "@/lib/incidents/report-text/line-map";
import type { ReportDocument } from "@/lib/incidents/schema";

export type Draft = Omit<ReportDocument, "publicId"> & { publicId?: string };

export function appendLine(current: string | null, value: string): string {
  return current ? `${current}\n${value}` : value;
}

export function addService(draft: Draft, name: string, lines: number | number[], map: LineMap, warnings: string[]) {
  const clean = name.trim();
  if (!clean) return;
  const existing = draft.services.findIndex((s) => s.toLowerCase() === clean.toLowerCase());
  const first = Array.isArray(lines) ? lines[0] : lines;
  if (existing >= 0) {
    warnings.push(`Line ${first}: the service "${clean}" is listed twice; it was kept once.`);
    map.add(lines, `services[${existing}]`);
    return;
  }
  map.add(lines, `services[${draft.services.length}]`);
  draft.services.push(clean);
}
