// What the login page says when a sign-in is refused. The codes travel in `/login?error=<code>` (OIDC refusals
// happen inside Auth.js's callback, far from the form), so they are short and reveal nothing sensitive.
// Client-safe: no server imports.
export const SIGN_IN_ERRORS = {
  invalid: "Email or password is incorrect.",
  deactivated: "This account is deactivated. Ask an admin to reactivate it.",
  "session-ended": "This session has ended: you signed out, or were signed out because the password was changed or all sessions were ended. Sign in again.",
  "signed-out-everywhere": "You are signed out everywhere: every session of your account has ended.",
  throttled: "Too many failed attempts. Wait a moment and try again.",
  "oidc-unknown-user": "There is no Hindsight account for this email. Ask an admin to create one.",
  "oidc-email-unverified": "Your identity provider did not confirm your email address, so it cannot be matched to an account.",
  "oidc-no-email": "Your identity provider did not share an email address, so it cannot be matched to an account.",
  // Auth.js's own codes
  AccessDenied: "You cannot sign in with this account.",
  Configuration: "Sign-in is misconfigured on the server. The error was logged.",
  OAuthCallbackError: "Signing in with your identity provider failed. Try again.",
  CallbackRouteError: "Signing in with your identity provider failed. Try again.",
} as const;

export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

/** The message for `?error=` on /login, or a generic one for unknown codes; null when there is no error. */
export function signInErrorMessage(code: string | string[] | null | undefined): string | null {
  const value = Array.isArray(code) ? code[0] : code;
  if (!value) return null;
  return (SIGN_IN_ERRORS as Record<string, string>)[value] ?? "Signing in failed. Try again.";
}
