// Streaming CSV over decoded text chunks: rows are handed over one at a time while the file is still being read, so a
// 40 MB export never exists as one string. RFC 4180 quoting ("" inside quotes, delimiters and line breaks inside quoted
// fields), CRLF, LF or CR line ends, and the delimiter detected from the first lines (`,` `;` tab or `|`) unless an Excel
// `sep=;` first line names it. Comment lines above the first row ("# exported from Grafana ...", "// ...") and blank
// lines are not rows: they are skipped before the delimiter is sought, so a comma or a stray quote in them changes
// nothing. Lines without a quote take a fast path that cuts fields with indexOf.

export type CsvDialect = {
  delimiter: string;
  /** The file began with Excel's "sep=X" line (it is not passed on as a row). */
  sepLine: boolean;
};

export type CsvHandler = {
  start?(dialect: CsvDialect): void;
  /**
   * One record. `fields` is reused between calls: copy what you keep. `line` is the record's first line number
   * (1-based, counting the sep= line). Return false to stop reading.
   */
  row(fields: string[], count: number, line: number): void | boolean;
};

const CANDIDATES = ["\t", ";", ",", "|"];
const SAMPLE_CHARS = 64 * 1024;
/** Lines of data (not comments, not blank) to see before the delimiter is settled. */
const SAMPLE_LINES = 6;

/**
 * A comment line: `//`, or `#` unless it starts one of the header lines exports write that way (Grafana's
 * `#name#`/`#unit#`/`#type#`/`#dateFormat#`, InfluxDB's `#group,`/`#datatype,`/`#default,`).
 */
export function isCommentLine(line: string): boolean {
  return /^\s*(?:\/\/|#(?!(?:name|unit|type|dateFormat)#|(?:group|datatype|default),))/.test(line);
}

/** Counts of each candidate delimiter outside quotes. */
function delimiterCounts(line: string): number[] {
  const counts = CANDIDATES.map(() => 0);
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted) {
      const k = CANDIDATES.indexOf(c);
      if (k >= 0) counts[k]++;
    }
  }
  return counts;
}

/**
 * The delimiter that splits the first lines into the same number of fields, preferring the one that splits most
 * ("41,2;39,5" is two fields by `;`, not three by `,`). A single column falls back to ",".
 */
