import { describe, expect, it } from "vitest";
import { detectDelimiter, isCommentLine, readCsv, type CsvDialect } from "@/lib/metrics/csv";

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function rowsOf(text: string, size = 1 << 16, delimiter?: string): Promise<{ rows: string[][]; lines: number[]; dialect: CsvDialect }> {
  const rows: string[][] = [];
  const lines: number[] = [];
  const dialect = await readCsv(
    pieces(text, size),
    { row: (fields, count, line) => void (rows.push(fields.slice(0, count)), lines.push(line)) },
    { delimiter },
  );
  return { rows, lines, dialect };
}

describe("readCsv", () => {
  it("splits rows and fields, CRLF or LF, last line without a line break", async () => {
    const { rows, dialect } = await rowsOf("time,a,b\r\n1,2,3\r\n4,5,6");
    expect(dialect.delimiter).toBe(",");
    expect(rows).toEqual([
      ["time", "a", "b"],
      ["1", "2", "3"],
      ["4", "5", "6"],
    ]);
  });

  it("gives the same rows whatever the chunk boundaries, quotes and CRLF included", async () => {
    const text = '"Time","a ""quoted"" name","b"\r\n2024-03-12 14:00:00,"1,5",2\r\n2024-03-12 14:01:00,3,"multi\r\nline"\r\n';
    const whole = await rowsOf(text);
    for (const size of [1, 2, 3, 7]) expect((await rowsOf(text, size)).rows).toEqual(whole.rows);
    expect(whole.rows).toEqual([
      ["Time", 'a "quoted" name', "b"],
      ["2024-03-12 14:00:00", "1,5", "2"],
      ["2024-03-12 14:01:00", "3", "multi\r\nline"],
    ]);
    expect(whole.lines).toEqual([1, 2, 3]);
  });

  it("takes the delimiter from Excel's sep= line and does not pass that line on", async () => {
    const { rows, dialect } = await rowsOf("sep=;\nTime;value\n2024-03-12 14:00:00;41,2\n");
    expect(dialect).toEqual({ delimiter: ";", sepLine: true });
    expect(rows).toEqual([
      ["Time", "value"],
      ["2024-03-12 14:00:00", "41,2"],
    ]);
  });

  it("detects semicolons over decimal commas, and tabs", async () => {
    expect((await rowsOf("time;value;other\n2024-03-12 14:00:00;41,2;39,5\n")).dialect.delimiter).toBe(";");
    expect((await rowsOf("time\tvalue\n1710251400\t0.5\n")).rows).toEqual([
      ["time", "value"],
      ["1710251400", "0.5"],
    ]);
  });

  it("reads old Mac line ends (CR only)", async () => {
    expect((await rowsOf("t,v\r1,2\r3,4")).rows).toEqual([
      ["t", "v"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("keeps empty fields and an unclosed quote to the end of the file", async () => {
    expect((await rowsOf("a,b,c\n1,,3\n")).rows[1]).toEqual(["1", "", "3"]);
    expect((await rowsOf('a,b\n1,"open')).rows[1]).toEqual(["1", "open"]);
  });

  it("stops when the handler says so", async () => {
    const seen: string[] = [];
    await readCsv(pieces("a\n1\n2\n3\n", 2), { row: (fields) => (seen.push(fields[0]), seen.length < 2) });
    expect(seen).toEqual(["a", "1"]);
  });
});

describe("detectDelimiter", () => {
  it("prefers the delimiter that splits every line alike", () => {
    expect(detectDelimiter(["a,b,c", "1,2,3"])).toBe(",");
    expect(detectDelimiter(["a;b", "1,5;2,5"])).toBe(";");
    expect(detectDelimiter(['"x,y"|z', "1|2"])).toBe("|");
    expect(detectDelimiter(["single"])).toBe(",");
  });
});

describe("comment lines above the first row", () => {
  const text = '# exported from Grafana, "Checkout" dashboard\n// time range, browser time\n\n"Time";"value"\n2021-03-03T14:05:00Z;1,5\n';

  it("are not rows, whatever commas or quotes they hold; line numbers stay the file's", async () => {
    for (const size of [3, 17, 1 << 16]) {
      const { rows, lines, dialect } = await rowsOf(text, size);
      expect(dialect.delimiter).toBe(";");
      expect(rows).toEqual([
        ["Time", "value"],
        ["2021-03-03T14:05:00Z", "1,5"],
      ]);
      expect(lines).toEqual([4, 5]);
    }
  });

  it("are left out when the delimiter is sought, but Grafana's and InfluxDB's header lines are not comments", () => {
    expect(detectDelimiter(["# a, b, c, d", "// e, f", "time;value", "1;2"])).toBe(";");
    expect(["# exported", "  // x", "#name#Time,Value", "#unit#,ms", "#group,false,false", "#datatype,string", "time,value"].map(isCommentLine)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
