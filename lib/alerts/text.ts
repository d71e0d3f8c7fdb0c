// Text from alerts, made to fit a report: labels and titles on one line, everything within its field's length. Pure.

/** One line (control characters and runs of white space become one space), at most `max` characters. */
export function clipLine(value: string, max: number): string {
  return clipText(value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, " ").trim(), max);
}

/** At most `max` characters, cut with an ellipsis; never a lone half of a surrogate pair. */
export function clipText(value: string, max: number): string {
  const text = value.trim();
  if (text.length <= max) return text;
  let cut = max - 1;
  if (/[\ud800-\udbff]/.test(text[cut - 1] ?? "")) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}
