"use client";

// Shown for unexpected errors: a plain message and a retry, never a stack trace.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">
        The error was logged{error.digest ? ` (reference ${error.digest})` : ""}. Try again, and tell your administrator if it keeps happening.
      </p>
      <button onClick={reset} className="mt-6 rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-700">
        Try again
      </button>
    </main>
  );
}
