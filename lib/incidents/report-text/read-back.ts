// What the report writer (report-export.ts) may use of the parser: it reads back what it writes, part by part, and
// writes a part explicitly wherever the parser would read it differently. This module and shared-formats.ts are the
// writer's whole interface to the parser folder; everything else in it is the parser's own.
export { parseReportText } from "@/lib/incidents/report-text/parse";
export { resolveHeading } from "@/lib/incidents/report-text/headings";
export { parseImpactLine } from "@/lib/incidents/report-text/impact";
export { parseConfigurationLine, parseDeploymentLine } from "@/lib/incidents/report-text/technical-details";
export { dateFromPublicId } from "@/lib/incidents/report-text/written-times";
