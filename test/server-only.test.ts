// Modules that reach the database or the settings (secrets among them) say so with `import "server-only"`, so that a
// client component importing one, however indirectly, fails `next build` instead of shipping server code (and the
// names of secrets) to the browser. This test is the rule's machine check; CONVENTIONS.md says it in words.
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

function sourceFiles(directory: string): string[] {
  return readdirSync(path.join(root, directory), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !/test-(fixtures|smtp-env)\.ts$/.test(entry.name) ? [relative] : [];
  });
}

/** Why a module must be server-only, or null: it loads the database client or the settings, or runs SQL it is handed. */
function reachesServer(file: string, text: string): string | null {
  if (file.startsWith("lib/db/") || file === "lib/env.ts") return "is the database layer or the settings";
  for (const match of text.matchAll(/^import\s+(type\s+)?(\{[^}]*\}|[\w*][^"]*?)\s+from\s+"(@\/lib\/[^"]+)";/gm)) {
    const [, typeOnly, names, source] = match;
    const loads = !typeOnly && (source === "@/lib/env" || source.startsWith("@/lib/db/") || source === "@/lib/generated/prisma/client");
    if (loads) return `imports ${source}`;
    if (source === "@/lib/db/client" && /\b(Db|Tx)\b/.test(names)) return `runs SQL on a ${names.includes("Tx") ? "Tx" : "Db"}`;
  }
  return null;
}

describe("server-only modules", () => {
  it("every module under lib/ that reaches the database or the settings imports server-only", () => {
    const missing: string[] = [];
    let marked = 0;
    for (const file of sourceFiles("lib")) {
      const text = readFileSync(path.join(root, file), "utf8");
      const reason = reachesServer(file, text);
      if (!reason) continue;
      if (/^import "server-only";$/m.test(text)) marked++;
      else missing.push(`${file} ${reason} but has no import "server-only"`);
    }
    expect(missing).toEqual([]);
    expect(marked).toBeGreaterThan(60);
  });

  it("outside the react-server condition, loading the database client throws; the npm scripts load it with that condition", () => {
    const tsx = path.join(root, "node_modules/.bin/tsx");
    const probe = 'import("@/lib/db/client").then(() => console.log("loaded"))';
    const plain = spawnSync(tsx, ["--eval", probe], { cwd: root, encoding: "utf8" });
    expect(plain.status).not.toBe(0);
    expect(plain.stderr).toContain("This module cannot be imported from a Client Component module");
    expect(execFileSync(tsx, ["--conditions=react-server", "--eval", probe], { cwd: root, encoding: "utf8" })).toContain("loaded");

    const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const withoutCondition = Object.entries(scripts).filter(([, command]) => /\btsx\b/.test(command) && !command.includes("--conditions=react-server"));
    expect(withoutCondition).toEqual([]);
  });
});
