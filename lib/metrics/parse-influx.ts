// InfluxDB exports.
// - Flux annotated CSV (InfluxDB 2.x/3.x, `influx query --raw`, the UI's CSV download): blocks of `#datatype`, `#group`
//   and `#default` rows, a header whose first cell is the empty annotation column, rows of one or more tables (the
//   `table` column), a blank line before the next block. One series per table and field: name `_measurement._field`,
//   labels from the tag columns. Pivoted tables (no `_value`: one column per field) give one series per numeric column.
//   An `error,reference` table is InfluxDB's error response and is refused with its message.
// - InfluxQL JSON (InfluxDB 1.x `/query`): results[].series[] with name, tags, columns and row-wise values; one series
//   per value column, named `measurement.column` as Grafana does. `partial: true` (chunked or row-limited) marks the
//   result partial.
import { readCsv, type CsvHandler } from "@/lib/metrics/csv";
import { InvalidInputError } from "@/lib/errors";
import { markPartial, plural, stringRecord, warn, type ParseContext, type SeriesBuilder, type SeriesSet } from "@/lib/metrics/parse-series";
import { TimeReader } from "@/lib/metrics/time";
import { isMissingValue, unitFromMetricName } from "@/lib/metrics/units";

export async function parseFluxCsv(chunks: AsyncIterable<string>, context: ParseContext, set: SeriesSet): Promise<void> {
  const reader = new FluxCsv(context, set);
  await readCsv(chunks, reader, { delimiter: "," });
  reader.finish();
}

const RESERVED = new Set(["", "result", "table", "_start", "_stop", "_time", "_value", "_field", "_measurement"]);

type Block = {
  datatypes: string[];
  defaults: string[];
  header: string[];
  time: number;
  value: number;
  field: number;
  measurement: number;
  table: number;
  /** Numeric columns of a pivoted table (no _value). */
  valueColumns: number[];
  labelColumns: number[];
};

class FluxCsv implements CsvHandler {
  private datatypes: string[] = [];
  private defaults: string[] = [];
  private block: Block | null = null;
  private timeReader: TimeReader;
  private lastKey = "";
  private lastBuilders: SeriesBuilder[] = [];
  private badTimes = 0;
  private strings = 0;
  private rows = 0;

  constructor(
    private readonly context: ParseContext,
    private readonly set: SeriesSet,
  ) {
    this.timeReader = new TimeReader(context.timeZone, "ns");
  }

  row(fields: string[], count: number): void {
    const first = fields[0];
    if (count === 1 && first.trim() === "") {
      this.block = null; // a blank line ends a block; annotations and a header follow
      this.datatypes = [];
      this.defaults = [];
      return;
    }
    if (first.startsWith("#")) {
      if (first === "#datatype") this.datatypes = fields.slice(0, count);
      else if (first === "#default") this.defaults = fields.slice(0, count);
      return;
    }
    if (!this.block) {
      this.block = this.startBlock(fields.slice(0, count).map((cell) => cell.trim()));
      return;
    }
    this.dataRow(fields, count);
  }

  private startBlock(header: string[]): Block {
    if (header.includes("error") && header.includes("reference") && !header.includes("_value")) {
      this.block = { datatypes: [], defaults: [], header, time: -1, value: -1, field: -1, measurement: -1, table: -1, valueColumns: [], labelColumns: [] };
      return this.block;
    }
    const index = (name: string) => header.indexOf(name);
    const block: Block = {
      datatypes: this.datatypes,
      defaults: this.defaults,
      header,
      time: index("_time"),
      value: index("_value"),
      field: index("_field"),
      measurement: index("_measurement"),
      table: index("table"),
      valueColumns: [],
      labelColumns: [],
    };
    if (block.time < 0) {
      throw new InvalidInputError(
        `An InfluxDB annotated CSV table without a _time column (columns: ${header.filter(Boolean).join(", ")}): aggregate with a time window or keep _time in the query.`,
      );
    }
    for (let c = 0; c < header.length; c++) {
      if (RESERVED.has(header[c])) continue;
      const type = this.datatypes[c] ?? "";
      const numeric = /^(double|long|unsignedLong|boolean)$/.test(type);
      if (block.value < 0 && numeric) block.valueColumns.push(c);
      else block.labelColumns.push(c);
    }
    if (block.value >= 0) block.valueColumns = [block.value];
    return block;
  }

