// The route a request path belongs to, as the app's folders name it ("/incidents/[id]", "/api/calendar/[file]"): the
// label of the HTTP metrics and the `route` of the access log. A path's own ids would give every incident its own
// time series; a label from this fixed set keeps the count of series bounded whatever clients ask for. Anything that
// is no route of the app is "other" (and every /_next/static file is "/_next/static").
//
// The routes come from the build: `.next/app-path-routes-manifest.json` lists every page and route handler with its
// URL pattern (route groups already left out), under `next start` and in the standalone server alike. Without a
// build (`next dev`, tests) the app/ folder is read instead. Loaded once per process.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const OTHER_ROUTE = "other";
export const STATIC_ROUTE = "/_next/static";

/**
 * Routes whose path holds a credential (a calendar feed's token, a mail's unsubscribe token). Any path under these
 * prefixes is logged as its route pattern only, never as written, even when it matches no route.
 */
const CREDENTIAL_PREFIXES = ["/api/calendar/", "/api/unsubscribe/", "/unsubscribe/"];

type Segment = { kind: "literal"; text: string } | { kind: "dynamic" } | { kind: "catch-all"; optional: boolean };
type Route = { pattern: string; segments: Segment[] };

function compile(pattern: string): Route {
  const segments = pattern
    .split("/")
    .filter(Boolean)
    .map((part): Segment => {
      if (/^\[\[\.\.\.[^\]]+\]\]$/.test(part)) return { kind: "catch-all", optional: true };
      if (/^\[\.\.\.[^\]]+\]$/.test(part)) return { kind: "catch-all", optional: false };
      if (/^\[[^\]]+\]$/.test(part)) return { kind: "dynamic" };
      return { kind: "literal", text: part };
    });
  return { pattern, segments };
}

/** How specific a route's match is, segment by segment: a literal beats a [param], which beats a [...catchAll]. */
const RANK = { literal: 0, dynamic: 1, "catch-all": 2 } as const;

function matches(route: Route, parts: string[]): boolean {
  const { segments } = route;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.kind === "catch-all") return parts.length > index || (segment.optional && parts.length === index);
    const part = parts[index];
    if (part === undefined) return false;
    if (segment.kind === "literal" && segment.text !== part) return false;
  }
  return parts.length === segments.length;
}

function moreSpecific(a: Route, b: Route): boolean {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index++) {
    const rankA = a.segments[index] ? RANK[a.segments[index]!.kind] : 3;
    const rankB = b.segments[index] ? RANK[b.segments[index]!.kind] : 3;
    if (rankA !== rankB) return rankA < rankB;
  }
  return false;
}

/** Matches paths against `patterns` ("/incidents/[id]", "/api/auth/[...nextauth]"). */
export function routeMatcher(patterns: Iterable<string>): (pathname: string) => string {
  const routes = [...new Set(patterns)].map(compile);
  const exact = new Map(routes.filter((route) => route.segments.every((segment) => segment.kind === "literal")).map((route) => [route.pattern, route.pattern]));
  const dynamic = routes.filter((route) => !exact.has(route.pattern));
  return (pathname) => {
    if (pathname === STATIC_ROUTE || pathname.startsWith(`${STATIC_ROUTE}/`)) return STATIC_ROUTE;
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
    const found = exact.get(trimmed || "/");
    if (found) return found;
    const parts = trimmed.split("/").filter((part, index) => index > 0 || part !== "");
    if (parts.some((part) => part === "")) return OTHER_ROUTE;
    let best: Route | undefined;
    for (const route of dynamic) if (matches(route, parts) && (!best || moreSpecific(route, best))) best = route;
    return best?.pattern ?? OTHER_ROUTE;
  };
}

/** The URL patterns of the build's pages and route handlers, or null without a build. */
function patternsFromBuild(root: string): string[] | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, ".next", "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
    return Object.values(manifest);
  } catch {
    return null;
  }
}

/** The same, read from the app/ folder: page and route files, route groups "(name)" and "@slots" left out. */
export function patternsFromAppFolder(appFolder: string): string[] {
  const found: string[] = [];
  const walk = (folder: string, segments: string[]) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue; // private folders are no routes
        const invisible = /^\(.+\)$/.test(entry.name) || entry.name.startsWith("@");
        walk(path.join(folder, entry.name), invisible ? segments : [...segments, entry.name]);
      } else if (/^(page|route)\.(tsx?|jsx?|mdx?)$/.test(entry.name)) {
        found.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(appFolder, []);
  return found;
}

/** Files served from public/ as they are ("/favicon.svg"). */
function publicFiles(root: string): string[] {
  try {
    return readdirSync(path.join(root, "public"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${path.relative(path.join(root, "public"), path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`);
  } catch {
    return [];
  }
}

const STATE = Symbol.for("hindsight.route-pattern");
const holder = globalThis as { [STATE]?: (pathname: string) => string };

function processMatcher(): (pathname: string) => string {
  if (holder[STATE]) return holder[STATE];
  const root = process.cwd();
  const patterns = patternsFromBuild(root) ?? patternsFromAppFolder(path.join(root, "app"));
  holder[STATE] = routeMatcher([...patterns, ...publicFiles(root)]);
  return holder[STATE];
}

/** The path part of a request target ("/incidents/abc?x=1" → "/incidents/abc"). */
export function pathOf(url: string | undefined): string {
  const target = url ?? "/";
  if (!target.startsWith("/")) {
    // The absolute form a client may send through a proxy ("GET http://host/path HTTP/1.1").
    try {
      return new URL(target).pathname;
    } catch {
      return "/";
    }
  }
  return target.split(/[?#]/, 1)[0] || "/";
}

/** The route pattern a request target belongs to ("/incidents/INC-1?tab=x" → "/incidents/[id]"), or "other". */
export function routePatternOf(url: string | undefined): string {
  return processMatcher()(pathOf(url));
}

/**
 * The path as the access log may show it: the query string never (tokens travel there), a path under a credential
 * route only as its pattern, and at most 200 characters.
 */
export function loggablePath(url: string | undefined, route: string): string {
  const pathname = pathOf(url);
  if (CREDENTIAL_PREFIXES.some((prefix) => pathname.startsWith(prefix) || `${pathname}/` === prefix)) return route;
  return pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
}
