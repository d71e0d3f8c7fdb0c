// JSON read from a stream of text chunks into the same value JSON.parse would return, without the text ever existing
// as one string: a JSON export is held only as the chunk being read (1 MB at most) and the value built so far. That
// keeps a large single-document export (Prometheus, Grafana, Datadog, CloudWatch…) within reach of V8's ~512 MB
// string limit and out of a second copy in memory, and it is what the metrics issue asks of every format.
//
// The grammar is JSON's (RFC 8259), with two leniencies that cannot change what a valid document means: a number is
// whatever Number() reads from JSON's number characters (so a leading `+` or zero is accepted), and control characters
// inside strings are kept rather than refused. Anything else that JSON.parse refuses is refused here too, and a
// document that stops inside a value is told apart from a broken one (`truncated`).

/** A document that is not JSON (`truncated: false`) or that ends before its value does (`truncated: true`). */
export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
    /** Characters read before the problem (the whole text when truncated). */
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonStreamError";
  }
}

// What the parser expects next.
const VALUE = 0; // a value (after `:`, after `,` in an array, or at the start)
const VALUE_OR_CLOSE = 1; // a value or `]` (just after `[`)
const KEY_OR_CLOSE = 2; // a property name or `}` (just after `{`)
const KEY = 3; // a property name (after `,` in an object)
const COLON = 4;
const AFTER_VALUE = 5; // `,` or the container's closing bracket
const DONE = 6; // only whitespace may follow the top-level value

const EXPECTED: Record<number, string> = {
  [VALUE]: "a value",
  [VALUE_OR_CLOSE]: "a value or ]",
  [KEY_OR_CLOSE]: 'a property name in double quotes or "}"',
  [KEY]: "a property name in double quotes",
  [COLON]: '":" after the property name',
  [AFTER_VALUE]: '"," or the closing bracket',
  [DONE]: "nothing after the end of the document",
};

type Frame = { container: unknown[] | Record<string, unknown>; isArray: boolean; key: string };

/** Incremental JSON parser: `write()` each chunk in order, then `end()` returns the value. */
export class JsonStreamParser {
  private state = VALUE;
  private readonly stack: Frame[] = [];
  private root: unknown = undefined;
  /** The start of a token that the previous chunk cut in two; it is read again with the next chunk. */
  private carry = "";
  /** Characters of the text before the current buffer, and where it stands in lines (for error messages). */
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  /** Set by readString: the string read and the index just after its closing quote. */
  private stringValue = "";
  private tokenEnd = 0;

  write(chunk: string): void {
    const text = this.carry ? this.carry + chunk : chunk;
    this.carry = "";
    const consumed = this.run(text, false);
    this.advance(text, consumed);
    if (consumed < text.length) this.carry = text.slice(consumed);
  }

  end(): unknown {
    const text = this.carry;
    this.carry = "";
    const consumed = this.run(text, true);
    this.advance(text, consumed);
    if (this.state !== DONE) {
      const what = this.stack.length === 0 && this.offset === 0 ? "The text is empty" : "The JSON ends before its value does";
      throw new JsonStreamError(`${what}: it stops after ${this.offset.toLocaleString("en-US")} characters.`, true, this.offset);
    }
    return this.root;
  }

