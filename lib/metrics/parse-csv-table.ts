// Time-indexed CSV tables: Grafana's Inspect > Data downloads and plain exports from anything else. The two differ in
// details this one reader covers for both:
// - wide tables (time + one column per series: Grafana "series joined by time", `time_ms,pool_usage_pct,p95_latency_ms`),
//   long tables (time + text columns that name the series + values: Grafana < 7 "Series;Time;Value", `ts,host,value`),
//   and several tables one after another (Grafana writes one header per data frame);
// - headers that carry a unit (`latency_ms`, `p95 (ms)`) or a Prometheus label set
//   (`hikaricp_connections_active{instance="orders-api-2:8080", pool="orders-primary"}`);
// - formatted values with units inside (`41.2%`, `180 ms` next to `2.30 s` in one column: converted to one unit);
// - decimal commas when the delimiter is not a comma (`41,2` in a `;` file), empty cells, NaN/null/±Inf → gaps;
// - times as ISO-8601 with or without an offset (each row its own: "+01:00" then "Z"), or epoch s/ms/µs/ns (time.ts);
// - comment lines ("# exported from ...", "// ...") above the header (the reader skips those) or between rows.
import { isCommentLine, readCsv, type CsvDialect, type CsvHandler } from "@/lib/metrics/csv";
import { InvalidInputError } from "@/lib/errors";
import { markPartial, plural, warn, type ParseContext, type SeriesBuilder, SeriesSet } from "@/lib/metrics/parse-series";
import { epochUnitFromHeader, readIsoTime, TimeReader, type TextTime } from "@/lib/metrics/time";
import type { ParsedSeries } from "@/lib/metrics/types";
import { conversionFactor, isMissingValue, normalizeUnit, parseValueWithUnit, splitNameAndUnit, unitFromMetricName } from "@/lib/metrics/units";

export type CsvTableFormat = "grafana-csv" | "generic-csv";

export async function parseCsvTable(chunks: AsyncIterable<string>, context: ParseContext, format: CsvTableFormat): Promise<ParsedSeries[]> {
  const table = new CsvTable(context, format);
  await readCsv(chunks, table);
  return table.finish();
}

/** Rows read before the columns' roles are decided: enough to see a value in every column of a sparse table. */
const LOOKAHEAD_ROWS = 200;
const TIME_HEADER = /(?:^|[\s_.@-])(?:time|timestamp|date|datetime|ts|epoch)(?:$|[\s_.()[\]-])|^t$|^(?:time|date)/i;
const NAME_HEADER = /^(?:series|metric|metric[ _]?name|name|__name__|measurement|display[ _]?name)$/i;

