// Readers of the measurements an impact section gives as rates and levels: latency ("p95: 2.3s vs normal 180ms",
// "p99 climbed from 120 ms to 4.2 s"), error rate, availability, users affected, delays and throughput. Each takes
// the quantities its words point at; comparisons.ts says which is the value and which the baseline.
import { compared } from "@/lib/incidents/report-text/comparisons";
import { capitalized, found, freeOf, qualifierOrPeak, STOP_WORD, uncapitalized, type Found, type Sentence } from "@/lib/incidents/report-text/impact-reading";
import { quantitiesIn } from "@/lib/incidents/report-text/quantities";

const CHANGE_VERB = String.raw`(?:rose|climbed|went|jumped|increased|spiked|grew|surged|soared|dropped|fell|sank|declined|decreased|improved|degraded|doubled|tripled|reached|hit|peaked at|sat at|stood at|hovered at|hovered around)`;
const LEAD_IN = String.raw`\s*(?::|=)?\s*(?:(?:of|at|was|were|is|are|${CHANGE_VERB})\s+)?(?:\w+ly\s+)?(?:(?:up|down)\s+)?(?:(?:from|to|by)\s+)?`;

const PERCENTILE = String.raw`p\d{2,3}(?:\.\d+)?|median|mean|average|avg`;
const LATENCY_NOUN = String.raw`latenc(?:y|ies)|response times?|render times?|load times?|time to first byte|ttfb|round[- ]trip times?|rtt|query times?`;
const PERCENTILE_LEAD = new RegExp(String.raw`\b(${PERCENTILE})\b\s*(?:latency|latencies|response times?)?${LEAD_IN}`, "gi");
const PERCENTILE_WORD = new RegExp(String.raw`^(?:${PERCENTILE})$`, "i");
const PERCENTILE_IN_PARENTHESES = new RegExp(String.raw`^\s*\((${PERCENTILE})\)`, "i");
const PERCENTILE_AFTER = new RegExp(String.raw`^\s*(${PERCENTILE})\b`, "i");
const LATENCY_NAMES = new RegExp(String.raw`\b(?:${LATENCY_NOUN})\b`, "giu");
const LATENCY_NAME = new RegExp(String.raw`\b(?:${LATENCY_NOUN})\b`, "iu");

/** "p95: 2.3s", "p99 climbed from 120 ms to 4.2 s", "median latency of 900 ms" */
export function percentileLatency(sentence: Sentence): Found | null {
  const { text } = sentence;
  const times = freeOf(sentence, "time");
  for (const m of text.matchAll(PERCENTILE_LEAD)) {
    const primary = times.find((q) => q.lead === m.index + m[0].length);
    if (primary) {
      const pair = compared(text, primary, times);
      return found("LATENCY", `${m[1].toLowerCase()} latency`, pair, { qualifier: qualifierOrPeak(pair.value, text) });
    }
  }
  return null;
}

/** Words that describe the latency rather than name what was measured ("significant latency"). */
const NOT_MEASURED =
  /^(?:significant|high|higher|elevated|increased|severe|poor|slow|slower|big|large|huge|extra|additional|overall|typical|normal|showed|saw|had|experienced|degraded|bad|worse)$/i;

/** "Latency", "Cluster write latency", "p99 page render time", "median time to first byte", "p95 product page load time" */
function measuredName(text: string, noun: RegExpExecArray | RegExpMatchArray): string {
  const words: string[] = [];
  let percentile: string | null = null;
  const before = text.slice(0, noun.index).split(/\s+/).filter(Boolean).reverse();
  for (const word of before.slice(0, 3)) {
    if (PERCENTILE_WORD.test(word)) {
      percentile = word;
      break;
    }
    if (!/^[\p{L}][\p{L}\p{N}-]*$/u.test(word) || STOP_WORD.test(word) || NOT_MEASURED.test(word) || /(?:ed|ly)$/i.test(word)) break;
    words.unshift(word);
  }
  const after = PERCENTILE_IN_PARENTHESES.exec(text.slice(noun.index! + noun[0].length));
  percentile ??= after?.[1] ?? null;
  const name = [...words, noun[0]].join(" ");
  return percentile ? `${percentile.toLowerCase()} ${uncapitalized(name)}` : capitalized(name);
}

