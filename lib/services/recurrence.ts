// "This happened before": a service's incidents grouped by similar causes. Two incidents are similar as in
// lib/incidents/related.ts (the cosine of their stemmed cause terms); a group is an incident and the earlier ones
// similar to it.

export type CauseTerms = {
  id: string;
  /** stemmed cause terms, as in the database's causeVector */
  lexemes: string[];
  /** a word of the cause for each lexeme the text spells out, to label a group in words rather than stems */
  words: Record<string, string>;
};

export type RecurrenceGroup<T> = {
  incidents: T[];
  /** the words most of the group's causes share, most shared first */
  terms: string[];
};

export function causeSimilarity(a: Set<string>, b: Set<string>): { shared: number; similarity: number } {
  if (a.size === 0 || b.size === 0) return { shared: 0, similarity: 0 };
  let shared = 0;
  for (const lexeme of a) if (b.has(lexeme)) shared++;
  return { shared, similarity: shared / Math.sqrt(a.size * b.size) };
}

/**
 * Groups of at least two similar incidents, largest first (ties: the group with the earlier first member). Each group
 * is an incident and every later one still ungrouped that is similar to it: taking `incidents` newest first, a group
 * is the latest occurrence and the earlier ones it repeats. Not chained through intermediate incidents: on a service
 * where causes vary a little at a time, chains would join everything into one group. Members keep the order of
 * `incidents`. Quadratic in the number of incidents: callers pass a bounded recent history.
 */
export function groupSimilarCauses<T extends CauseTerms>(
  incidents: T[],
  { minSimilarity, minShared, maxTerms = 4 }: { minSimilarity: number; minShared: number; maxTerms?: number },
): RecurrenceGroup<T>[] {
  const sets = incidents.map((incident) => new Set(incident.lexemes));
  const grouped = new Set<number>();
  const groups: number[][] = [];
  for (let leader = 0; leader < incidents.length; leader++) {
    if (grouped.has(leader)) continue;
    const group = [leader];
    for (let other = leader + 1; other < incidents.length; other++) {
      if (grouped.has(other)) continue;
      const { shared, similarity } = causeSimilarity(sets[leader]!, sets[other]!);
      if (shared >= minShared && similarity >= minSimilarity) group.push(other);
    }
    if (group.length < 2) continue;
    for (const index of group) grouped.add(index);
    groups.push(group);
  }
  return groups
    .sort((a, b) => b.length - a.length || a[0]! - b[0]!)
    .map((group) => ({
      incidents: group.map((index) => incidents[index]!),
      terms: groupTerms(
        group.map((index) => incidents[index]!),
        maxTerms,
      ),
    }));
}

/** The lexemes most members share (at least half of them), spelled as a member wrote them; longer words first on ties. */
function groupTerms(group: CauseTerms[], maxTerms: number): string[] {
  const counts = new Map<string, number>();
  for (const incident of group) for (const lexeme of new Set(incident.lexemes)) counts.set(lexeme, (counts.get(lexeme) ?? 0) + 1);
  const spelled = (lexeme: string) => group.find((incident) => incident.words[lexeme])?.words[lexeme];
  return [...counts.entries()]
    .filter(([lexeme, count]) => count * 2 >= group.length && spelled(lexeme))
    .sort(([a, x], [b, y]) => y - x || b.length - a.length || a.localeCompare(b))
    .slice(0, maxTerms)
    .map(([lexeme]) => spelled(lexeme)!);
}
