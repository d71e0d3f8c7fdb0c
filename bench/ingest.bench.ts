// Ingest speed: a 1,000,000-row monitoring CSV (~40 MB) parsed by papaparse alone (streaming from disk, dynamic typing)
// against our whole path to chart-ready data (streaming parse → series → LTTB to 2,000 points → float64 bytes for
// storage), in the same process. Goal: ours ≤ 1.5 × papaparse. Timing depends on the machine, so a miss is printed as
// FAIL, never turned into a failing exit code.
//
// Run with `npx tsx bench/ingest.bench.ts`, or through the bench runner, which calls `run()`. By default our path ends
// with the real insert into PostgreSQL (storeParsedSeries into a scratch database created on BENCH_DATABASE_URL and
// dropped afterwards), so "ours" is parsed, stored and chart-ready; `database: false` leaves the database out.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Papa from "papaparse";
import { encodeFloat64 } from "@/lib/metrics/encode";
import { lttb } from "@/lib/metrics/lttb";
import { parseMetricsExport } from "@/lib/metrics/parse";
import type { ParseResult } from "@/lib/metrics/types";
import { randomBytes } from "node:crypto";
import pg from "pg";

export type IngestBenchOptions = {
  rows?: number;
  /** Our path ends with the store's insert when given (the chart and the bytes are computed either way). */
  store?: (result: ParseResult) => Promise<void>;
  /** Measured runs of each side; the fastest counts (the first run also warms the JIT). */
  repeats?: number;
  /** false: time our path without the database insert. */
  database?: boolean;
};

const CHART_POINTS = 2_000;
const GOAL_RATIO = 1.5;