/** "Latency rose from 200 ms to 2 s", "p99 page render time climbed from 180 ms to 2.9 s": the time right after the name. */
export function latency(sentence: Sentence): Found | null {
  const { text } = sentence;
  const times = freeOf(sentence, "time");
  for (const m of text.matchAll(LATENCY_NAMES)) {
    const after = m.index + m[0].length;
    const primary = times.find((q) => q.lead >= after);
    const between = primary ? text.slice(after, primary.lead) : "";
    if (!primary || between.length > 80 || /[.!?;]\s/.test(between) || sentence.all.some((q) => q.start >= after && q.end <= primary.lead)) continue;
    const pair = compared(text, primary, times);
    return found("LATENCY", measuredName(text, m), pair, { qualifier: qualifierOrPeak(pair.value, text) });
  }
  return null;
}

/** A sentence about latency whose time is elsewhere ("4.2 s p99 latency"): its first time that is not a span ("for 20 minutes"). */
export function latencyAnywhere(sentence: Sentence): Found | null {
  const { text } = sentence;
  const noun = LATENCY_NAME.exec(text);
  if (!noun) return null;
  const times = freeOf(sentence, "time");
  const primary = times.find((q) => !/\b(?:for|lasting|within|after)\s+$/i.test(text.slice(0, q.lead)));
  if (!primary) return null;
  const pair = compared(text, primary, times);
  // "4.2 s p99 latency"
  const percentile = PERCENTILE_AFTER.exec(text.slice(pair.value.end));
  const label = percentile ? `${percentile[1].toLowerCase()} latency` : measuredName(text, noun);
  return found("LATENCY", label, pair, { qualifier: qualifierOrPeak(pair.value, text) });
}

const ERROR_AFTER = new RegExp(
  String.raw`^\s*(?:of\s+(?:(?:all|the|our)\s+)?(?:[\p{L}\p{N}-]+\s+){0,2}?(?:requests|calls|queries|transactions|connections|checkouts|payments|jobs|builds|deploys|deployments|logins|messages|lookups|writes|reads)\s+(?:(?:to|from|in|on)\s+(?:[\p{L}\p{N}-]+\s+){0,3}?)?(?:(?:were|was|had)\s+)?)?(?:errors?|error rate|failures?|failure rate|5xx|failed|errored|timed out|returned (?:an\s+)?(?:errors?|5xx))`,
  "iu",
);
const ERROR_BEFORE = new RegExp(String.raw`(?:errors?|failures?|5xx)(?:\s+rate)?${LEAD_IN}$`, "i");

/** "23% error rate", "error rate rose from 0.1% to 23%", "Error rate: 23% (baseline 0.1%)" */
export function errorRate(sentence: Sentence): Found | null {
  const { text } = sentence;
  const percents = freeOf(sentence, "percent");
  const primary = percents.find((q) => ERROR_AFTER.test(text.slice(q.end))) ?? percents.find((q) => ERROR_BEFORE.test(text.slice(0, q.lead)));
  if (!primary) return null;
  const pair = compared(text, primary, percents);
  return found("ERROR_RATE", "Error rate", pair, { qualifier: qualifierOrPeak(pair.value, text) });
}

const AVAILABILITY_WORD = String.raw`(availability|uptime|success rate)`;
const AVAILABILITY_AFTER = new RegExp(String.raw`^\s*${AVAILABILITY_WORD}\b`, "i");
const AVAILABILITY_BEFORE = new RegExp(String.raw`\b${AVAILABILITY_WORD}${LEAD_IN}$`, "i");

