// npm run bench [-- <name> ...]: runs every benchmark in bench/ (each `<name>.bench.ts` exports `run()`), one after
// another in this process, or only those whose name contains one of the given words. A benchmark reports its own
// figures; it fails (non-zero exit here) by throwing. Speed goals missed on a slow machine are printed, not thrown.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const directory = path.dirname(fileURLToPath(import.meta.url));

async function main(filters: string[]): Promise<number> {
  const files = readdirSync(directory)
    .filter((file) => file.endsWith(".bench.ts"))
    .sort()
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)));
  if (files.length === 0) {
    console.error(`No benchmark in ${directory} matches ${filters.join(", ") || "*.bench.ts"}.`);
    return 2;
  }
  const failed: string[] = [];
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, "");
    console.log(`\n== ${name} ==`);
    const started = performance.now();
    try {
      const benchmark = (await import(pathToFileURL(path.join(directory, file)).href)) as { run?: () => Promise<unknown> };
      if (typeof benchmark.run !== "function") throw new Error(`${file} does not export run()`);
      await benchmark.run();
      console.log(`== ${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed.push(name);
      console.error(`== ${name}: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  console.log(`\n${files.length - failed.length} of ${files.length} benchmarks ran${failed.length ? `; failed: ${failed.join(", ")}` : ""}.`);
  return failed.length ? 1 : 0;
}

// Exit explicitly: a benchmark may leave pools or timers behind.
process.exit(await main(process.argv.slice(2)));