  private dataRow(fields: string[], count: number): void {
    const block = this.block!;
    if (block.time < 0) {
      const message = fields[block.header.indexOf("error")] ?? "unknown error";
      throw new InvalidInputError(`This is an InfluxDB error response, not data: ${message.trim()}`);
    }
    const cell = (c: number) => {
      const value = c >= 0 && c < count ? fields[c] : "";
      return value === "" ? (block.defaults[c] ?? "") : value;
    };
    const time = this.timeReader.read(cell(block.time));
    if (time !== time) {
      this.badTimes++;
      return;
    }
    this.rows++;
    let key = cell(block.table);
    const field = cell(block.field);
    const measurement = cell(block.measurement);
    key += `\u0001${field}\u0001${measurement}`;
    for (const c of block.labelColumns) key += `\u0001${cell(c)}`;
    if (key !== this.lastKey) {
      this.lastKey = key;
      const labels: Record<string, string> = {};
      for (const c of block.labelColumns) labels[block.header[c]] = cell(c);
      this.lastBuilders = block.valueColumns.map((c) => {
        const fieldName = block.value >= 0 ? field || "_value" : block.header[c];
        const name = measurement ? `${measurement}.${fieldName}` : fieldName;
        return this.set.get(name, labels, unitFromMetricName(fieldName));
      });
    }
    for (let k = 0; k < block.valueColumns.length; k++) {
      this.lastBuilders[k].push(time, this.readValue(cell(block.valueColumns[k]), block.datatypes[block.valueColumns[k]]));
    }
  }

  private readValue(text: string, type: string | undefined): number {
    if (type === "boolean") return text === "true" ? 1 : text === "false" ? 0 : Number.NaN;
    const number = +text;
    if (text !== "" && number === number) return number;
    if (text !== "" && !isMissingValue(text)) this.strings++;
    return Number.NaN;
  }

  finish(): void {
    if (this.badTimes) warn(this.context, `${plural(this.badTimes, "row was", "rows were")} skipped because _time held no readable time.`);
    if (this.strings)
      warn(this.context, `${plural(this.strings, "value was", "values were")} text, not numbers, and ${this.strings === 1 ? "is" : "are"} shown as gaps.`);
    if (this.timeReader.localCount) {
      warn(this.context, `Some _time values have no UTC offset; they were read as ${this.context.timeZone}.`);
    }
  }
}

type InfluxQlSeries = { name?: unknown; tags?: unknown; columns?: unknown; values?: unknown; partial?: unknown };
type InfluxQlResult = { statement_id?: unknown; series?: unknown; error?: unknown; partial?: unknown; messages?: unknown };

export function parseInfluxQlJson(document: unknown, context: ParseContext, set: SeriesSet): void {
  const root = document as { results?: unknown; error?: unknown };
  if (typeof root.error === "string") throw new InvalidInputError(`This is an InfluxDB error response, not data: ${root.error}`);
  const results = Array.isArray(root.results) ? (root.results as InfluxQlResult[]) : [];
  const errors: string[] = [];
  const timeReader = new TimeReader(context.timeZone);
  let strings = 0;
  for (const result of results) {
    if (typeof result.error === "string") {
      errors.push(`statement ${String(result.statement_id ?? "?")}: ${result.error}`);
      continue;
    }
    if (result.partial === true)
      markPartial(context, "InfluxDB marked the response as partial (a chunked or row-limited result): more points may exist than the file holds.");
    for (const message of Array.isArray(result.messages) ? result.messages : []) {
      const text = (message as { text?: unknown }).text;
      if (typeof text === "string") warn(context, `InfluxDB: ${text}`);
    }
    for (const series of Array.isArray(result.series) ? (result.series as InfluxQlSeries[]) : []) {
      if (series.partial === true)
        markPartial(context, "InfluxDB marked a series as partial (a chunked or row-limited result): more points may exist than the file holds.");
      const columns = Array.isArray(series.columns) ? series.columns.map(String) : [];
      const rows = Array.isArray(series.values) ? (series.values as unknown[][]) : [];
      const timeIndex = columns.indexOf("time");
      if (timeIndex < 0) continue;
      const measurement = typeof series.name === "string" ? series.name : "";
      const labels = stringRecord(series.tags);
      for (let c = 0; c < columns.length; c++) {
        if (c === timeIndex) continue;
        const name = measurement ? `${measurement}.${columns[c]}` : columns[c];
        let builder: SeriesBuilder | null = null;
        for (const row of rows) {
          if (!Array.isArray(row)) continue;
          const cell = row[c];
          if (typeof cell === "string" || typeof cell === "boolean") {
            strings++;
            continue;
          }
          const time = readTime(timeReader, row[timeIndex]);
          if (time !== time) continue;
          builder ??= set.get(name, labels, unitFromMetricName(columns[c]));
          builder.push(time, typeof cell === "number" ? cell : Number.NaN);
        }
      }
    }
  }
  if (errors.length && set.size === 0) throw new InvalidInputError(`This is an InfluxDB error response, not data: ${errors.join("; ")}`);
  if (errors.length) warn(context, `InfluxDB reported errors for some statements: ${errors.join("; ")}`);
  if (strings) warn(context, `${plural(strings, "value was", "values were")} text, not numbers, and ${strings === 1 ? "was" : "were"} left out.`);
  if (timeReader.localCount) warn(context, `Some times have no UTC offset; they were read as ${context.timeZone}.`);
}

function readTime(reader: TimeReader, value: unknown): number {
  if (typeof value === "number") return reader.fromNumber(value);
  if (typeof value === "string") return reader.read(value);
  return Number.NaN;
}