/** "99.2% availability", "availability dropped from 99.99% to 97.2%" */
export function availability(sentence: Sentence): Found | null {
  const { text } = sentence;
  const percents = freeOf(sentence, "percent");
  for (const q of percents) {
    const word = AVAILABILITY_AFTER.exec(text.slice(q.end)) ?? AVAILABILITY_BEFORE.exec(text.slice(0, q.lead));
    if (word) {
      const pair = compared(text, q, percents);
      return found("AVAILABILITY", capitalized(word[1].toLowerCase()), pair, { qualifier: qualifierOrPeak(pair.value, text) });
    }
  }
  return null;
}

const PEOPLE = /^(?:users|customers|accounts|members|tenants|merchants|subscribers)$/i;
const AFFECTED =
  /\b(?:affected|affecting|impacted|impacting|experienced|saw|unable|could not|couldn't|cannot|can't|failed|lost access|locked out|logged out)\b/i;

/** "users" in "4,200 users", "45 million daily users", "1.2k paying customers": the people noun after a count. */
function peopleAfter(text: string, at: number): string | null {
  const words =
    text
      .slice(at)
      .match(/^(?:\s+[\p{L}][\p{L}-]*){1,3}/u)?.[0]
      .trim()
      .split(/\s+/) ?? [];
  for (const word of words) {
    if (PEOPLE.test(word)) return word.toLowerCase();
    if (STOP_WORD.test(word)) return null;
  }
  return null;
}

/** "Approximately 4,200 users affected", "~1.2k customers affected", "1.2 million users could not log in" */
export function usersAffected(sentence: Sentence): Found | null {
  const { text } = sentence;
  if (!AFFECTED.test(text)) return null;
  const counts = freeOf(sentence, "count");
  for (const q of counts) {
    const noun = peopleAfter(text, q.end);
    if (noun) {
      const pair = compared(text, { ...q, value: Math.round(q.value) }, counts);
      return found("USERS_AFFECTED", `${capitalized(noun)} affected`, pair, {
        unit: noun,
        baselineUnit: pair.baseline ? noun : null,
        qualifier: qualifierOrPeak(pair.value, text),
      });
    }
  }
  return null;
}

/** "Background job processing delayed by approximately 15 minutes", "replication lag went from 2 s to 15 min" */
export function delay(sentence: Sentence): Found | null {
  const { text } = sentence;
  const times = freeOf(sentence, "time");
  for (const m of text.matchAll(/\b(delayed|delays?|lagged|lagging|backlogged|lag)\b/gi)) {
    const after = m.index + m[0].length;
    const primary = times.find((q) => q.lead >= after && !/\d/.test(text.slice(after, q.lead)));
    if (!primary) continue;
    const pair = compared(text, primary, times);
    const subject = subjectBefore(text, m.index);
    const noun = m[1].toLowerCase() === "lag" ? "lag" : "delay";
    return found("DELAY", subject ? `${subject} ${noun}` : capitalized(noun), pair, { qualifier: qualifierOrPeak(pair.value, text) });
  }
  return null;
}

/** The words before a verb, without the numbers in them: "2.4M emails were" -> "Emails". */
function subjectBefore(text: string, at: number): string {
  let subject = text.slice(0, at);
  for (const q of [...quantitiesIn(subject)].reverse()) subject = subject.slice(0, q.lead) + subject.slice(q.end);
  subject = subject
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\b(?:was|were|is|are|got|had|saw|experienced)$/i, "")
    .trim();
  return capitalized(subject);
}

/** "900 rps", "throughput fell from 900 rps to 120 rps" */
export function throughput(sentence: Sentence): Found | null {
  const rates = freeOf(sentence, "rate");
  if (!rates.length) return null;
  const pair = compared(sentence.text, rates[0], rates);
  return found("THROUGHPUT", "Throughput", pair, { qualifier: qualifierOrPeak(pair.value, sentence.text) });
}
