// Reads a V8 CPU profile (.cpuprofile, as BENCH_CPU_PROF makes) and prints where the time went: self time by package
// (or our own top-level folder) and the functions with the most self time. For finding what a page spends its
// milliseconds on without opening DevTools. Run: npx tsx bench/profile-summary.ts <file.cpuprofile> [top N]
import { readFileSync } from "node:fs";

type Frame = { functionName: string; url: string; lineNumber: number };
type Node = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** "next", "react-dom", "@prisma/client", our "lib/incidents", "(node)" for Node's own, "(program)" and the like. */
export function bucketOf(frame: Frame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  if (url.startsWith("node:")) return "(node)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const chunk = url.match(/\.next\/server\/(.*)$/);
  if (chunk) return `.next/server (${chunk[1]!.split("/")[0]})`;
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
}

export function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...self.values()].reduce((sum, value) => sum + value, 0);
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    const bucket = bucketOf(frame);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + micros);
    const name = `${frame.functionName || "(anonymous)"} ${bucket}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  return [`${(total / 1e6).toFixed(1)} s sampled`, "self time by package:", ...lines(buckets), "", "functions by self time:", ...lines(functions)].join("\n");
}

if (process.argv[2]) {
  console.log(summarize(JSON.parse(readFileSync(process.argv[2], "utf8")) as Profile, Number(process.argv[3] ?? 25)));
}