  /** Reads `text` as far as it goes; returns where an unfinished token starts (text.length when none). */
  private run(text: string, final: boolean): number {
    const length = text.length;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        i++;
        continue;
      }
      const state = this.state;
      if (state === AFTER_VALUE) {
        const frame = this.stack[this.stack.length - 1]!;
        if (c === 44 /* , */) this.state = frame.isArray ? VALUE : KEY;
        else if (c === (frame.isArray ? 93 /* ] */ : 125) /* } */) this.close();
        else this.fail(text, i);
        i++;
      } else if (state === VALUE || state === VALUE_OR_CLOSE) {
        if (c === 34 /* " */) {
          if (!this.readString(text, i)) return this.unfinished(text, i, final);
          this.emit(this.stringValue);
          i = this.tokenEnd;
        } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
          let j = i + 1;
          for (; j < length; j++) {
            const d = text.charCodeAt(j);
            if (!((d >= 48 && d <= 57) || d === 46 /* . */ || d === 101 /* e */ || d === 69 /* E */ || d === 43 /* + */ || d === 45)) break;
          }
          if (j === length && !final) return i; // the number may go on in the next chunk
          const value = Number(text.slice(i, j));
          if (Number.isNaN(value)) this.fail(text, i, `"${text.slice(i, j)}" is not a number`);
          this.emit(value);
          i = j;
        } else if (c === 123 /* { */) {
          this.stack.push({ container: {}, isArray: false, key: "" });
          this.state = KEY_OR_CLOSE;
          i++;
        } else if (c === 91 /* [ */) {
          this.stack.push({ container: [], isArray: true, key: "" });
          this.state = VALUE_OR_CLOSE;
          i++;
        } else if (c === 93 && state === VALUE_OR_CLOSE) {
          this.close();
          i++;
        } else if (c === 116 /* t */ || c === 102 /* f */ || c === 110 /* n */) {
          const literal = c === 116 ? "true" : c === 102 ? "false" : "null";
          if (length - i < literal.length && literal.startsWith(text.slice(i))) return this.unfinished(text, i, final);
          if (!text.startsWith(literal, i)) this.fail(text, i);
          this.emit(c === 116 ? true : c === 102 ? false : null);
          i += literal.length;
        } else {
          this.fail(text, i);
        }
      } else if (state === KEY || state === KEY_OR_CLOSE) {
        if (c === 34) {
          if (!this.readString(text, i)) return this.unfinished(text, i, final);
          this.stack[this.stack.length - 1]!.key = this.stringValue;
          this.state = COLON;
          i = this.tokenEnd;
        } else if (c === 125 && state === KEY_OR_CLOSE) {
          this.close();
          i++;
        } else {
          this.fail(text, i);
        }
      } else if (state === COLON) {
        if (c !== 58 /* : */) this.fail(text, i);
        this.state = VALUE;
        i++;
      } else {
        this.fail(text, i);
      }
    }
    return length;
  }

  /** A string token starting at the quote at `start`; false when its closing quote is not in `text` yet. */
  private readString(text: string, start: number): boolean {
    // One pass to the closing quote (indexOf for a backslash would scan the rest of the chunk for every string).
    let escaped = -1;
    let j = start + 1;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 34 /* " */) break;
      if (c === 92 /* \ */) {
        if (escaped < 0) escaped = j;
        j++;
      }
    }
    if (j >= text.length) return false;
    if (escaped < 0) {
      this.stringValue = text.slice(start + 1, j);
    } else {
      try {
        this.stringValue = JSON.parse(text.slice(start, j + 1)) as string; // escapes, \u sequences included
      } catch {
        this.fail(text, escaped, "a string holds an invalid escape sequence");
      }
    }
    this.tokenEnd = j + 1;
    return true;
  }

  /** A token that runs to the end of `text`: read again with the next chunk, or, at the end, a cut-off document. */
  private unfinished(text: string, at: number, final: boolean): number {
    if (final) throw new JsonStreamError(`The JSON ends inside the value that starts at ${this.where(text, at)}.`, true, this.offset + text.length);
    return at;
  }

  private emit(value: unknown): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      this.root = value;
      this.state = DONE;
      return;
    }
    if (frame.isArray) {
      (frame.container as unknown[]).push(value);
    } else if (frame.key === "__proto__") {
      // As JSON.parse does: an own property, never the object's prototype.
      Object.defineProperty(frame.container, "__proto__", { value, writable: true, enumerable: true, configurable: true });
    } else {
      (frame.container as Record<string, unknown>)[frame.key] = value;
    }
    this.state = AFTER_VALUE;
  }

  private close(): void {
    this.emit(this.stack.pop()!.container);
  }

  /** Moves the text's position past `text.slice(0, consumed)`. */
  private advance(text: string, consumed: number): void {
    for (let newline = text.indexOf("\n"); newline >= 0 && newline < consumed; newline = text.indexOf("\n", newline + 1)) {
      this.line++;
      this.lineStart = this.offset + newline + 1;
    }
    this.offset += consumed;
  }

  private where(text: string, at: number): string {
    let line = this.line;
    let lineStart = this.lineStart;
    for (let newline = text.indexOf("\n"); newline >= 0 && newline < at; newline = text.indexOf("\n", newline + 1)) {
      line++;
      lineStart = this.offset + newline + 1;
    }
    return `line ${line.toLocaleString("en-US")}, column ${(this.offset + at - lineStart + 1).toLocaleString("en-US")}`;
  }

  private fail(text: string, at: number, problem?: string): never {
    const description = problem ?? `unexpected ${JSON.stringify(String.fromCodePoint(text.codePointAt(at)!))} where ${EXPECTED[this.state]} should be`;
    throw new JsonStreamError(`${description} at ${this.where(text, at)}`, false, this.offset + at);
  }
}

/** The value of a JSON text given as chunks (decoded text, in order). Throws JsonStreamError. */
export async function parseJsonStream(chunks: AsyncIterable<string>): Promise<unknown> {
  const parser = new JsonStreamParser();
  for await (const chunk of chunks) parser.write(chunk);
  return parser.end();
}
