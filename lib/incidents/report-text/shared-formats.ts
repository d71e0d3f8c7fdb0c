// The formats the report parser and the report writer (report-export.ts) both use: the month names dates are written
// with, the day as YYYY-MM-DD, and the words that introduce a title. They live here, apart from the parser's internals,
// so that the writer depends only on what is deliberately shared.

export const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function isoDay(date: { year: number; month: number; day: number }): string {
  return `${String(date.year).padStart(4, "0")}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}

/** "INCIDENT REPORT - ...", "Postmortem: ...": the words that introduce a title rather than belong to it. */
export const TITLE_PREFIX =
  /^(?:incident\s+report|incident\s+post[-\s]?mortem|post[-\s]?mortem(?:\s+report)?|post[-\s]?incident\s+review|incident\s+review|pir|rca)\s*(?:[-–—:|]\s*(.*))?$/i;
