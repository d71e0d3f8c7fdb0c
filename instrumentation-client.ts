// Runs in the browser before the app's own code: see lib/security/zod-jitless.ts for why zod is told not to compile.
import { turnOffZodCompilation } from "@/lib/security/zod-jitless";

turnOffZodCompilation();
