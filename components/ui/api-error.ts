// The REST API's error message for the user, apart from the upload code so that a page that only reads and deletes
// does not load the upload code with it.

/** The API's `{ error: { message } }`, or a plain message when something else (a proxy) answered. */
export function errorMessage(status: number, body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: string } }).error?.message;
    if (message) return message;
  } catch {
    // not our JSON: a proxy's error page
  }
  if (status === 413) return "The file is too large.";
  return `The request failed (HTTP ${status}).`;
}
