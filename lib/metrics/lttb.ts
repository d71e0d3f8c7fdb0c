// Largest-Triangle-Three-Buckets (Steinarsson, 2013): picks at most `threshold` points that keep a series' visual
// shape, spikes included, so a chart never receives more points than it has pixels for.
//
// Gaps: NaN values break the line. The finite points are split into runs between gaps; each run is downsampled on its
// own with a share of the budget proportional to its length, and one NaN point (at the gap's first timestamp) is kept
// between two runs so the chart still breaks there. When there are too many gaps for that (2·gaps + 1 > threshold),
// the finite points are downsampled together to half the budget and a NaN is put between two kept points wherever the
// original had a gap between them. Leading and trailing gaps are dropped: they draw nothing.

export type Downsampled = { timestamps: Float64Array; values: Float64Array };

export function lttb(timestamps: Float64Array, values: Float64Array, threshold: number): Downsampled {
  const length = Math.min(timestamps.length, values.length);
  const limit = Math.floor(threshold);
  if (!(limit >= 1)) throw new RangeError(`LTTB needs a threshold of at least 1 point, got ${threshold}.`);
  if (length <= limit) return { timestamps: timestamps.slice(0, length), values: values.slice(0, length) };

  const runs = finiteRuns(values, length);
  if (runs.length === 0) return { timestamps: new Float64Array(0), values: new Float64Array(0) };

  const out = new Collector(limit);
  const gaps = runs.length - 1;
  if (2 * gaps + 1 <= limit) {
    const quotas = shareBudget(runs, limit - gaps);
    for (let r = 0; r < runs.length; r++) {
      if (r > 0) out.push(timestamps[runs[r - 1].end], Number.NaN);
      downsampleRun(timestamps, values, runs[r].start, runs[r].end, quotas[r], out);
    }
  } else {
    downsampleAcrossGaps(timestamps, values, length, Math.floor((limit + 1) / 2), out);
  }
  return out.result();
}

type Run = { start: number; end: number }; // [start, end) of finite values

function finiteRuns(values: Float64Array, length: number): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i < length; i++) {
    const finite = Number.isFinite(values[i]);
    if (finite && start < 0) start = i;
    else if (!finite && start >= 0) {
      runs.push({ start, end: i });
      start = -1;
    }
  }
  if (start >= 0) runs.push({ start, end: length });
  return runs;
}

/** Every run keeps at least one point (an isolated point is still data); the rest is shared by length. */
function shareBudget(runs: Run[], budget: number): number[] {
  const quotas = runs.map(() => 1);
  let left = budget - runs.length;
  const extra = runs.map((run) => run.end - run.start - 1);
  const totalExtra = extra.reduce((sum, n) => sum + n, 0);
  if (totalExtra === 0 || left <= 0) return quotas;
  const spendable = left;
  for (let r = 0; r < runs.length; r++) {
    const share = Math.min(extra[r], Math.floor((spendable * extra[r]) / totalExtra));
    quotas[r] += share;
    left -= share;
  }
  // Rounding leftovers go to the runs that still have points to give, longest first.
  const order = runs.map((_, r) => r).sort((a, b) => extra[b] - extra[a]);
  for (let k = 0; left > 0 && k < order.length; k++) {
    const r = order[k];
    const room = runs[r].end - runs[r].start - quotas[r];
    const add = Math.min(room, left);
    quotas[r] += add;
    left -= add;
  }
  return quotas;
}

class Collector {
  private readonly t: Float64Array;
  private readonly v: Float64Array;
  private n = 0;
  constructor(capacity: number) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }
  push(time: number, value: number): void {
    this.t[this.n] = time;
    this.v[this.n] = value;
    this.n++;
  }
  result(): Downsampled {
    return { timestamps: this.t.slice(0, this.n), values: this.v.slice(0, this.n) };
  }
}

/** Classic LTTB over the finite points [start, end), keeping at most `quota` of them (first and last always). */
function downsampleRun(t: Float64Array, v: Float64Array, start: number, end: number, quota: number, out: Collector): void {
  const count = end - start;
  if (count <= quota) {
    for (let i = start; i < end; i++) out.push(t[i], v[i]);
    return;
  }
  if (quota === 1) {
    out.push(t[start], v[start]);
    return;
  }
  out.push(t[start], v[start]);
  if (quota > 2) {
    const every = (count - 2) / (quota - 2);
    let selected = start;
    for (let bucket = 0; bucket < quota - 2; bucket++) {
      const bucketStart = start + 1 + Math.floor(bucket * every);
      const bucketEnd = start + 1 + Math.floor((bucket + 1) * every);
      const nextStart = bucketEnd;
      const nextEnd = Math.min(start + 1 + Math.floor((bucket + 2) * every), end);
      let averageT = 0;
      let averageV = 0;
      if (nextStart < nextEnd && bucket < quota - 3) {
        for (let i = nextStart; i < nextEnd; i++) {
          averageT += t[i];
          averageV += v[i];
        }
        averageT /= nextEnd - nextStart;
        averageV /= nextEnd - nextStart;
      } else {
        averageT = t[end - 1]; // the last bucket looks ahead to the kept last point
        averageV = v[end - 1];
      }
      const ta = t[selected];
      const va = v[selected];
      let maxArea = -1;
      let chosen = bucketStart;
      for (let i = bucketStart; i < bucketEnd; i++) {
        const area = Math.abs((ta - averageT) * (v[i] - va) - (ta - t[i]) * (averageV - va));
        if (area > maxArea) {
          maxArea = area;
          chosen = i;
        }
      }
      out.push(t[chosen], v[chosen]);
      selected = chosen;
    }
  }
  out.push(t[end - 1], v[end - 1]);
}

function downsampleAcrossGaps(t: Float64Array, v: Float64Array, length: number, budget: number, out: Collector): void {
  const finiteIndex = new Uint32Array(length);
  let count = 0;
  for (let i = 0; i < length; i++) if (Number.isFinite(v[i])) finiteIndex[count++] = i;
  const ft = new Float64Array(count);
  const fv = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    ft[k] = t[finiteIndex[k]];
    fv[k] = v[finiteIndex[k]];
  }
  const picked = new Collector(budget);
  downsampleRun(ft, fv, 0, count, budget, picked);
  const kept = picked.result();
  // Walk the original alongside the kept points to see where a gap lay between two of them.
  let cursor = 0;
  for (let k = 0; k < kept.timestamps.length; k++) {
    if (k > 0) {
      let gapAt = Number.NaN;
      while (cursor < length && t[cursor] < kept.timestamps[k]) {
        if (!Number.isFinite(v[cursor]) && Number.isNaN(gapAt)) gapAt = t[cursor];
        cursor++;
      }
      if (!Number.isNaN(gapAt)) out.push(gapAt, Number.NaN);
    } else {
      while (cursor < length && t[cursor] <= kept.timestamps[0]) cursor++;
    }
    out.push(kept.timestamps[k], kept.values[k]);
    while (cursor < length && t[cursor] <= kept.timestamps[k]) cursor++;
  }
}
