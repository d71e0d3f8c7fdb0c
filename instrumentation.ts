// Runs once when a Next.js server starts (not during `next build`). Starts the job worker (reminders) inside the
// app's process unless HINDSIGHT_WORKER=off; larger installs run it as its own process with `npm run worker`.
export async function register(): Promise<void> {
  // Written exactly so: Next replaces NEXT_RUNTIME at build time and leaves the Node-only import out of other bundles.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Next skips register() during `next build` itself; this guards any other build-time caller.
    if (process.env.NEXT_PHASE === "phase-production-build") return;
    const { startWorkerInApp } = await import("@/lib/jobs/in-app");
    void startWorkerInApp();
  }
}
