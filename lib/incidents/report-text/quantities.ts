// Numbers as incident reports write them: "3.4 million", "2.4M", "~1.2k", "$45,000", "€12k", "USD 3,000",
// "2h 35m", "1 hour and 20 minutes", "23%", "900 rps". A sentence is read into quantities, each with its dimension,
// its value in one unit, where it stands and the qualifier written before it ("about", "~").
//
// What only looks like a number is not one: dates (2021-03-20, 3 March 2021), versions (v2.3.1, 2.3.1), clock
// times (14:05, 3 pm), ids (INC-1234, #1234), ports (:5432), HTTP codes (HTTP 503), ranges (3-4 hours).

export type Dimension = "money" | "time" | "percent" | "rate" | "count";

export type Quantity = {
  dimension: Dimension;
  /** in `unit`; magnitudes applied (3.4 million is 3400000), a compound duration summed (2h 35m is 155 min) */
  value: number;
  /** time: ms, µs, s, min, h, d; percent: %; money: the ISO 4217 code; rate: as written ("rps"); count: null */
  unit: string | null;
  /** where the number stands with its currency, magnitude and unit */
  start: number;
  end: number;
  /** the qualifier written just before it, normalised ("approximately" for about, roughly, ~ ...); null when none */
  qualifier: string | null;
  /** where the quantity begins with its qualifier */
  lead: number;
};

/** "hours" -> "[hH][oO]..." : unit words read whatever their case, while k/K, m/M stay apart. */
function caseless(words: string): string {
  return words.replace(/\\.|[a-z]/g, (c) => (c.length > 1 ? c : `[${c}${c.toUpperCase()}]`));
}

const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
// not part of a word, an id (INC-1234, #12), a date (2021-03-20), a version (2.3.1), a clock time or a port (:5432)
const NOT_AFTER_TEXT = String.raw`(?=\d)(?<![\p{L}\p{N}_.,:/#\-–—])(?<!(?:HTTP|PR|INC|[Ss]tatus|[Cc]ode|[Pp]ort|[Vv]ersion|[Bb]uild|[Rr]elease|[Ss]tep|[Pp]hase|[Tt]icket|[Ii]ssue|[Cc]ase|[Ii]ncident|[Rr]ef|[Nn]o\.|[Nn]umber)\s)`;
const NOT_BEFORE_TEXT = String.raw`(?![\p{L}\p{N}_]|[.,:/\-–—]\p{N})`;

const MAGNITUDES: [RegExp, number][] = [
  [/^(?:thousand|k)$/i, 3],
  [/^(?:million|mn|mm|m)$/i, 6],
  [/^(?:billion|bn|b)$/i, 9],
  [/^trillion$/i, 12],
];
const MAGNITUDE = String.raw`(?:\s?(?<magnitudeWord>${caseless("thousand|million|billion|trillion")})(?!\p{L})|(?<magnitude>MM|mn|bn|k|K|M|B|m)(?![\p{L}\p{N}]))`;

const CURRENCY_SYMBOLS: Record<string, string> = {
  $: "USD",
  US$: "USD",
  A$: "AUD",
  AU$: "AUD",
  C$: "CAD",
  CA$: "CAD",
  NZ$: "NZD",
  HK$: "HKD",
  S$: "SGD",
  R$: "BRL",
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  "₹": "INR",
  "₩": "KRW",
  "₽": "RUB",
  "₺": "TRY",
  "₪": "ILS",
};
const CURRENCY_CODES = "USD|EUR|GBP|JPY|CHF|CAD|AUD|NZD|CNY|HKD|SGD|INR|BRL|MXN|SEK|NOK|DKK|PLN|CZK|HUF|KRW|ZAR|TRY|RUB|ILS|AED|SAR|THB|IDR|PHP|TWD";
const CURRENCY_WORDS: [RegExp, string][] = [
  [/^(?:us\s+)?dollars?$/i, "USD"],
  [/^euros?$/i, "EUR"],
  [/^(?:pounds?(?:\s+sterling)?|quid)$/i, "GBP"],
  [/^yen$/i, "JPY"],
  [/^(?:swiss\s+)?francs?$/i, "CHF"],
  [/^rupees?$/i, "INR"],
  [/^(?:yuan|renminbi)$/i, "CNY"],
];
const SYMBOL = Object.keys(CURRENCY_SYMBOLS)
  .sort((a, b) => b.length - a.length)
  .map((s) => s.replace(/\$/g, "\\$"))
  .join("|");
const CURRENCY_WORD = caseless(String.raw`(?:us\s+)?dollars?|euros?|pounds?(?:\s+sterling)?|quid|yen|(?:swiss\s+)?francs?|rupees?|yuan|renminbi`);