export async function run(options: IngestBenchOptions = {}): Promise<void> {
  if (options.store || options.database === false) return measure(options);
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `hindsight_bench_ingest_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url.toString();
  // Imported here so that DATABASE_URL points at the scratch database before the client exists.
  const { migrateDeploy, parseDatabaseUrl } = await import("@/lib/db/migrate");
  const { disconnectDb, getDb } = await import("@/lib/db/client");
  const { storeParsedSeries } = await import("@/lib/metrics/store");
  try {
    await migrateDeploy(parseDatabaseUrl(url.toString()));
    const db = getDb();
    // How the point columns are written decides most of the store's time (pglz took ~2 s of it; see the migration
    // 20261127081646_metric_series_segments), so the run says which it measured.
    const columns = await db.$queryRaw<{ attname: string; compression: string; storage: string }[]>`
      SELECT attname, CASE attcompression WHEN 'l' THEN 'lz4' WHEN 'p' THEN 'pglz' ELSE 'default (' || current_setting('default_toast_compression') || ')' END AS compression,
             CASE attstorage WHEN 'x' THEN 'extended' WHEN 'e' THEN 'external (uncompressed)' WHEN 'm' THEN 'main' ELSE 'plain' END AS storage
      FROM pg_attribute WHERE attrelid = '"MetricSeriesSegment"'::regclass AND attname IN ('timestamps', 'values') ORDER BY attname`;
    console.log(`ingest: store into ${url.host}, point columns ${columns.map((c) => `${c.attname}: ${c.storage}, ${c.compression}`).join("; ")}`);
    const incident = await db.incident.create({ data: { publicId: "INC-BENCH-INGEST", title: "Ingest benchmark", severity: "High" }, select: { id: true } });
    const store = async (result: ParseResult) => {
      await db.$transaction(
        async (tx) => {
          await tx.metricSeries.deleteMany({ where: { incidentId: incident.id } }); // each repeat stores afresh
          await storeParsedSeries(tx, incident.id, null, result);
        },
        { timeout: 120_000 },
      );
    };
    await measure({ ...options, store });
  } finally {
    await disconnectDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function measure(options: IngestBenchOptions): Promise<void> {
  const rows = options.rows ?? 1_000_000;
  const repeats = options.repeats ?? 2;
  const directory = await mkdtemp(path.join(os.tmpdir(), "hindsight-ingest-bench-"));
  const file = path.join(directory, "orders-api-metrics.csv");
  try {
    const generatedIn = await timed(() => writeExport(file, rows));
    const bytes = (await stat(file)).size;
    console.log(`ingest: ${rows.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB CSV generated in ${generatedIn.toFixed(0)} ms (${file})`);

    let papaparseMs = Infinity;
    let oursMs = Infinity;
    let papaRows = 0;
    let chart: Chart | null = null;
    let storedBytes = 0;
    let result: ParseResult | null = null;
    const papaMemory = new PeakMemory();
    const ourMemory = new PeakMemory();
    for (let round = 0; round < repeats; round++) {
      result = null;
      chart = null;
      papaMemory.start();
      papaparseMs = Math.min(papaparseMs, await timed(async () => (papaRows = await parseWithPapaparse(file))));
      papaMemory.stop();
      ourMemory.start();
      oursMs = Math.min(
        oursMs,
        await timed(async () => {
          result = await parseMetricsExport(createReadStream(file), { fileName: path.basename(file) });
          chart = toChart(result);
          storedBytes = result.series.reduce((sum, series) => sum + encodeFloat64(series.timestamps).byteLength + encodeFloat64(series.values).byteLength, 0);
          await options.store?.(result);
        }),
      );
      ourMemory.stop();
    }

    const parsed = result as ParseResult | null;
    const ratio = oursMs / papaparseMs;
    const points = parsed ? parsed.series.reduce((sum, series) => sum + series.timestamps.length, 0) : 0;
    const payload = Buffer.byteLength(JSON.stringify(chart));
    console.log(`ingest: papaparse (stream, step, dynamicTyping): ${papaparseMs.toFixed(0)} ms for ${papaRows.toLocaleString("en-US")} rows`);
    console.log(
      `ingest: ours (stream → ${parsed?.series.length ?? 0} series, ${points.toLocaleString("en-US")} points → LTTB ${CHART_POINTS} → float64 bytes${options.store ? " → store" : ""}): ${oursMs.toFixed(0)} ms`,
    );
    console.log(`ingest: ratio ours/papaparse ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO}): ${ratio <= GOAL_RATIO ? "PASS" : "FAIL"}`);
    console.log(
      `ingest: peak RSS ${mb(Math.max(papaMemory.peak, ourMemory.peak))} (maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}); RSS growth during papaparse ${mb(papaMemory.growth)}, during ours ${mb(ourMemory.growth)}; points as float64 bytes for storage: ${mb(storedBytes)}`,
    );
    console.log(`ingest: one chart (${parsed?.series.length ?? 0} series × ≤ ${CHART_POINTS} points) as JSON: ${payload.toLocaleString("en-US")} bytes`);
    await measureWallClock(directory, rows, repeats);
    await measureJson(directory, repeats);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The shape assumed for the chart payload: columns per series, null for a gap (JSON has no NaN). */
type Chart = { series: { name: string; unit: string | null; labels: Record<string, string>; timestamps: number[]; values: (number | null)[] }[] };

function toChart(result: ParseResult): Chart {
  return {
    series: result.series.map((series) => {
      const sampled = lttb(series.timestamps, series.values, CHART_POINTS);
      return {
        name: series.name,
        unit: series.unit,
        labels: series.labels,
        timestamps: Array.from(sampled.timestamps),
        values: Array.from(sampled.values, (value) => (Number.isFinite(value) ? value : null)),
      };
    }),
  };
}

/**
 * Times without an offset ("2024-03-25 00:00:00") are wall-clock readings in the zone the uploader names: each goes
 * through lib/time's cached wall-clock path. The same rows as the UTC file, parsed in Europe/Berlin across the
 * 2024-03-31 spring-forward gap (the skipped hour is shifted forward), printed beside the same file read as UTC.
 */
async function measureWallClock(directory: string, rows: number, repeats: number): Promise<void> {
  const file = path.join(directory, "orders-api-metrics-local.csv");
  const start = Date.UTC(2024, 2, 25, 0, 0, 0);
  let minutePrefix = "";
  await writeLines(file, "timestamp,pool_usage_pct\n", rows, (i) => {
    const second = i % 60;
    if (second === 0 || i === 0) minutePrefix = new Date(start + i * 1000).toISOString().slice(0, 17).replace("T", " ");
    return `${minutePrefix}${second < 10 ? "0" : ""}${second},${(40 + (i % 97) / 10).toFixed(2)}\n`;
  });
  let utcMs = Infinity;
  let zonedMs = Infinity;
  for (let round = 0; round < repeats; round++) {
    utcMs = Math.min(utcMs, await timed(() => parseMetricsExport(createReadStream(file), { fileName: path.basename(file), timeZone: "UTC" })));
    zonedMs = Math.min(zonedMs, await timed(() => parseMetricsExport(createReadStream(file), { fileName: path.basename(file), timeZone: "Europe/Berlin" })));
  }
  console.log(
    `ingest: ${rows.toLocaleString("en-US")} offset-less times (across a DST change), parse only: read as UTC ${utcMs.toFixed(0)} ms; read in Europe/Berlin ${zonedMs.toFixed(0)} ms (ratio ${(zonedMs / utcMs).toFixed(2)})`,
  );
}

/**
 * JSON exports are one document, read chunk by chunk (lib/metrics/json-stream.ts) so that the file is never one string.
 * Printed beside JSON.parse of the whole text, the fastest a whole-string reading could be; not a goal of the issue.
 */
async function measureJson(directory: string, repeats: number): Promise<void> {
  const file = path.join(directory, "prometheus-query-range.json");
  let random = 7;
  const result = Array.from({ length: 60 }, (_, k) => ({
    metric: { __name__: "http_request_duration_seconds", job: "orders-api", instance: `10.0.0.${k}:9090`, quantile: "0.95" },
    values: Array.from({ length: 11_000 }, (_, i) => {
      random = (random * 1_103_515_245 + 12_345) % 2_147_483_648;
      return [1_710_201_600 + i * 15, (random / 21_474_836.48).toFixed(4)];
    }),
  }));
  await writeFile(file, JSON.stringify({ status: "success", data: { resultType: "matrix", result } }));
  const bytes = (await stat(file)).size;
  let wholeMs = Infinity;
  let oursMs = Infinity;
  for (let round = 0; round < repeats; round++) {
    wholeMs = Math.min(wholeMs, await timed(async () => JSON.parse(await readFile(file, "utf8"))));
    oursMs = Math.min(oursMs, await timed(() => parseMetricsExport(createReadStream(file), { fileName: path.basename(file) })));
  }
  console.log(
    `ingest: Prometheus query_range JSON, 60 series × 11,000 points (${(bytes / 1e6).toFixed(1)} MB): JSON.parse of the whole text ${wholeMs.toFixed(0)} ms; ours, streamed → series ${oursMs.toFixed(0)} ms`,
  );
}

async function parseWithPapaparse(file: string): Promise<number> {
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(file), {
      dynamicTyping: true,
      skipEmptyLines: true,
      step: () => {
        rows++;
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  return rows - 1; // the header
}

/**
 * Eleven and a half days at 1 s of an orders API: connection-pool usage (%), p95 latency (ms) and 5xx ratio (%), with an incident
 * between 14:00 and 14:35 like the shared samples'. ISO-8601 UTC times, as most tools export.
 */
async function writeExport(file: string, rows: number): Promise<void> {
  const start = Date.UTC(2024, 2, 12, 0, 0, 0);
  const incidentStart = Date.UTC(2024, 2, 12, 14, 0, 0);
  const incidentEnd = Date.UTC(2024, 2, 12, 14, 35, 0);
  let random = 42;
  const noise = () => {
    random = (random * 1_103_515_245 + 12_345) % 2_147_483_648;
    return random / 2_147_483_648 - 0.5;
  };
  let minutePrefix = "";
  await writeLines(file, "timestamp,pool_usage_pct,p95_latency_ms,error_rate_pct\n", rows, (i) => {
    const time = start + i * 1000;
    const second = i % 60;
    if (second === 0 || i === 0) minutePrefix = new Date(time).toISOString().slice(0, 17); // "2024-03-12T14:00:"
    const progress = time < incidentStart || time > incidentEnd ? 0 : (time - incidentStart) / (incidentEnd - incidentStart);
    const severity = Math.sin(progress * Math.PI);
    const pool = 40 + 56 * severity + noise() * 2;
    const latency = 180 + 2100 * severity * severity + noise() * 12;
    const errors = 0.2 + 23 * severity ** 3 + noise() * 0.02;
    return `${minutePrefix}${second < 10 ? "0" : ""}${second}Z,${pool.toFixed(2)},${latency.toFixed(1)},${errors.toFixed(3)}\n`;
  });
}

/** Writes `header` and `rows` lines (`line(i)`, newline included) to `file` in 1 MB writes, honouring backpressure. */
async function writeLines(file: string, header: string, rows: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  let text = header;
  for (let i = 0; i < rows; i++) {
    text += line(i);
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      text = "";
    }
  }
  out.end(text);
  await new Promise<void>((resolve, reject) => {
    out.once("finish", resolve);
    out.once("error", reject);
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

/** RSS high-water mark of the phases between start() and stop(), sampled while the event loop turns. */
class PeakMemory {
  peak = 0;
  /** The most RSS grew above where it stood when a phase started. */
  growth = 0;
  private baseline = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  start(): void {
    (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc, the other side's garbage is not counted
    this.baseline = process.memoryUsage.rss();
    this.sample();
    this.timer = setInterval(() => this.sample(), 5);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
  private sample(): void {
    const rss = process.memoryUsage.rss();
    this.peak = Math.max(this.peak, rss);
    this.growth = Math.max(this.growth, rss - this.baseline);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
