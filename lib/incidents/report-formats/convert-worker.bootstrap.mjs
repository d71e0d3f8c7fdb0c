// Outside Next's production build (Vitest, tsx scripts) the conversion worker is TypeScript run from source: register
// tsx's loader in the worker first, then load it. `next build` bundles convert-worker.ts into its own chunk and never
// loads this file (see convert.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