/** "metric{a="x", b="y"}" or "{a="x"}" → the name and labels; null when the text is no label set. */
export function parseLabelSet(text: string): { name: string; labels: Record<string, string> } | null {
  const match = /^\s*([^{}]*?)\s*\{(.*)\}\s*$/s.exec(text);
  if (!match) return null;
  const labels: Record<string, string> = {};
  const pair = /\s*([^=,{}\s"]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:,|$)/gy;
  let at = 0;
  const body = match[2];
  while (at < body.length) {
    pair.lastIndex = at;
    const found = pair.exec(body);
    if (!found) return body.slice(at).trim() === "" ? { name: match[1], labels } : null;
    labels[found[1]] = found[2].replace(/\\(.)/g, "$1");
    at = pair.lastIndex;
  }
  return { name: match[1], labels };
}

type Column = { header: string; name: string; labels: Record<string, string>; unit: string | null };

class ValueColumn {
  empty = 0;
  cells = 0;
  invalid = 0;
  firstInvalid = "";
  mismatched = 0;
  firstMismatch = "";
  converted = false;
  readonly builders: SeriesBuilder[] = [];
  builder: SeriesBuilder | null = null;

  constructor(
    readonly index: number,
    readonly column: Column,
    public unit: string | null,
    private readonly decimalComma: boolean,
  ) {}

  read(cell: string): number {
    this.cells++;
    if (cell.length === 0) {
      this.empty++;
      return Number.NaN;
    }
    const number = +cell;
    if (number === number && (number !== 0 || cell.trim() !== "")) return number;
    return this.readSlowly(cell);
  }

  private readSlowly(cell: string): number {
    let text = cell.trim();
    if (text === "") {
      this.empty++;
      return Number.NaN;
    }
    if (isMissingValue(text)) return Number.NaN;
    if (text.includes(",")) text = withDecimalPoint(text, this.decimalComma);
    const plain = +text;
    if (plain === plain) return plain;
    const { value, unit } = parseValueWithUnit(text);
    if (value !== value) {
      if (this.invalid++ === 0) this.firstInvalid = cell;
      return Number.NaN;
    }
    if (unit === null) return value;
    if (this.unit === null) {
      this.unit = unit;
      return value;
    }
    const factor = conversionFactor(unit, this.unit);
    if (factor === null) {
      if (this.mismatched++ === 0) this.firstMismatch = cell;
      return value;
    }
    if (factor !== 1) this.converted = true;
    return value * factor;
  }
}

/**
 * Commas in a number. With a decimal comma (any delimiter but ","): "1.234,5" → "1234.5", "41,2%" → "41.2%", and
 * "1,234.5" still reads as thousands. In a comma file only strict thousands groups ("1,234,567.5", quoted) are read.
 */
function withDecimalPoint(text: string, decimalComma: boolean): string {
  if (!decimalComma) return /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:\s*\D.*)?$/.test(text) ? text.replace(/,/g, "") : text;
  const comma = text.lastIndexOf(",");
  const dot = text.lastIndexOf(".");
  if (dot > comma) return text.replace(/,/g, ""); // "1,234.5": the comma groups thousands
  return text.replace(/\./g, "").replace(",", ".");
}

type Phase = "header" | "lookahead" | "data";

class CsvTable implements CsvHandler {
  private readonly set = new SeriesSet();
  private decimalComma = false;
  private phase: Phase = "header";
  private headers: string[] = [];
  private headerUnits: string[] = [];
  private hasHeader = true;
  private pending: { fields: string[]; line: number }[] = [];
  private timeIndex = -1;
  private timeHeader = "";
  private timeReader: TimeReader | null = null;
  private valueColumns: ValueColumn[] = [];
  private allValueColumns: ValueColumn[] = [];
  private labelColumns: number[] = [];
  private nameColumn = -1;
  private groups = new Map<string, SeriesBuilder[]>();
  private readonly timeReaders: TimeReader[] = [];
  private rows = 0;
  private lastRow = { count: 0, line: 0 };
  private headerWidth = 0;
  private badTimes = 0;
  private firstBadTime = "";
  private firstBadTimeLine = 0;
  private sections = 0;
  private readonly scratch: TextTime = { ms: 0, zoned: false };

  constructor(
    private readonly context: ParseContext,
    private readonly format: CsvTableFormat,
  ) {}

  start(dialect: CsvDialect): void {
    this.decimalComma = dialect.delimiter !== ",";
  }

  row(fields: string[], count: number, line: number): void {
    if (count === 1 && fields[0].trim() === "") return; // blank line
    this.lastRow.count = count;
    this.lastRow.line = line;
    if (this.phase === "data") {
      this.dataRow(fields, count, line);
    } else if (this.phase === "lookahead") {
      if (isCommentLine(fields[0])) return;
      this.pending.push({ fields: fields.slice(0, count), line });
      if (this.pending.length >= LOOKAHEAD_ROWS || this.everyColumnSampled()) this.decide();
    } else {
      this.headerRow(fields, count, line);
    }
  }

  private headerRow(fields: string[], count: number, line: number): void {
    const first = fields[0].trim();
    if (first.startsWith("//")) return; // a comment
    if (first.startsWith("#")) {
      // Grafana's "full" header style: #name#Time,Value / #type#… / #unit#,ms / #dateFormat#…
      const style = /^#(name|unit|type|dateFormat)#(.*)$/.exec(first);
      if (style?.[1] === "unit") this.headerUnits = [style[2], ...fields.slice(1, count)].map((unit) => unit.trim());
      if (style?.[1] !== "name") return;
      fields = [style[2], ...fields.slice(1, count)];
    }
    this.sections++;
    const cells = fields.slice(0, count).map((cell) => cell.trim());
    this.headerWidth = cells.length;
    if (this.looksLikeData(cells)) {
      this.hasHeader = false;
      this.headers = cells.map((_, i) => `column ${i + 1}`);
      this.phase = "lookahead";
      this.pending = [{ fields: cells, line }];
      return;
    }
    this.hasHeader = true;
    this.headers = cells;
    this.phase = "lookahead";
    this.pending = [];
  }

  /** A first row with a time in it, or only numbers, is data: the file has no header. */
  private looksLikeData(cells: string[]): boolean {
    if (cells.some((cell) => readIsoTime(cell, this.scratch))) return true;
    return cells.every(
      (cell) => cell === "" || isMissingValue(cell) || Number.isFinite(parseValueWithUnit(cell).value) || Number.isFinite(+cell.replace(",", ".")),
    );
  }

  private everyColumnSampled(): boolean {
    for (let c = 0; c < this.headers.length; c++) {
      if (!this.pending.some((row) => isPresent(row.fields[c]))) return false;
    }
    return true;
  }

  private sample(column: number): string | undefined {
    return this.sampleRow(column)?.fields[column].trim();
  }

  private sampleRow(column: number): { fields: string[]; line: number } | undefined {
    return this.pending.find((row) => isPresent(row.fields[column]));
  }

  /** Settles which column is the time, which hold values and which name the series; then replays the rows read. */
  private decide(): void {
    const width = Math.max(this.headers.length, ...this.pending.map((row) => row.fields.length));
    for (let c = this.headers.length; c < width; c++) this.headers.push(`column ${c + 1}`);
    this.timeIndex = this.findTimeColumn(width);
    this.timeHeader = this.headers[this.timeIndex];
    this.timeReader = new TimeReader(this.context.timeZone, epochUnitFromHeader(this.timeHeader));
    this.timeReaders.push(this.timeReader);
    this.valueColumns = [];
    this.labelColumns = [];
    this.nameColumn = -1;
    this.groups = new Map();
    const names = new Set<string>();
    for (let c = 0; c < width; c++) {
      if (c === this.timeIndex) continue;
      const sample = this.sample(c);
      // A trailing delimiter makes an empty, nameless column: nothing to say about it.
      if (sample === undefined && (c >= this.headerWidth || this.headers[c] === "")) continue;
      if (sample === undefined || isNumberLike(sample, this.decimalComma)) {
        const column = this.describeColumn(c);
        // Two columns of one name ("Value", "Value") are two series, not one series given twice.
        const key = (name: string) => `${name}\u0001${JSON.stringify(Object.entries(column.labels).sort())}`;
        const name = column.name;
        for (let n = 2; names.has(key(column.name)); n++) column.name = `${name} (${n})`;
        names.add(key(column.name));
        this.valueColumns.push(new ValueColumn(c, column, column.unit, this.decimalComma));
      } else {
        this.labelColumns.push(c);
        if (this.nameColumn < 0 && NAME_HEADER.test(this.headers[c])) this.nameColumn = c;
      }
    }
    if (!this.valueColumns.length) {
      throw new InvalidInputError(
        `${this.formatLabel()}: no column holds numbers besides the time column "${this.timeHeader}" (columns: ${this.headers.map((h) => `"${h}"`).join(", ")}).`,
      );
    }
    this.allValueColumns.push(...this.valueColumns);
    if (!this.labelColumns.length) {
      for (const column of this.valueColumns) {
        column.builder = this.set.get(column.column.name, column.column.labels, column.unit);
        column.builders.push(column.builder);
      }
    }
    this.phase = "data";
    const pending = this.pending;
    this.pending = [];
    for (const row of pending) this.dataRow(row.fields, row.fields.length, row.line);
  }

  private findTimeColumn(width: number): number {
    const probe = new TimeReader("UTC", "s");
    // A header like "response_time_ms" names a duration, not a time: a number must be a plausible epoch to count.
    const readsAsTime = (c: number) => {
      const sample = this.sample(c);
      if (sample === undefined) return false;
      const number = +sample;
      if (!Number.isFinite(number)) return Number.isFinite(probe.read(sample));
      return number >= 1e8 || (number > 25569 && number < 73051 && /date/i.test(this.headers[c])); // Excel serial days
    };
    for (let c = 0; c < width; c++) if (TIME_HEADER.test(this.headers[c]) && readsAsTime(c)) return c;
    for (let c = 0; c < width; c++) {
      const sample = this.sample(c);
      if (sample !== undefined && readIsoTime(sample, this.scratch)) return c;
    }
    const first = this.sample(0);
    if (first !== undefined && +first >= 1e8) return 0; // an epoch number after 1973 in the first column
    const named = this.headers.findIndex((header) => TIME_HEADER.test(header));
    const example = named >= 0 ? this.sampleRow(named) : undefined;
    if (example) {
      throw new InvalidInputError(
        `${this.formatLabel()} whose time column "${this.headers[named]}" holds no time I can read (e.g. "${example.fields[named].trim()}" on line ${example.line}): use ISO-8601 such as 2024-03-12T14:00:00Z, or epoch seconds or milliseconds.`,
      );
    }
    throw new InvalidInputError(
      `${this.formatLabel()} without a time column: none of the columns (${this.headers.map((h) => `"${h}"`).join(", ")}) is named like a time (time, timestamp, date) or holds dates or epoch numbers.`,
    );
  }

  private describeColumn(c: number): Column {
    const header = this.headers[c];
    const headerUnit = normalizeUnit(this.headerUnits[c] ?? null);
    if (!this.hasHeader) {
      const name = this.headers.length === 2 ? "value" : header;
      return { header, name, labels: {}, unit: headerUnit };
    }
    const set = parseLabelSet(header);
    if (set) return { header, name: set.name || header, labels: set.labels, unit: headerUnit ?? unitFromMetricName(set.name) };
    const { name, unit } = splitNameAndUnit(header);
    return { header, name: name || header || `column ${c + 1}`, labels: {}, unit: headerUnit ?? unit };
  }

  private dataRow(fields: string[], count: number, line: number): void {
    const reader = this.timeReader!;
    const timeCell = this.timeIndex < count ? fields[this.timeIndex] : "";
    const time = reader.read(timeCell);
    if (time !== time) {
      if (isCommentLine(fields[0])) return; // a comment between rows: not a row without a time
      if (this.isRepeatedHeader(fields, count)) {
        this.phase = "header";
        this.headerRow(fields, count, line);
        return;
      }
      if (this.badTimes++ === 0) {
        this.firstBadTime = timeCell;
        this.firstBadTimeLine = line;
      }
      return;
    }
    this.rows++;
    const columns = this.valueColumns;
    if (!this.labelColumns.length) {
      for (let k = 0; k < columns.length; k++) {
        const column = columns[k];
        column.builder!.push(time, column.read(column.index < count ? fields[column.index] : ""));
      }
      return;
    }
    const builders = this.groupOf(fields, count);
    for (let k = 0; k < columns.length; k++) {
      const column = columns[k];
      builders[k].push(time, column.read(column.index < count ? fields[column.index] : ""));
    }
  }

  /** A second header further down: Grafana writes one per data frame when frames are not joined. */
  private isRepeatedHeader(fields: string[], count: number): boolean {
    const cell = (fields[this.timeIndex] ?? "").trim();
    return cell !== "" && cell === this.timeHeader && count >= 2;
  }

  private groupOf(fields: string[], count: number): SeriesBuilder[] {
    let key = "";
    for (const c of this.labelColumns) key += `${c < count ? fields[c].trim() : ""}\u0001`;
    let builders = this.groups.get(key);
    if (builders) return builders;
    const labels: Record<string, string> = {};
    let seriesName: string | null = null;
    let seriesLabels: Record<string, string> = {};
    for (const c of this.labelColumns) {
      const value = c < count ? fields[c].trim() : "";
      if (c === this.nameColumn) {
        const set = parseLabelSet(value);
        seriesName = set ? set.name || value : value;
        seriesLabels = set?.labels ?? {};
      } else {
        labels[this.headers[c] || `column ${c + 1}`] = value;
      }
    }
    builders = this.valueColumns.map((column) => {
      const name =
        seriesName !== null && this.valueColumns.length === 1 ? seriesName : seriesName !== null ? `${seriesName} ${column.column.name}` : column.column.name;
      const builder = this.set.get(name, { ...column.column.labels, ...seriesLabels, ...labels }, column.unit);
      column.builders.push(builder);
      return builder;
    });
    this.groups.set(key, builders);
    return builders;
  }

  finish(): ParsedSeries[] {
    if (this.phase === "lookahead") {
      if (!this.pending.length) {
        throw new InvalidInputError(`${this.formatLabel()} with a header (${this.headers.map((h) => `"${h}"`).join(", ")}) but no data rows.`);
      }
      this.decide();
    }
    if (this.phase === "header") throw new InvalidInputError(`${this.formatLabel()} without any rows.`);
    if (this.rows === 0 && this.badTimes > 0) {
      throw new InvalidInputError(
        `${this.formatLabel()} whose time column "${this.timeHeader}" holds no time I can read (e.g. "${this.firstBadTime}" on line ${this.firstBadTimeLine}): use ISO-8601 such as 2024-03-12T14:00:00Z, or epoch seconds or milliseconds.`,
      );
    }
    this.warnAboutTimes();
    this.warnAboutValues();
    if (this.lastRow.count < this.headerWidth && this.lastRow.line > 1) {
      markPartial(this.context, `The last row (line ${this.lastRow.line}) has ${this.lastRow.count} of ${this.headerWidth} columns: the file looks cut off.`);
    }
    return this.set.finish(this.context);
  }

  private warnAboutTimes(): void {
    const zone = this.context.timeZone;
    const local = this.timeReaders.reduce((sum, reader) => sum + reader.localCount, 0);
    if (this.timeReaders.some((reader) => reader.excelSerial)) {
      warn(this.context, `The times in "${this.timeHeader}" are Excel serial dates; they were read as wall-clock times in ${zone}.`);
    } else if (local) {
      const where = this.format === "grafana-csv" ? " (Grafana writes times in the dashboard's time zone)" : "";
      const advice = zone === "UTC" ? "; choose the zone they were written in if that is wrong" : "";
      warn(this.context, `The times in "${this.timeHeader}" have no UTC offset${where}; they were read as ${zone}${advice}.`);
    }
    if (this.badTimes) {
      warn(
        this.context,
        `${plural(this.badTimes, "row was", "rows were")} skipped because "${this.timeHeader}" held no readable time (e.g. "${this.firstBadTime}" on line ${this.firstBadTimeLine}).`,
      );
    }
  }

  private warnAboutValues(): void {
    for (const column of this.allValueColumns) {
      for (const builder of column.builders) if (builder.unit === null) builder.unit = column.unit;
      const header = column.column.header;
      if (column.invalid) {
        warn(
          this.context,
          `${plural(column.invalid, "cell", "cells")} in "${header}" ${column.invalid === 1 ? "is" : "are"} not a number (e.g. "${column.firstInvalid}") and ${column.invalid === 1 ? "is" : "are"} shown as gaps.`,
        );
      }
      if (column.mismatched) {
        warn(
          this.context,
          `${plural(column.mismatched, "value", "values")} in "${header}" ${column.mismatched === 1 ? "has" : "have"} a unit that does not convert to ${column.unit} (e.g. "${column.firstMismatch}"); kept as written.`,
        );
      }
      if (column.converted) warn(this.context, `Values in "${header}" were written in several units; all were converted to ${column.unit}.`);
      // A column empty in most rows comes from joining series of different intervals: its empty cells are not gaps.
      if (!this.labelColumns.length && column.builder && column.cells > 0 && column.empty * 2 > column.cells && column.empty < column.cells) {
        column.builder.dropGaps();
        warn(
          this.context,
          `"${header}" has values in only ${column.cells - column.empty} of ${column.cells} rows (series of different intervals joined by time); its empty cells were left out rather than drawn as gaps.`,
        );
      }
    }
    if (this.format === "grafana-csv" && this.sections > 1) {
      warn(this.context, `The file holds ${this.sections} tables one after another (Grafana data frames); they were read together.`);
    }
  }

  private formatLabel(): string {
    return this.format === "grafana-csv" ? "A Grafana CSV export" : "A CSV file";
  }
}

function isPresent(cell: string | undefined): cell is string {
  return cell !== undefined && cell.trim() !== "" && !isMissingValue(cell);
}

function isNumberLike(text: string, decimalComma: boolean): boolean {
  const candidate = text.includes(",") ? withDecimalPoint(text, decimalComma) : text;
  return Number.isFinite(+candidate) || Number.isFinite(parseValueWithUnit(candidate).value);
}
