// The sections a review comment can be about, apart from the review schemas (lib/reviews/schema.ts) so that the
// review forms in the browser do not bring zod into the page's first load.
import { REPORT_FIELD_LABELS, REPORT_FIELDS, type ReportField } from "@/lib/incidents/report-diff";

/** A comment is about one of the report's fields (their keys, as in revision diffs), or the report as a whole. */
export const GENERAL_SECTION = "general";
export type CommentSection = ReportField | typeof GENERAL_SECTION;
export const COMMENT_SECTIONS = [GENERAL_SECTION, ...REPORT_FIELDS] as const satisfies readonly CommentSection[];

export function commentSectionLabel(section: string): string {
  if (section === GENERAL_SECTION) return "Whole report";
  return REPORT_FIELD_LABELS[section as ReportField] ?? section;
}

/** The choices of a "Comment on" select, made on the server so the browser gets labels, not the field table. */
export type SectionOption = { value: CommentSection; label: string };
export function commentSectionOptions(): SectionOption[] {
  return COMMENT_SECTIONS.map((section) => ({ value: section, label: commentSectionLabel(section) }));
}

export function isCommentSection(value: unknown): value is CommentSection {
  return typeof value === "string" && (COMMENT_SECTIONS as readonly string[]).includes(value);
}
