// zod compiles object parsers with `new Function` when it may, and finds out by trying: under the pages' CSP (no
// 'unsafe-eval', lib/security/headers.ts) that try is refused and reported as a violation, though zod carries on
// without it. Telling zod up front keeps the browser console clean, so that a real violation stands out
// (e2e/security-headers.spec.ts fails on any).
//
// zod keeps its settings in one object on `globalThis.__zod_globalConfig`, created by whichever of its modules loads
// first and read on every parse (zod/v4/core/core.js). Writing to that object, rather than calling zod's `config()`,
// keeps zod itself out of every page's first load (even zod/v4/core alone is 7 kB gzip there); the test beside this
// file fails if a zod upgrade moves the settings.
type ZodGlobalConfig = { jitless?: boolean };

export function turnOffZodCompilation(scope: { __zod_globalConfig?: ZodGlobalConfig } = globalThis as never): void {
  scope.__zod_globalConfig ??= {};
  scope.__zod_globalConfig.jitless = true;
}
