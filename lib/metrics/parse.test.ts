import { describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/errors";
import { detectFormat, parseMetricsExport, sniffEncoding } from "@/lib/metrics/parse";
import type { ParseOptions } from "@/lib/metrics/types";
import { fixture } from "@/lib/metrics/test-helpers";

const bytes = (text: string) => new TextEncoder().encode(text);

async function refusal(input: Uint8Array | AsyncIterable<Uint8Array>, options?: ParseOptions): Promise<string> {
  const error = await parseMetricsExport(input, options).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return (error as Error).message;
}

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.slice(at, at + size);
}

describe("parseMetricsExport input", () => {
  it("gives the same result from a stream of odd-sized chunks as from one buffer", async () => {
    for (const name of ["grafana-inspect-joined-formatted.csv", "influxdb-flux-annotated.csv", "prometheus-query-range-matrix-large.json"]) {
      const data = new Uint8Array(fixture(name));
      const whole = await parseMetricsExport(data);
      const streamed = await parseMetricsExport(chunked(data, 7));
      expect(streamed).toEqual(whole);
    }
  });

  it("decodes a character split between two chunks (UTF-8 µs, UTF-16)", async () => {
    const text = "time,latency\n2024-03-12T14:00:00Z,12 µs\n2024-03-12T14:01:00Z,13 µs\n";
    const utf8 = bytes(text);
    const result = await parseMetricsExport(chunked(utf8, 1));
    expect(result.series[0].unit).toBe("µs");
    expect(Array.from(result.series[0].values)).toEqual([12, 13]);
    const utf16 = new Uint8Array(Buffer.from(`\ufeff${text}`, "utf16le"));
    expect((await parseMetricsExport(chunked(utf16, 3))).series[0].unit).toBe("µs");
  });

  it("reads UTF-16 LE without a BOM by its zero bytes", async () => {
    const data = new Uint8Array(Buffer.from("timestamp,value\n1710252000,1\n", "utf16le"));
    expect(sniffEncoding(data)).toBe("utf-16le");
    expect((await parseMetricsExport(data)).series[0].values[0]).toBe(1);
  });

  it("reads a file that is not UTF-8 as Windows-1252, and says so", async () => {
    const data = new Uint8Array(
      [...bytes("time,temperature (°C)\n1710252000,21.5\n")].flatMap((byte, i, all) => (byte === 0xc2 && all[i + 1] === 0xb0 ? [] : [byte])),
    );
    expect(sniffEncoding(data)).toBe("windows-1252");
    const result = await parseMetricsExport(data);
    expect(result.series[0].name).toBe("temperature (°C)");
    expect(result.warnings.join(" ")).toMatch(/not valid UTF-8; it was read as Windows-1252/);
  });
});

describe("parseMetricsExport refusals", () => {
  it("refuses an empty file, and one holding only whitespace or a BOM", async () => {
    for (const data of [new Uint8Array(0), bytes(" \r\n\t\n"), new Uint8Array([0xef, 0xbb, 0xbf])]) {
      expect(await refusal(data)).toBe("The file is empty: it holds no data.");
    }
  });

  it("refuses an unknown text format and says what it looked like", async () => {
    const message = await refusal(bytes("Incident report\nThe pool ran out of connections.\n"));
    expect(message).toMatch(/not a supported monitoring export: its first line is "Incident report"/);
  });

  it("refuses unknown JSON and lists its top-level keys", async () => {
    expect(await refusal(bytes('{"incident":"INC-1","owner":"sre"}'))).toMatch(/top-level keys are "incident", "owner"/);
  });

  it("refuses an HTML page, a Prometheus scrape, a ZIP (xlsx) and a gzip file, each by name", async () => {
    expect(await refusal(bytes("<!DOCTYPE html><html><body>Sign in</body></html>"))).toMatch(/HTML page/);
    expect(await refusal(bytes('# HELP up Target up\n# TYPE up gauge\nup{job="api"} 1\n'))).toMatch(/Prometheus text exposition/);
    expect(await refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toMatch(/ZIP archive .*Excel/);
    expect(await refusal(new Uint8Array([0x1f, 0x8b, 8, 0]))).toMatch(/gzip-compressed/);
  });

  it("refuses a truncated JSON file, saying it was cut off", async () => {
    const text = fixture("cloudwatch-get-metric-data.json").toString("utf8");
    expect(await refusal(bytes(text.slice(0, 5000)))).toMatch(/The file ends in the middle of the JSON — it was cut off \(CloudWatch get-metric-data output\)/);
  });

  it("refuses broken JSON that is not merely cut off, with the parser's message", async () => {
    expect(await refusal(bytes('{"status":"success","data":{"resultType":"matrix","result":[}]}}'))).toMatch(
      /not valid JSON \(a Prometheus query_range response\)/,
    );
  });

  it("closes the upload stream when it refuses a file half-way", async () => {
    let closed = false;
    let served = 0;
    async function* upload(): AsyncGenerator<Uint8Array> {
      try {
        yield bytes("host,value\n");
        for (; served < 100_000; served++) yield bytes(`a,${served}\n`.repeat(100));
      } finally {
        closed = true;
      }
    }
    expect(await refusal(upload())).toMatch(/without a time column/);
    expect(closed).toBe(true);
    expect(served).toBeLessThan(1000); // the 64 KB head and a little more, not the 60 MB on offer
  });

  it("refuses a time zone that does not exist", async () => {
    expect(await refusal(fixture("generic-timestamp-value-iso8601.csv"), { timeZone: "Mars/Olympus" })).toMatch(/"Mars\/Olympus" is not a time zone/);
  });
});

describe("parseMetricsExport result", () => {
  it("detects from the content, not the file name", async () => {
    const result = await parseMetricsExport(fixture("datadog-query-v1.json"), { fileName: "export.csv" });
    expect(result.format).toBe("datadog-query");
  });

  it("re-exports detectFormat", () => {
    expect(detectFormat('{"status":"success","data":{"resultType":"matrix","result":[]}}')).toBe("prometheus-query-range");
  });
});
