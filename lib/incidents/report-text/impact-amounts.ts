// Readers of the amounts an impact section states: counts of things ("roughly 3.4 million API calls failed"),
// money ("$45,000 in refunds") and how long something was down or degraded ("down for 2h 35m").
import { compared } from "@/lib/incidents/report-text/comparisons";
import { capitalized, found, freeOf, nounPhraseAt, STOP_WORD, uncapitalized, type Found, type Sentence } from "@/lib/incidents/report-text/impact-reading";
import type { Quantity } from "@/lib/incidents/report-text/quantities";

// ---------------------------------------------------------------------------------------------------------------
// Counts

/** What happened to the things counted, after them: "orders lost", "API calls failed", "websites were unreachable". */
const HAPPENED =
  "failed|lost|dropped|delayed|rejected|declined|stuck|duplicated|double[- ]charged|charged twice|billed twice|sent twice|processed twice|" +
  "timed out|errored(?: out)?|missed|bounced|deferred|discarded|corrupted|deleted|purged|skipped|orphaned|queued|retried|throttled|blocked|" +
  "cancell?ed|abandoned|refunded|undelivered|unprocessed|unanswered|misrouted|affected|impacted|restarted|crashed|evicted|killed|OOM-killed|" +
  "expired|invalidated|logged out|signed out|overcharged|backed up|piled up|dead-lettered|returned (?:errors|5xx|500s)|" +
  "hung|froze|broke|went down|went offline|fell over|came in|ran out|shut down|" +
  "unreachable|unavailable|offline|down|inaccessible|missing|unusable|broken|unresponsive|read-only|out of sync|" +
  "delivered|processed|sent|received|indexed|synced|billed|charged|answered|handled|served|completed|loaded|" +
  // any other verb in the past tense ("builds waited", "tickets arrived")
  String.raw`\p{L}+ed`;
