// Outside Next's production build (Vitest, the benchmark, tsx scripts) the parse worker is TypeScript run from source:
// register tsx's loader in the worker first, then load it. `next build` bundles ingest-worker.ts into its own chunk
// and never loads this file (see ingest-worker.host.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
