// Which line of the text went into which field of the report, so the import preview can show it.

export type LineMapEntry = { line: number; field: string };

export class LineMap {
  readonly entries: LineMapEntry[] = [];
  add(lines: number | number[], field: string) {
    for (const line of Array.isArray(lines) ? lines : [lines]) this.entries.push({ line, field });
  }
}