const AUXILIARY = "were|was|got|have been|had been|has been|are|is|remained|stayed|went|were not|weren't|was not|wasn't|could not be|couldn't be|never got|not";
const HAPPENED_AFTER = new RegExp(String.raw`^\s+(?:(${AUXILIARY})\s+)?(${HAPPENED})(?![\p{L}-])`, "iu");
const HAPPENED_ALONE = new RegExp(String.raw`^(?:${HAPPENED})$`, "iu");
const NOT_THE_THINGS = new RegExp(String.raw`^(?:${HAPPENED}|duplicate|total|number|count|of|the|max|maximum|min|minimum|peak|average|avg|mean)$`, "iu");
/** Words that only say what happened when something negates them ("not delivered"), never alone. */
const NEEDS_NEGATION = /^(?:delivered|processed|sent|received|indexed|synced|billed|charged|answered|handled|served|completed|loaded)$/i;
/** "API requests to the storage service failed": where the things were, between them and what happened to them */
const PLACE = /^\s+(?:to|from|in|on|at|for|into|through|via|across|against|behind)(?=\s)/i;
const PLACE_WORD = /^\s+[\p{L}\p{N}'’.&/-]+/u;

function happenedAfterPlace(text: string, at: number): string | null {
  const place = PLACE.exec(text.slice(at));
  if (!place) return null;
  let end = at + place[0].length;
  for (let words = 0; words < 5; words++) {
    const word = PLACE_WORD.exec(text.slice(end));
    if (!word) return null;
    end += word[0].length;
    const happened = happenedAt(text, end);
    if (happened) return happened;
  }
  return null;
}

/** What happened, before the things counted: "lost 1,900 orders", "could not process 300 payments", "were lost: 5,000 projects". */
const DONE_BEFORE = new RegExp(
  String.raw`(?:^|[^\p{L}])(lost|dropped|rejected|declined|delayed|missed|failed|duplicated|deleted|purged|discarded|corrupted|refunded|cancell?ed|throttled|blocked|bounced|affected|affecting|impacted|impacting|double-charged|overcharged|` +
    String.raw`(?:could not|couldn't|failed to|were unable to|was unable to|did not|didn't|never) (?:process|deliver|send|handle|serve|complete|sync|ingest|index|bill|charge|load)|\p{L}+ed)\s*:?\s+(?:(?:a total of|an extra|another)\s+)?$`,
  "iu",
);
const PARTICIPLE: Record<string, string> = {
  affecting: "affected",
  impacting: "impacted",
  process: "processed",
  deliver: "delivered",
  send: "sent",
  handle: "handled",
  serve: "served",
  complete: "completed",
  sync: "synced",
  ingest: "ingested",
  index: "indexed",
  bill: "billed",
  charge: "charged",
  load: "loaded",
};

/** What happened, as an adjective before the things: "3.4M failed API calls", "90 duplicate charges". */
const STATE_BEFORE_NOUN = new RegExp(
  String.raw`^\s+(failed|lost|dropped|delayed|duplicate|duplicated|stuck|missed|rejected|declined|undelivered|unprocessed|errored|orphaned|corrupted|cancell?ed|abandoned|bounced|timed-out|misrouted|refunded|failing|erroring)(?!\p{L})`,
  "iu",
);

/** Words that name a unit rather than things counted ("3 GB of data", "5 x faster"). */
const NOT_THINGS =
  /^(?:[KMGTP]i?B|bytes?|bits?|[kMG]bps|x|times|percent|ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|months?|years?|am|pm|utc|gmt|of|to|and|or|more|less|fewer|out)$/i;
const LABEL_NOT_A_COUNT =
  /\b(?:port|version|build|release|ticket|incident|case|ref(?:erence)?|id|number|no|pr|issue|commit|sev(?:erity)?|priority|status|code|http|year|date|time|day|zone|region|line|step|phase|level|tier|page|room|ext|phone|note|notes|comment|summary|impact|details?|description|update|context|background|cause|action|owner)\b/i;
const FIELD_LABEL = /^\s*([\p{L}][\p{L}\p{N} '’&/()-]{0,60}?)\s*[:=]\s*$/u;
/** After the number of a "Label: number" line: nothing more than a remark in parentheses or the end of a clause. */
const FIELD_END = /^\s*(?:[.;,(]|$)/;

function things(text: string, at: number): { phrase: string; end: number } | null {
  const phrase = nounPhraseAt(text, at);
  if (!phrase || NOT_THINGS.test(phrase.phrase.split(" ")[0])) return null;
  return phrase;
}

type Counted = { label: string; unit: string; uses: Quantity[] };

/** What happened, read after the things: "... orders lost", "... websites were unreachable"; null when none follows. */
function happenedAt(text: string, at: number): string | null {
  const happened = HAPPENED_AFTER.exec(text.slice(at));
  if (!happened) return null;
  const negated = /not|n't|never/i.test(happened[1] ?? "");
  if (NEEDS_NEGATION.test(happened[2]) && !negated) return null;
  return `${negated ? "not " : ""}${happened[2].toLowerCase()}`;
}

/**
 * "1,900 orders lost", "roughly 3.4 million API calls failed", "12k messages were dropped", "About 2,300 of our 3,100
 * Windows laptops crashed" (the total is taken with the count, not read as a fact of its own).
 */
function thingsThenHappened(text: string, q: Quantity, all: Quantity[]): Counted | null {
  const uses = [q];
  let at = q.end;
  const total = all.find((t) => t.dimension === "count" && t.lead >= at && /^\s+of\s+(?:(?:our|the|their|its|all)\s+)?$/i.test(text.slice(at, t.lead)));
  if (total) {
    uses.push(total);
    at = total.end;
  }
  const word = /^\s+([\p{L}][\p{L}\p{N}'’&/-]*)/u;
  const nouns: string[] = [];
  for (let m = word.exec(text.slice(at)); m && nouns.length < 4; m = word.exec(text.slice(at))) {
    if (nouns.length) {
      const happened = happenedAt(text, at) ?? happenedAfterPlace(text, at);
      if (happened) return { label: `${capitalized(nouns.join(" "))} ${happened}`, unit: uncapitalized(nouns.join(" ")), uses };
    }
    if (STOP_WORD.test(m[1]) || (!nouns.length && NOT_THINGS.test(m[1]))) return null;
    nouns.push(m[1]);
    at += m[0].length;
  }
  return null;
}

/** The verb written before a count, or before the list it is part of ("were lost: about 5,000 projects, roughly 5,000 comments"). */
function doneBefore(text: string, q: Quantity, all: Quantity[]): string | null {
  const done = DONE_BEFORE.exec(text.slice(0, q.lead));
  if (done) return done[1];
  const previous = [...all].reverse().find((p) => p.end <= q.lead);
  const listed = previous && /^\s+[\p{L}][^,;.:\d]*?(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)$/u.test(text.slice(previous.end, q.lead));
  return listed ? doneBefore(text, previous, all) : null;
}

/** "lost 1,900 orders", "could not process 300 payments", "deleted 883 sites and 40 databases" */
function happenedThenThings(text: string, q: Quantity, all: Quantity[]): Counted | null {
  const done = doneBefore(text, q, all);
  const noun = done && things(text, q.end);
  if (!done || !noun) return null;
  const words = done.toLowerCase().split(" ");
  const verb = words[words.length - 1];
  const negated = words.length > 1;
  if (NEEDS_NEGATION.test(PARTICIPLE[verb] ?? verb) && !negated) return null;
  return { label: `${capitalized(noun.phrase)} ${negated ? "not " : ""}${PARTICIPLE[verb] ?? verb}`, unit: uncapitalized(noun.phrase), uses: [q] };
}

/** "3.4M failed API calls", "90 duplicate charges" */
function stateThenThings(text: string, q: Quantity): Counted | null {
  const state = STATE_BEFORE_NOUN.exec(text.slice(q.end));
  const noun = state && things(text, q.end + state[0].length);
  if (!state || !noun) return null;
  return { label: `${capitalized(state[1].toLowerCase())} ${noun.phrase}`, unit: uncapitalized(noun.phrase), uses: [q] };
}

/** "Orders lost: 1,900", "Failed API calls: ~3.4M", "Support tickets: about 90" */
function fieldThenNumber(text: string, q: Quantity): { label: string; unit: string | null; uses: Quantity[] } | null {
  const field = FIELD_LABEL.exec(text.slice(0, q.lead));
  if (!field || LABEL_NOT_A_COUNT.test(field[1])) return null;
  const label = field[1].trim();
  const written = things(text, q.end);
  if (!FIELD_END.test(text.slice(written?.end ?? q.end))) return null;
  if (written) {
    // "Lost: 1,900 orders" reads as "Orders lost"
    const lone = HAPPENED_ALONE.test(label);
    return { label: lone ? `${capitalized(written.phrase)} ${label.toLowerCase()}` : label, unit: uncapitalized(written.phrase), uses: [q] };
  }
  const nouns = label
    .split(/\s+/)
    .filter((w) => !NOT_THE_THINGS.test(w))
    .join(" ");
  return { label, unit: nouns ? uncapitalized(nouns) : null, uses: [q] };
}

/** A number of things and what happened to them: kind COUNT, unit the things as written. */
export function count(sentence: Sentence): Found | null {
  const { text } = sentence;
  const counts = freeOf(sentence, "count");
  for (const q of counts) {
    const read = thingsThenHappened(text, q, sentence.all) ?? happenedThenThings(text, q, sentence.all) ?? stateThenThings(text, q) ?? fieldThenNumber(text, q);
    if (read) {
      const pair = compared(text, q, counts);
      const taken = { ...pair, uses: [...pair.uses, ...read.uses.filter((u) => !pair.uses.includes(u))] };
      return found("COUNT", read.label, taken, { unit: read.unit, baselineUnit: pair.baseline ? read.unit : null });
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Money

const NAME_OF_VERB: Record<string, string> = {
  refunded: "Refunds",
  credited: "Credits",
  "paid out": "Payouts",
  "written off": "Written off",
  "wrote off": "Written off",
  "double-charged": "Double charges",
};
const MONEY_VERB = String.raw`refunded|credited|lost|spent|paid out|paid|owed|written off|wrote off|waived|overcharged|double-charged|charged`;
const MONEY_VERB_AFTER = new RegExp(String.raw`^\s+(?:(?:was|were|has been|had been)\s+)?(${MONEY_VERB})(?!\p{L})`, "iu");
const MONEY_VERB_BEFORE = new RegExp(String.raw`(?:^|[^\p{L}])(${MONEY_VERB})\s+(?:(?:customers|users|clients|merchants)\s+)?$`, "iu");

function moneyLabel(text: string, q: Quantity): string {
  const after = text.slice(q.end);
  // "$45,000 in refunds", "€12k of SLA credits", "£1.2 million in lost revenue"
  const preposition = /^\s+(?:in|of|worth of|for)(?=\s)/i.exec(after);
  const named =
    preposition &&
    nounPhraseAt(
      text.replace(/\b(?:the|a|an)\s/gi, (m) => " ".repeat(m.length)),
      q.end + preposition[0].length,
    );
  if (named) return capitalized(named.phrase);
  const field = FIELD_LABEL.exec(text.slice(0, q.lead));
  if (field) return capitalized(field[1].trim());
  const verbAfter = MONEY_VERB_AFTER.exec(after);
  const verbBefore = MONEY_VERB_BEFORE.exec(text.slice(0, q.lead));
  const verb = (verbAfter ?? verbBefore)?.[1].toLowerCase();
  if (verb) return NAME_OF_VERB[verb] ?? capitalized(verb);
  if (/\bcost(?:s|ing)?\s+(?:us\s+|the company\s+)?$/i.test(text.slice(0, q.lead))) return "Cost";
  // "$12k revenue impact"
  const noun = nounPhraseAt(text, q.end, 3);
  if (noun) return capitalized(noun.phrase);
  // "refunds totalled $45,000", "revenue impact of $1.2M", "lost revenue was about $45k"
  const before =
    /([\p{L}][\p{L}'’&/-]*(?:\s+[\p{L}][\p{L}'’&/-]*){0,3})\s+(?:of|totall?ed|totaling|totalling|came to|amounted to|reached|was|were|is|are|estimated at|at)\s+$/u.exec(
      text.slice(0, q.lead),
    );
  if (before) {
    const words = before[1].split(/\s+/);
    while (words.length && STOP_WORD.test(words[0])) words.shift();
    if (words.length) return capitalized(words.join(" "));
  }
  return "Amount";
}

/** "$45,000 in refunds", "€12k of SLA credits", "USD 3,000", "£1.2 million": kind MONEY, unit the ISO code. */
export function money(sentence: Sentence): Found | null {
  const amounts = freeOf(sentence, "money");
  if (!amounts.length) return null;
  const pair = compared(sentence.text, amounts[0], amounts);
  return found("MONEY", moneyLabel(sentence.text, amounts[0]), pair);
}

// ---------------------------------------------------------------------------------------------------------------
// Durations

const STATE = String.raw`(?:(?:hard|completely|fully|totally|entirely|partially|largely|mostly)\s+)?(?:down|offline|unavailable|unreachable|inaccessible|degraded|impaired|read-only|unresponsive|out of service|dark|frozen|without(?:\s+[\p{L}'’-]+){1,3})`;
/** "down for 3 hours", "degraded for 2h 35m", "unavailable for a total of 80 minutes" */
const STATE_FOR = new RegExp(
  String.raw`(?<!(?:slowed|scaled|spun|cooled|wound|turned|backed|narrowed|dialed|dialled|ramped|broken|calmed|settled)\s)(?:^|[^\p{L}])(${STATE})\s+(?:for|during)\s+(?:(?:a total of|the (?:next|first))\s+)?$`,
  "iu",
);
const OUTAGE = String.raw`(?:(?:total|full|complete|partial|hard|customer-facing|user-facing)\s+)?(?:outage|downtime|degradation|disruption|interruption|unavailability|impact|incident|maintenance window|degraded (?:service|performance))`;
/** "an outage of 45 minutes", "the outage lasted 47 minutes", "Total downtime: 3 hours" */
const OUTAGE_THEN = new RegExp(
  String.raw`(?:^|[^\p{L}])(${OUTAGE})\s*(?:(?:of|lasting|lasted(?:\s+for)?|that lasted|which lasted|was|totall?ed|totaling|came to|ran for)\s+|[:=—–]\s*)(?:(?:a total of)\s+)?$`,
  "iu",
);
/** "3 hours of downtime", "a 45-minute outage" */
const THEN_OUTAGE = new RegExp(String.raw`^\s*(?:-?\s*long\s+)?(?:of\s+)?(${OUTAGE})(?!\p{L})`, "iu");

/** "Downtime: 2h 35m", "Time to detect: 12 minutes", "Duration: 47 minutes (14:23 - 15:10 UTC)" */
const DURATION_FIELD =
  /duration|downtime|outage|degrad|disruption|interruption|unavailab|impact|window|lasted|length|\btime to\b|\bmtt[adrm]\b|\btt[adrm]\b|detect|mitigat|resol|recover/i;

function durationLabel(words: string): string {
  const w = words.toLowerCase();
  if (/partial/.test(w) && /outage|unavailab/.test(w)) return "Partial outage";
  if (/degrad|impaired|partially|largely|mostly/.test(w)) return "Degraded for";
  if (/read-only/.test(w)) return "Read-only for";
  if (/disruption|interruption/.test(w)) return "Disruption";
  if (/maintenance window/.test(w)) return "Maintenance window";
  if (/\bimpact\b/.test(w)) return "Impact duration";
  if (/\bincident\b/.test(w)) return "Incident duration";
  return "Downtime";
}

/** How long a service was down or degraded: kind DURATION, in the smallest unit written (2h 35m is 155 min). */
export function duration(sentence: Sentence): Found | null {
  const { text } = sentence;
  const times = freeOf(sentence, "time");
  for (const q of times) {
    const before = text.slice(0, q.lead);
    const named = STATE_FOR.exec(before) ?? OUTAGE_THEN.exec(before) ?? THEN_OUTAGE.exec(text.slice(q.end));
    const field = named ? null : FIELD_LABEL.exec(before);
    if (field && (!DURATION_FIELD.test(field[1]) || !FIELD_END.test(text.slice(q.end)))) continue;
    if (named || field) {
      const label = named ? durationLabel(named[1]) : capitalized(field![1].trim());
      return found("DURATION", label, compared(text, q, times));
    }
  }
  return null;
}
