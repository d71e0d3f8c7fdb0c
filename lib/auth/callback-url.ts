// Where to go after signing in. Only same-origin relative paths are followed: an absolute or protocol-relative URL
// in ?callbackUrl= would turn the login page into an open redirect.
export const DEFAULT_AFTER_SIGN_IN = "/incidents";

export function safeCallbackUrl(value: unknown, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof value !== "string") return fallback;
  const path = value.trim();
  // "/x" but not "//host" or "/\host" (browsers treat a backslash like a slash), and no control characters.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || /[\u0000-\u001f\u007f]/.test(path)) {
    return fallback;
  }
  try {
    const base = "http://hindsight.invalid";
    const url = new URL(path, base);
    if (url.origin !== base) return fallback;
    // Sending someone back to the login or an auth endpoint after signing in would loop.
    if (url.pathname === "/login" || url.pathname.startsWith("/api/auth")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
