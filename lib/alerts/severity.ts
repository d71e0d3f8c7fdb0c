// An alert's severity on this instance's severity scale (setting `severity.scale`, most severe first). Alertmanager
// rules say `severity: critical | warning | info` by convention, PagerDuty has priorities (P1..P5) and urgencies;
// the scale is the instance's own (Critical/High/Medium/Low by default, or SEV1..SEV4, ...). Pure.

/** What the new-report form preselects: the second level (the first when the scale has one). */
export function defaultSeverity(scale: readonly string[]): string {
  return scale[Math.min(1, scale.length - 1)] ?? "";
}

const FIRST = /^(?:critical|crit|page|pager|paging|emergency|emerg|fatal|disaster|sev-?0|p0)$/;
const MIDDLE = /^(?:warning|warn|major|moderate|error|err)$/;
const LOWEST = /^(?:info|informational|information|notice|minor|low|none|debug|ok)$/;
/** "P2", "SEV-2", "sev2", "S2": a numbered level, 1 the most severe. */
const NUMBERED = /^(?:p|sev|s)-?\s*([1-9])$/;

/**
 * The scale's level for `label`, or null when it says nothing this instance can place. A label naming a level of
 * the scale (any case) is that level; critical/page go to the first, warning to the middle one, info to the last, a
 * numbered level (P2, SEV-3) to that place on the scale (the last when the scale is shorter).
 */
export function severityFromLabel(label: string | null | undefined, scale: readonly string[]): string | null {
  const value = label?.trim().toLowerCase();
  if (!value || scale.length === 0) return null;
  const named = scale.find((level) => level.toLowerCase() === value);
  if (named) return named;
  if (FIRST.test(value)) return scale[0]!;
  if (MIDDLE.test(value)) return scale[Math.floor(scale.length / 2)]!;
  if (LOWEST.test(value)) return scale.at(-1)!;
  const numbered = NUMBERED.exec(value);
  if (numbered) return scale[Math.min(Number(numbered[1]) - 1, scale.length - 1)]!;
  return null;
}

/** The most severe of `levels` on the scale (levels not on it count as the default); the default when none. */
export function mostSevere(levels: readonly (string | null)[], scale: readonly string[]): string {
  const fallback = defaultSeverity(scale);
  const rank = (level: string) => {
    const index = scale.indexOf(level);
    return index < 0 ? scale.indexOf(fallback) : index;
  };
  const known = levels.map((level) => level ?? fallback);
  return known.length ? known.reduce((best, level) => (rank(level) < rank(best) ? level : best)) : fallback;
}
