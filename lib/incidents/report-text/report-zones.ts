// How one report's written zones are read: each abbreviation gets one meaning for the whole report (the zone chosen
// for the import when it is one of the candidates, else the most likely), an ambiguous one becomes a question for
// the preview, and an abbreviation written out of season ("CET" in July) is read as the local clock and said so.
import { guessed, type ImportGuess, type Reading, type TimeZoneQuestion } from "@/lib/incidents/report-text/draft";
import { isoDay } from "@/lib/incidents/report-text/shared-formats";
import { type Zone, type ZoneReader, zoneOfTimeZone } from "@/lib/incidents/report-text/written-times";
import { formatUtcOffset, pickZoneMeaning, type ZoneMeaning, zoneMeaningLabel } from "@/lib/time/zone-abbreviations";
import { readZoneDescription, readZoneStatement, readZoneToken, type ZonePhrase } from "@/lib/time/zone-phrase";
import { wallClockAt, zoneOffsetAt } from "@/lib/time/zone";

/** A phrase read into the zone times are computed in and the IANA zone the report is shown in (null: not one). */
export type ReadZone = {
  zone: Zone;
  display: string | null;
  phrase: ZonePhrase;
  /** for people: "UTC+2", "Europe/Paris", "Central Europe (CET, UTC+1)" */
  label: string;
};

/** What an abbreviation means in this report, and what was said about it when it was ambiguous. */
type Decision = { meaning: ZoneMeaning; zone: string; said?: { guess: ImportGuess; say: string; question: TimeZoneQuestion | null } };

const UTC: Zone = { kind: "offset", minutes: 0 };

function listOf(words: string[]): string {
  return words.length < 3 ? words.join(" or ") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

export class ReportZones implements ZoneReader {
  private readonly decisions = new Map<string, Decision>();
  private readonly looseNoted = new Set<string>();

  constructor(
    /** the zone chosen for the import (canonical IANA name), or null */
    readonly option: string | null,
    private readonly reading: Pick<Reading, "warnings" | "guesses" | "questions">,
  ) {}

  token(written: string, line: number | null): Zone | null {
    const phrase = readZoneToken(written);
    return phrase ? this.read(phrase, line).zone : null;
  }

  /**
   * The zone a line states ("All times CET", "Times in PDT.") or, with `describesZone`, the zone in words known to be
   * about it (a "Time zone" value, a heading's parenthesis: "Europe/Paris (times are local)", "2021-03-03, all times
   * CET"); null when none is named.
   */
  stated(text: string, line: number | null, describesZone = false): ReadZone | null {
    const phrase = describesZone
      ? (readZoneDescription(text) ?? text.split(/\s*[,;]\s*/).reduce<ZonePhrase | null>((found, part) => found ?? readZoneDescription(part), null))
      : readZoneStatement(text);
    return phrase ? this.read(phrase, line) : null;
  }

  statedChange(text: string, line: number, describesZone = false): ReadZone | null {
    const read = this.stated(text, line, describesZone);
    if (read && (read.phrase.kind === "abbreviation" || (read.phrase.kind === "offset" && read.phrase.minutes !== 0))) {
      guessed(this.reading, "timeZone", line, `Line ${line}: times after this line were read as ${read.label}, from "${text.trim().replace(/\.$/, "")}".`);
    }
    return read;
  }

  /** The zone a phrase names; an abbreviation's meaning is decided (and questioned) once per report. */
  read(phrase: ZonePhrase, line: number | null): ReadZone {
    if (phrase.kind === "offset") {
      const utc = phrase.minutes === 0;
      return { zone: utc ? UTC : { kind: "offset", minutes: phrase.minutes }, display: utc ? "UTC" : null, phrase, label: formatUtcOffset(phrase.minutes) };
    }
    if (phrase.kind === "iana") return { zone: zoneOfTimeZone(phrase.zone), display: phrase.zone, phrase, label: phrase.zone };
    const { meaning, zone } = this.decide(phrase, line);
    const written = phrase.abbreviation;
    const label = zoneMeaningLabel(meaning, written);
    if (meaning.minutes === null) return { zone: zoneOfTimeZone(zone), display: zone, phrase, label };
    return {
      zone: { kind: "abbreviation", meaning, name: zone, written, loose: (at) => this.noteLoose(written, meaning, zone, at, line) },
      display: zone,
      phrase,
      label,
    };
  }

  private decide(phrase: Extract<ZonePhrase, { kind: "abbreviation" }>, line: number | null): Decision {
    const key = phrase.abbreviation;
    const known = this.decisions.get(key);
    if (known) {
      // zones are read out of the document's order (the timeline's before the header's times): say the first line
      if (known.said && line !== null && (known.said.guess.line === null || line < known.said.guess.line)) this.sayAt(known.said, line);
      return known;
    }
    const picked = pickZoneMeaning(phrase.meanings, this.option);
    const decision: Decision = { meaning: picked.meaning, zone: picked.zone };
    this.decisions.set(key, decision);
    if (phrase.meanings.length > 1) {
      const chosen = zoneMeaningLabel(picked.meaning, key);
      const places = phrase.meanings.map((m) => `${m.place} (${m.minutes === null ? "local time" : formatUtcOffset(m.minutes)})`);
      const say = picked.preferred
        ? `"${key}" was read as ${chosen}, the time zone chosen for the import (${picked.zone}).`
        : `"${key}" can mean ${listOf(places)}; it was read as ${chosen}. Choose the right one before creating the report.`;
      const question: TimeZoneQuestion | null = picked.preferred
        ? null
        : {
            kind: "timeZone",
            written: key,
            line,
            choices: phrase.meanings.map((m) => ({ zone: m.zones[0], label: zoneMeaningLabel(m, key) })),
            chosen: picked.zone,
          };
      guessed(this.reading, "timeZone", line, `${line === null ? "" : `Line ${line}: `}${say}`);
      decision.said = { guess: this.reading.guesses.at(-1)!, say, question };
      if (question) this.reading.questions.push(question);
    }
    return decision;
  }

  /** Moves what was said about an abbreviation (the guess, its warning, the question) to an earlier line. */
  private sayAt(said: NonNullable<Decision["said"]>, line: number): void {
    const before = said.guess.message;
    said.guess.line = line;
    said.guess.message = `Line ${line}: ${said.say}`;
    const index = this.reading.warnings.indexOf(before);
    if (index >= 0) this.reading.warnings[index] = said.guess.message;
    if (said.question) said.question.line = line;
  }

  /** True when what an abbreviation was read as has been said already (it was ambiguous). */
  hasExplained(abbreviation: string): boolean {
    return this.decisions.get(abbreviation)?.said !== undefined;
  }

  /** Once per abbreviation: it was written for a time of year when its zone keeps another offset. */
  private noteLoose(written: string, meaning: ZoneMeaning, zone: string, at: number, line: number | null): void {
    if (this.looseNoted.has(written)) return;
    this.looseNoted.add(written);
    const day = isoDay(wallClockAt(at, zone));
    const kept = formatUtcOffset(zoneOffsetAt(at, zone) / 60_000);
    const named = formatUtcOffset(meaning.minutes ?? 0);
    guessed(
      this.reading,
      "timeZone",
      line,
      `${line === null ? "" : `Line ${line}: `}"${written}" (${named}) is written for ${day}, when ${zone} is on ${kept}: the times were read as local time in ${zone} (${kept}). If they really are ${named}, write "${named}".`,
    );
  }
}
