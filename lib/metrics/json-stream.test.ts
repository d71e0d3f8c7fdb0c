// The streaming JSON reader must give exactly what JSON.parse gives, wherever the chunks are cut, and refuse what
// JSON.parse refuses, telling a cut-off document from a broken one.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JsonStreamError, JsonStreamParser, parseJsonStream } from "@/lib/metrics/json-stream";

const fixtures = path.join(import.meta.dirname, "fixtures");

function parseInChunks(text: string, size: number): unknown {
  const parser = new JsonStreamParser();
  for (let at = 0; at < text.length; at += size) parser.write(text.slice(at, at + size));
  return parser.end();
}

function parseSplitAt(text: string, at: number): unknown {
  const parser = new JsonStreamParser();
  parser.write(text.slice(0, at));
  parser.write(text.slice(at));
  return parser.end();
}

function refusal(text: string, size = text.length || 1): JsonStreamError {
  try {
    parseInChunks(text, size);
  } catch (error) {
    if (error instanceof JsonStreamError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(text)}`);
}

const documents = [
  '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"api"},"values":[[1710252000,"41.2"],[1710252015.5,"NaN"]]}]}}',
  '  [ 1, -2, 3.25, -0.5e-3, 6E+2, 1e400, 0, true, false, null, "", [], {}, [[]], {"a":{}} ]  \n',
  '{"escapes":"quote \\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t","unicode":"\\u00e9\\u20ac \\ud83d\\ude80","raw":"é€🚀 ü"}',
  '{"dup":1,"dup":2,"nested":{"dup":[1,{"dup":"x"}]}}',
  '"a lone string"',
  "42",
  "null",
  '{"timestamps":[1710252000000,1710252015000,1710252030000],"values":[0.1,0.2,null]}',
];

describe("JsonStreamParser", () => {
  it("gives what JSON.parse gives, however the text is cut into chunks", () => {
    for (const text of documents) {
      const expected = JSON.parse(text);
      for (let at = 0; at <= text.length; at++) expect(parseSplitAt(text, at), `${text} split at ${at}`).toEqual(expected);
      expect(parseInChunks(text, 1)).toEqual(expected);
      expect(parseInChunks(text, 3)).toEqual(expected);
    }
  });

  it("reads every JSON export among the fixtures exactly as JSON.parse does", async () => {
    const files = readdirSync(fixtures).filter((file) => file.endsWith(".json") && !file.includes("error"));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const text = readFileSync(path.join(fixtures, file), "utf8");
      const expected = JSON.parse(text);
      expect(parseInChunks(text, 4096), file).toEqual(expected);
      expect(parseInChunks(text, 7), file).toEqual(expected);
      async function* chunks() {
        for (let at = 0; at < text.length; at += 1000) yield text.slice(at, at + 1000);
      }
      expect(await parseJsonStream(chunks()), file).toEqual(expected);
    }
  });

  it("keeps __proto__ as an own property, as JSON.parse does, never as the object's prototype", () => {
    const value = parseInChunks('{"__proto__":{"polluted":true},"a":1}', 5) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(["__proto__", "a"]);
    expect(value).toEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
  });

  it("refuses what JSON.parse refuses, saying what is wrong and where", () => {
    const broken: [string, RegExp][] = [
      ["[1,]", /unexpected "]" where a value should be at line 1, column 4/],
      ['{"a" 1}', /unexpected "1" where ":" after the property name should be at line 1, column 6/],
      ["{a:1}", /unexpected "a" where a property name in double quotes or "}" should be at line 1, column 2/],
      ["[1 2]", /unexpected "2" where "," or the closing bracket should be at line 1, column 4/],
      ['{"a":1}}', /unexpected "}" where nothing after the end of the document should be at line 1, column 8/],
      ['{"a":1]', /unexpected "]" where "," or the closing bracket should be/],
      ["[1,\n 2,\n  NaN]", /unexpected "N" where a value should be at line 3, column 3/],
      ["[1.2.3]", /"1.2.3" is not a number at line 1, column 2/],
      ["[-]", /"-" is not a number/],
      ["[trux]", /unexpected "t" where a value or \] should be at line 1, column 2/],
      ['["bad \\x escape"]', /a string holds an invalid escape sequence at line 1, column 7/],
    ];
    for (const [text, message] of broken) {
      expect(() => JSON.parse(text), text).toThrow();
      for (const size of [1, 2, text.length]) {
        const error = refusal(text, size);
        expect(error.truncated, text).toBe(false);
        expect(error.message, `${text} in chunks of ${size}`).toMatch(message);
      }
    }
  });

  it("tells a document cut off part-way from a broken one, however the chunks fell", () => {
    const cut = ['{"a":[1,2', '{"a":"b', '{"a":', '{"a"', "[tr", '["abc\\"', "[1,", "{", "", "   "];
    for (const text of cut) {
      expect(() => JSON.parse(text), text).toThrow();
      for (const size of [1, 2, text.length || 1]) {
        const error = refusal(text, size);
        expect(error.truncated, `${JSON.stringify(text)} in chunks of ${size}`).toBe(true);
        expect(error.offset).toBe(text.length);
      }
    }
    expect(refusal('{"a":[1,2').message).toMatch(/ends before its value does: it stops after 9 characters/);
    expect(refusal('{"a":\n"b').message).toMatch(/ends inside the value that starts at line 2, column 1/);
  });
});
