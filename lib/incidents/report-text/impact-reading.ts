// What the impact readers (impact-measures.ts, impact-amounts.ts) share: a sentence with the quantities not yet read
// into a metric, what a reader finds, and the small word helpers their labels are made with.
import type { Compared } from "@/lib/incidents/report-text/comparisons";
import type { Dimension, Quantity } from "@/lib/incidents/report-text/quantities";
import type { ImpactMetric } from "@/lib/incidents/schema";

export type Sentence = {
  /** the line as one line, emphasis markers removed */
  text: string;
  /** its quantities that no metric has taken yet, in the order written */
  free: Quantity[];
  /** all its quantities */
  all: Quantity[];
};

/** A metric read from a sentence (its statement is the sentence), and the quantities it took. */
export type Found = { metric: Omit<ImpactMetric, "id" | "statement" | "note">; uses: Quantity[] };

/** Reads one metric from the sentence's free quantities, or null. */
export type Reader = (sentence: Sentence) => Found | null;

export function freeOf(sentence: Sentence, dimension: Dimension): Quantity[] {
  return sentence.free.filter((q) => q.dimension === dimension);
}

/** The rate and latency readers say "at peak" when the sentence speaks of a peak and no qualifier is written. */
export function qualifierOrPeak(quantity: Quantity, sentence: string): string | null {
  if (quantity.qualifier) return quantity.qualifier;
  return /\b(?:at|during|during the|in) peak\b|\bpeak(?:ed| impact)?\b/i.test(sentence) ? "at peak" : null;
}

type Overrides = { unit?: string | null; baselineUnit?: string | null; qualifier?: string | null };

/** The metric a comparison gives: its value (and baseline) with their own units, unless the reader says otherwise. */
export function found(kind: ImpactMetric["kind"], label: string, pair: Compared, overrides: Overrides = {}): Found {
  const { value, baseline } = pair;
  return {
    metric: {
      kind,
      label,
      value: value.value,
      unit: "unit" in overrides ? (overrides.unit ?? null) : value.unit,
      baseline: baseline?.value ?? null,
      baselineUnit: "baselineUnit" in overrides ? (overrides.baselineUnit ?? null) : (baseline?.unit ?? null),
      qualifier: "qualifier" in overrides ? (overrides.qualifier ?? null) : value.qualifier,
    },
    uses: pair.uses,
  };
}

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A noun as it stands inside a phrase: "Orders" becomes "orders", "API calls" stays. */
export function uncapitalized(text: string): string {
  return /^\p{Lu}\p{Ll}*(?:\s|$)/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Words that end a noun phrase ("orders during the incident": "orders"). */
export const STOP_WORD =
  /^(?:and|or|but|nor|to|from|for|due|because|as|after|before|during|while|when|whereas|with|without|which|that|who|were|was|are|is|be|been|being|had|has|have|got|in|on|at|by|of|per|over|across|within|into|than|the|a|an|this|these|those|we|our|they|their|it|its|you|your|all|each|every|some|any|no|not|still|also|only|then|there|here|so|if|until|about|around|roughly|approximately|nearly|almost|overall|total|since)$/i;

/** The words right after `at`, up to `max`, that can make a noun phrase; stops at punctuation and linking words. */
export function nounPhraseAt(text: string, at: number, max = 4): { phrase: string; end: number } | null {
  const words: string[] = [];
  let end = at;
  const word = /^\s+([\p{L}][\p{L}\p{N}'’&/-]*)/u;
  for (let m = word.exec(text.slice(end)); m && words.length < max; m = word.exec(text.slice(end))) {
    if (STOP_WORD.test(m[1]) || (words.length > 0 && /ed$/i.test(m[1]))) break;
    words.push(m[1]);
    end += m[0].length;
  }
  return words.length ? { phrase: words.join(" "), end } : null;
}