const MONEY_BEFORE = new RegExp(
  String.raw`(?=[$€£¥₹₩₽₺₪A-Z])(?<![\p{L}\p{N}])(?:(?<symbol>${SYMBOL})\s?|(?<code>${CURRENCY_CODES})\s?)(?<number>${NUMBER})${MAGNITUDE}?${NOT_BEFORE_TEXT}`,
  "gu",
);
const MONEY_AFTER = new RegExp(
  String.raw`${NOT_AFTER_TEXT}(?<number>${NUMBER})${MAGNITUDE}?\s?(?:(?<code>${CURRENCY_CODES})|(?<symbol>[€£¥₹])|(?<currencyWord>${CURRENCY_WORD}))(?!\p{L})`,
  "gu",
);

const TIME_UNITS: [RegExp, string][] = [
  [/^(?:ms|msecs?|millis|milliseconds?)$/i, "ms"],
  [/^(?:µs|μs|microseconds?)$/i, "µs"],
  [/^(?:s|secs?|seconds?)$/i, "s"],
  [/^(?:m|mins?|minutes?)$/i, "min"],
  [/^(?:h|hrs?|hours?)$/i, "h"],
  [/^(?:d|days?)$/i, "d"],
  [/^(?:wks?|weeks?)$/i, "wk"],
];
const SECONDS: Record<string, number> = { µs: 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600, d: 86_400, wk: 604_800 };
// a lone "m" glued to a number is minutes ("35m", "45m outage") unless a plural noun follows ("2.4m emails": million)
const TIME_UNIT = String.raw`(?:${caseless("milliseconds?|millis|msecs?|microseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?")}|ms|µs|μs|s|m(?!\s+\p{L}[\p{L}-]*s\b)|h|d)(?!\p{L})`;
const TIME_PART = String.raw`${NUMBER}(?:\s?|-)${TIME_UNIT}`;
const TIME = new RegExp(String.raw`${NOT_AFTER_TEXT}${TIME_PART}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*)${TIME_PART})*${NOT_BEFORE_TEXT}`, "gu");
const TIME_PARTS = new RegExp(String.raw`(?<number>${NUMBER})(?:\s?|-)(?<unit>${TIME_UNIT})`, "gu");

const PERCENT = new RegExp(String.raw`${NOT_AFTER_TEXT}(?<number>${NUMBER})\s?(?:%|${caseless("percent|per cent")}(?!\p{L}))`, "gu");

const RATE_UNIT = String.raw`rps|qps|tps|rpm|req/s|reqs/s|req/sec|requests/s|requests/sec|requests per second|queries per second|transactions per second|requests per minute|msgs?/s|messages/s|messages per second|events/s|events per second`;
const RATE = new RegExp(String.raw`${NOT_AFTER_TEXT}(?<number>${NUMBER})${MAGNITUDE}?\s?(?<unit>${caseless(RATE_UNIT)})(?![\p{L}/])`, "gu");

const COUNT = new RegExp(String.raw`${NOT_AFTER_TEXT}(?<number>${NUMBER})${MAGNITUDE}?${NOT_BEFORE_TEXT}`, "gu");

