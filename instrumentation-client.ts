// Runs in the browser before the app's own code. zod compiles object parsers with `new Function` when it may, and
// finds out by trying: under the pages' CSP (no 'unsafe-eval', lib/security/headers.ts) that try is refused and
// reported as a violation, though zod carries on without it. Telling zod up front keeps the console clean, so a real
// violation stands out (e2e/security-headers.spec.ts fails on any). Only zod's core config is imported: the whole
// library (31 kB gzip) would otherwise ship in every page's first load.
import { config } from "zod/v4/core";

config({ jitless: true });
