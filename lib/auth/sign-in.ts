"use server";
// Server actions behind the login page and the sign-out button.
//   const [state, formAction, pending] = useActionState(signInWithPassword, null);
//   <form action={formAction}> email, password, and a hidden callbackUrl </form>
//   <form action={signInWithOidc}> hidden callbackUrl </form>      (only when oidcButton() is not null)
//   <form action={signOutAction}><button>Sign out</button></form>
import "server-only";
import { AuthError, CredentialsSignin } from "@auth/core/errors"; // = next-auth's exports, see password-sign-in.ts
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { InvalidInputError } from "@/lib/errors";
import { errorToActionState, type ActionPrevState, type ActionState } from "@/lib/actions/action-state";
import { LOGIN_PATH } from "@/lib/auth/auth.config";
import { auth, PASSWORD_PROVIDER_ID, signIn, signOut } from "@/lib/auth/auth";
import { revokeSession } from "@/lib/auth/revoked-sessions";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc";
import { passwordSignInInput, PasswordSignInError, throttledMessage } from "@/lib/auth/password-sign-in";
import { KNOWN_DEVICE_COOKIE, KNOWN_DEVICE_MAX_AGE_SECONDS, knownDeviceToken } from "@/lib/auth/known-device";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-messages";
import { env } from "@/lib/env";

/**
 * The login form's action. On success it redirects to the form's `callbackUrl` (same-origin paths only) or
 * /incidents; otherwise it returns the message to show, with `values.email` to refill the field.
 */
export async function signInWithPassword(_previous: ActionPrevState, formData: FormData): Promise<ActionState> {
  const email = String(formData.get("email") ?? "");
  const parsed = passwordSignInInput.safeParse({ email, password: String(formData.get("password") ?? "") });
  if (!parsed.success) return { ...errorToActionState(InvalidInputError.fromZod(parsed.error)), values: { email } };
  const destination = safeCallbackUrl(formData.get("callbackUrl"));

  try {
    await signIn(PASSWORD_PROVIDER_ID, { email: parsed.data.email, password: parsed.data.password, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { ok: false, message: refusalMessage(error), fieldErrors: {}, values: { email } };
    }
    if (error instanceof AuthError) {
      return { ok: false, message: SIGN_IN_ERRORS.Configuration, fieldErrors: {}, values: { email } };
    }
    throw error;
  }
  await rememberThisDevice(parsed.data.email);
  redirect(destination);
}

/** Lets this browser past the account's throttle when someone else keeps it running (lib/auth/known-device.ts). */
async function rememberThisDevice(email: string): Promise<void> {
  const token = knownDeviceToken(email);
  if (!token) return;
  (await cookies()).set(KNOWN_DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().appUrl?.https === true,
    path: "/",
    maxAge: KNOWN_DEVICE_MAX_AGE_SECONDS,
  });
}

function refusalMessage(error: CredentialsSignin): string {
  if (error.code === "throttled") {
    const seconds = error instanceof PasswordSignInError ? error.retryAfterSeconds : undefined;
    return seconds ? throttledMessage(Math.max(1, seconds)) : SIGN_IN_ERRORS.throttled;
  }
  return error.code === "deactivated" ? SIGN_IN_ERRORS.deactivated : SIGN_IN_ERRORS.invalid;
}

/** Starts single sign-on: redirects to the identity provider, which returns to `callbackUrl` (or /incidents). */
export async function signInWithOidc(formData: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
}

/** Ends this session on the server (a saved copy of the cookie stops working), then clears the cookie. */
export async function signOutAction(): Promise<void> {
  const session = await auth();
  if (session?.sessionId && session.user?.id) await revokeSession(session.sessionId, session.user.id);
  await signOut({ redirectTo: LOGIN_PATH });
}
