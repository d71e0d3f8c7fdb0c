// Which of two numbers is the measurement and which the normal level it is compared with. A change is written
// old-to-new ("p99 climbed from 120 ms to 4.2 s", "120 ms -> 4.2 s"): the new one is the value. A comparison is
// written value-first ("4.2 s, up from 120 ms", "2.3s vs normal 180ms", "23% (baseline 0.1%)", "900 ms vs 120 ms
// normally"): the second one is the baseline.
import type { Quantity } from "@/lib/incidents/report-text/quantities";

export type Compared = {
  value: Quantity;
  baseline: Quantity | null;
  /** every quantity the comparison used (the value, the baseline, the step in "rose by 300 ms to 4.2 s") */
  uses: Quantity[];
};

const LEVEL = String.raw`(?:(?:a|an|the|its|their)\s+)?(?:(?:normal|usual|typical|baseline|expected|steady[- ]state|pre-incident)\s+(?:(?:level|value|rate)\s+)?)?(?:of\s+)?`;
/** "... from [the normal of] 120 ms" */
const FROM_BEFORE = new RegExp(String.raw`\bfrom\s+${LEVEL}$`, "i");
const BY_BEFORE = /\bby\s+$/i;
/** between the old and the new level: "120 ms to 4.2 s", "120 ms -> 4.2 s" */
const TO_BETWEEN = /^\s*(?:(?:up|down|all the way)\s+)?(?:to|->|→|=>|—>)\s*$/i;
const ARROW_BETWEEN = /^\s*(?:->|→|=>|—>)\s*$/;
/** between the value and its baseline: "4.2 s, up from 120 ms", "2.3s vs normal 180ms", "23% (baseline 0.1%)" */
const VERSUS_BETWEEN = new RegExp(
  // a few words may name what was measured first: "5% errors vs 0.2% normally", "1,900 orders lost vs 20 on a normal day"
  String.raw`^\s*(?:[\p{L}-]+[,;]?\s+){0,4}?\)?\s*[,;]?\s*\(?\s*(?:(?:up|down|rising|falling|climbing|dropping|increased|decreased)\s+)?` +
    String.raw`(?:from|vs\.?|versus|compared\s+(?:to|with)|against|instead\s+of|relative\s+to|` +
    String.raw`(?:where|when)\s+(?:it(?:'s|’s|\s+is)\s+)?(?:normally|usually|typically)|` +
    String.raw`(?:normally|usually|typically|ordinarily)(?:\s+(?:at|around|about|is))?|` +
    String.raw`(?:(?:a|an|the|its)\s+)?(?:normal|usual|typical|baseline|expected)(?:\s+(?:is|of|was|at|being))?)` +
    String.raw`\s*:?\s*${LEVEL}$`,
  "iu",
);

/**
 * The value `primary` stands for once the quantities around it are read: the new level when it is the old one of a
 * change, with the other as its baseline. `others` are the sentence's quantities of the same dimension still free.
 */
export function compared(text: string, primary: Quantity, others: Quantity[]): Compared {
  const next = others.find((q) => q.start >= primary.end);
  const previous = [...others].reverse().find((q) => q.end <= primary.lead);
  const startsChange = (q: Quantity) => FROM_BEFORE.test(text.slice(0, q.lead));
  const between = (a: Quantity, b: Quantity) => text.slice(a.end, b.lead);
  const upTo = (a: Quantity, b: Quantity) => b.qualifier === "up to" && !between(a, b).trim();
  const isChange = (a: Quantity, b: Quantity) => ARROW_BETWEEN.test(between(a, b)) || (startsChange(a) && (TO_BETWEEN.test(between(a, b)) || upTo(a, b)));

  if (previous && isChange(previous, primary)) return { value: primary, baseline: previous, uses: [previous, primary] };
  if (next && isChange(primary, next)) {
    const value = upTo(primary, next) ? { ...next, qualifier: null } : next;
    return { value, baseline: primary, uses: [primary, next] };
  }
  if (next && BY_BEFORE.test(text.slice(0, primary.lead)) && /^\s*to\s*$/i.test(between(primary, next))) {
    return { value: next, baseline: null, uses: [primary, next] };
  }
  if (next && VERSUS_BETWEEN.test(between(primary, next))) return { value: primary, baseline: next, uses: [primary, next] };
  return { value: primary, baseline: null, uses: [primary] };
}
