// Runs in the browser before the app's own code. zod compiles object parsers with `new Function` when it may, and
// finds out by trying: under the pages' CSP (no 'unsafe-eval', lib/security/headers.ts) that try is refused and
// reported as a violation, though zod carries on without it. Telling zod up front keeps the console clean, so a real
// violation stands out (e2e/security-headers.spec.ts fails on any).
import { z } from "zod";

z.config({ jitless: true });