export function detectDelimiter(lines: string[]): string {
  const written = lines.filter((line) => line.trim() !== "");
  const data = written.filter((line) => !isCommentLine(line));
  const sample = (data.length ? data : written).slice(0, SAMPLE_LINES);
  if (!sample.length) return ",";
  const counts = sample.map(delimiterCounts);
  let best = -1;
  let bestScore = 0;
  for (let k = 0; k < CANDIDATES.length; k++) {
    const first = counts[0][k];
    if (first === 0) continue;
    const consistent = counts.every((c) => c[k] === first);
    const score = first + (consistent ? 1000 : 0);
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return best < 0 ? "," : CANDIDATES[best];
}

const SEP_LINE = /^\uFEFF?sep=(.)\s*$/i;

export async function readCsv(chunks: AsyncIterable<string>, handler: CsvHandler, options: { delimiter?: string } = {}): Promise<CsvDialect> {
  const reader = new CsvReader(handler, options.delimiter);
  for await (const chunk of chunks) {
    if (!reader.push(chunk)) return reader.dialect;
  }
  reader.end();
  return reader.dialect;
}

class CsvReader {
  dialect: CsvDialect = { delimiter: ",", sepLine: false };
  private buffer = "";
  private started = false;
  private stopped = false;
  private carriageReturnsOnly = false;
  private line = 0;
  private readonly fields: string[] = [];

  constructor(
    private readonly handler: CsvHandler,
    private readonly fixedDelimiter: string | undefined,
  ) {}

  /** False once the handler asked to stop. */
  push(chunk: string): boolean {
    if (this.stopped) return false;
    if (this.carriageReturnsOnly) chunk = chunk.replace(/\r/g, "\n");
    this.buffer = this.buffer ? this.buffer + chunk : chunk;
    if (!this.started) {
      if (this.buffer.length < SAMPLE_CHARS && dataLines(this.buffer) < SAMPLE_LINES) return true;
      this.begin();
    }
    const consumed = this.consume(false);
    this.buffer = consumed === this.buffer.length ? "" : this.buffer.slice(consumed);
    return !this.stopped;
  }

  end(): void {
    if (this.stopped) return;
    if (!this.started) this.begin();
    this.consume(true);
    this.buffer = "";
  }

  private begin(): void {
    this.started = true;
    let text = this.buffer;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!text.includes("\n") && text.includes("\r")) {
      this.carriageReturnsOnly = true;
      text = text.replace(/\r/g, "\n");
    }
    const sep = SEP_LINE.exec(text.split("\n", 1)[0]!.replace(/\r$/, ""));
    let delimiter = this.fixedDelimiter;
    if (sep) {
      delimiter ??= sep[1];
      const newline = text.indexOf("\n");
      text = newline < 0 ? "" : text.slice(newline + 1);
      this.line = 1;
      this.dialect.sepLine = true;
    }
    // Comments and blank lines above the first row, counted so that line numbers stay those of the file.
    for (;;) {
      const newline = text.indexOf("\n");
      if (newline < 0) break;
      const line = text.slice(0, newline);
      if (line.trim() !== "" && !isCommentLine(line)) break;
      text = text.slice(newline + 1);
      this.line++;
    }
    const lines = text.split("\n", SAMPLE_LINES + 2).map((line) => line.replace(/\r$/, ""));
    // The last split piece may be a cut line: leave it out of the sample unless it is all there is.
    const sample = lines.length > 1 ? lines.slice(0, -1) : lines;
    this.dialect.delimiter = delimiter ?? detectDelimiter(sample);
    this.buffer = text;
    this.handler.start?.(this.dialect);
  }

  /** Hands over every complete record in the buffer; returns where the unconsumed rest starts. */
  private consume(final: boolean): number {
    const buffer = this.buffer;
    const length = buffer.length;
    const delimiter = this.dialect.delimiter;
    const fields = this.fields;
    let position = 0;
    let nextQuote = -2;
    let nextDelimiter = -2;
    while (position < length && !this.stopped) {
      let newline = buffer.indexOf("\n", position);
      if (newline < 0) {
        if (!final) break;
        newline = length;
      }
      if (nextQuote !== -1 && nextQuote < position) nextQuote = buffer.indexOf('"', position);
      if (nextQuote !== -1 && nextQuote < newline) {
        const after = this.quotedRecord(buffer, position, final);
        if (after < 0) break;
        position = after;
        continue;
      }
      let end = newline;
      if (end > position && buffer.charCodeAt(end - 1) === 13) end--;
      let count = 0;
      let start = position;
      for (;;) {
        if (nextDelimiter !== -1 && nextDelimiter < start) nextDelimiter = buffer.indexOf(delimiter, start);
        if (nextDelimiter === -1 || nextDelimiter >= end) {
          fields[count++] = buffer.slice(start, end);
          break;
        }
        fields[count++] = buffer.slice(start, nextDelimiter);
        start = nextDelimiter + 1;
      }
      this.line++;
      if (this.handler.row(fields, count, this.line) === false) this.stopped = true;
      position = newline + 1;
    }
    return Math.min(position, length);
  }

  /** A record with quotes, which may span lines; -1 when its end is not in the buffer yet. */
  private quotedRecord(buffer: string, position: number, final: boolean): number {
    const delimiter = this.dialect.delimiter;
    const fields = this.fields;
    const length = buffer.length;
    let count = 0;
    let at = position;
    let lines = 1;
    for (;;) {
      let value: string;
      if (buffer.charCodeAt(at) === 34 /* " */) {
        const open = at;
        value = "";
        let from = at + 1;
        for (;;) {
          const close = buffer.indexOf('"', from);
          if (close < 0) {
            if (!final) return -1;
            value += buffer.slice(from); // an unclosed quote runs to the end of the file
            at = length;
            break;
          }
          value += buffer.slice(from, close);
          if (buffer.charCodeAt(close + 1) === 34) {
            value += '"';
            from = close + 2;
            continue;
          }
          if (close + 1 >= length && !final) return -1; // cannot tell "" from " yet
          at = close + 1;
          break;
        }
        for (let i = open; i < at; i++) if (buffer.charCodeAt(i) === 10) lines++;
        // Text after the closing quote up to the delimiter (usually nothing) is kept, as spreadsheets do.
        const stop = nextStop(buffer, at, delimiter);
        if (stop < 0 && !final) return -1;
        const end = stop < 0 ? length : stop;
        value += stripCarriageReturn(buffer.slice(at, end));
        at = end;
      } else {
        const stop = nextStop(buffer, at, delimiter);
        if (stop < 0 && !final) return -1;
        const end = stop < 0 ? length : stop;
        value = stripCarriageReturn(buffer.slice(at, end));
        at = end;
      }
      fields[count++] = value;
      if (at >= length || buffer[at] === "\n") break;
      at += delimiter.length; // a delimiter: another field follows
    }
    this.line++;
    if (this.handler.row(fields, count, this.line) === false) this.stopped = true;
    this.line += lines - 1;
    return at + 1;
  }
}

function nextStop(buffer: string, from: number, delimiter: string): number {
  const newline = buffer.indexOf("\n", from);
  const next = buffer.indexOf(delimiter, from);
  if (next >= 0 && (newline < 0 || next < newline)) return next;
  return newline;
}

function stripCarriageReturn(text: string): string {
  return text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
}

/** Complete lines that are neither comments nor blank, counted up to SAMPLE_LINES (only before reading starts). */
function dataLines(text: string): number {
  let count = 0;
  for (let start = 0, at = text.indexOf("\n"); at >= 0 && count < SAMPLE_LINES; start = at + 1, at = text.indexOf("\n", start)) {
    const line = text.slice(start, at);
    if (line.trim() !== "" && !isCommentLine(line)) count++;
  }
  return count;
}