const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`;
const MONTH_AFTER = new RegExp(String.raw`^\s*(?:of\s+)?${MONTH}(?!\p{L})`, "iu");
const MONTH_BEFORE = new RegExp(String.raw`(?<!\p{L})${MONTH}\s+$`, "iu");
const CLOCK_AFTER = /^\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|utc|gmt|[A-Z]{2,4}T)(?![\p{L}])/u;
const YEAR_CONTEXT = new RegExp(
  String.raw`(?:(?<!\p{L})(?:in|since|during|of|until|till|before|after|from|by|year|early|late|mid|fy|q[1-4])|${MONTH}(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?)\s+$`,
  "iu",
);
/** A day or year of a written date ("3 March", "March 3, 2021", "in 2021"), or a clock time ("3 pm", "9 CET"). */
function isDateOrClock(text: string, start: number, end: number, written: string): boolean {
  // only the last words before the number matter; a long sentence is not searched from its start each time
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(end, end + 40);
  if (/^\d{1,2}$/.test(written) && (MONTH_AFTER.test(after) || MONTH_BEFORE.test(before) || CLOCK_AFTER.test(after))) return true;
  return /^(?:19|20)\d\d$/.test(written) && YEAR_CONTEXT.test(before);
}

function scaled(written: string, groups: Record<string, string | undefined>): number {
  const magnitude = groups.magnitudeWord ?? groups.magnitude;
  const digits = written.replace(/,/g, "");
  if (!magnitude) return Number(digits);
  const exponent = MAGNITUDES.find(([pattern]) => pattern.test(magnitude))?.[1] ?? 0;
  // through the decimal text, so that 2.3 billion is 2300000000 and not 2299999999.9999995
  return Number(`${digits}e${exponent}`);
}

const QUALIFIER_BEFORE =
  /(?:^|[^\p{L}])(<=|>=|(?<![-=])<|(?<![-=])>|≤|≥|an estimated|just over|just under|well over|more than|less than|fewer than|at least|at most|up to|approximately|approx\.?|about|around|roughly|nearly|almost|over|under|circa|ca\.|some|estimated|est\.|~)\s*$/iu;
const APPROXIMATE = new Set(["approximately", "approx", "about", "around", "roughly", "~", "circa", "ca", "some"]);
const SIGNS: Record<string, string> = { "<": "less than", ">": "more than", "<=": "at most", "≤": "at most", ">=": "at least", "≥": "at least" };

/** The qualifier as the metric keeps it: about, roughly, ~ ... are "approximately"; nearly, over, up to ... as written. */
export function normalQualifier(written: string): string {
  const word = written.toLowerCase().replace(/\.$/, "").replace(/\s+/g, " ");
  if (APPROXIMATE.has(word)) return "approximately";
  if (SIGNS[word]) return SIGNS[word];
  if (word === "an estimated" || word === "est") return "estimated";
  return word;
}

function qualified(text: string, dimension: Dimension, value: number, unit: string | null, start: number, end: number): Quantity {
  const before = QUALIFIER_BEFORE.exec(text.slice(0, start));
  if (!before) return { dimension, value, unit, start, end, qualifier: null, lead: start };
  const lead = start - before[0].length + before[0].indexOf(before[1]);
  return { dimension, value, unit, start, end, qualifier: normalQualifier(before[1]), lead };
}

function timeValue(written: string): { value: number; unit: string; length: number } {
  let total = 0;
  let smallest = "";
  let length = 0;
  for (const part of written.matchAll(TIME_PARTS)) {
    const unit = TIME_UNITS.find(([pattern]) => pattern.test(part.groups!.unit))![1];
    // a compound duration goes from larger to smaller units ("2h 35m"); "15 minutes, 2 hours later" is two times
    if (smallest && SECONDS[unit] >= SECONDS[smallest]) break;
    total += Number(part.groups!.number.replace(/,/g, "")) * SECONDS[unit];
    smallest = unit;
    length = part.index + part[0].length;
  }
  const unit = smallest === "wk" ? "d" : smallest;
  return { value: Number((total / SECONDS[unit]).toPrecision(12)), unit, length };
}

type Span = { start: number; end: number };
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;

/** Every quantity in a sentence, in the order written; where two readings overlap, money, then time, then % ... wins. */
export function quantitiesIn(text: string): Quantity[] {
  if (!/\d/.test(text)) return [];
  const found: Quantity[] = [];
  const add = (q: Quantity) => {
    if (!found.some((other) => overlaps(other, q))) found.push(q);
  };
  for (const pattern of [MONEY_BEFORE, MONEY_AFTER]) {
    for (const m of text.matchAll(pattern)) {
      const g = m.groups!;
      const code = g.code ?? (g.symbol ? CURRENCY_SYMBOLS[g.symbol] : CURRENCY_WORDS.find(([p]) => p.test(g.currencyWord!.replace(/\s+/g, " ")))?.[1]);
      if (code) add(qualified(text, "money", scaled(g.number, g), code, m.index, m.index + m[0].length));
    }
  }
  const time = new RegExp(TIME.source, "gu");
  for (let m = time.exec(text); m; m = time.exec(text)) {
    const { value, unit, length } = timeValue(m[0]);
    add(qualified(text, "time", value, unit, m.index, m.index + length));
    time.lastIndex = m.index + length;
  }
  for (const m of text.matchAll(PERCENT)) add(qualified(text, "percent", Number(m.groups!.number.replace(/,/g, "")), "%", m.index, m.index + m[0].length));
  for (const m of text.matchAll(RATE)) {
    add(qualified(text, "rate", scaled(m.groups!.number, m.groups!), m.groups!.unit.toLowerCase(), m.index, m.index + m[0].length));
  }
  for (const m of text.matchAll(COUNT)) {
    if (isDateOrClock(text, m.index, m.index + m[0].length, m[0])) continue;
    add(qualified(text, "count", scaled(m.groups!.number, m.groups!), null, m.index, m.index + m[0].length));
  }
  return withSharedUnits(
    text,
    found.sort((a, b) => a.start - b.start),
  );
}

/** "from 120 to 4,200 ms", "from 0.1 to 23%": the old level is written without the unit the new one carries. */
function withSharedUnits(text: string, quantities: Quantity[]): Quantity[] {
  return quantities.map((q, i) => {
    const next = quantities[i + 1];
    if (q.dimension !== "count" || !next || next.dimension === "count" || q.value !== Number(text.slice(q.start, q.end).replace(/,/g, ""))) return q;
    const change = /\bfrom\s+$/i.test(text.slice(0, q.lead)) && /^\s*(?:to|->|→)\s*$/i.test(text.slice(q.end, next.lead));
    return change ? { ...q, dimension: next.dimension, unit: next.unit } : q;
  });
}
