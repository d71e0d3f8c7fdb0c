// Single sign-on through one generic OpenID Connect provider (Okta, Keycloak, Google, Entra ID ...), configured
// from the environment. A sign-in is matched to a Hindsight user by the IdP's subject (once linked) or else by a
// verified email; unknown people are refused unless AUTH_OIDC_AUTO_CREATE=true, which makes them viewers.
import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { defineAction } from "@/lib/actions/define-action";
import { systemActor } from "@/lib/auth/actor";
import type { SignInErrorCode } from "@/lib/auth/sign-in-messages";
import { emailSchema, idSchema } from "@/lib/users/schema";
import { userViewSelect } from "@/lib/users/queries";
import { env, parseEnvironment } from "@/lib/env";
import { log } from "@/lib/log/logger";

export const OIDC_PROVIDER_ID = "oidc";

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** button label: "Sign in with <name>" */
  name: string;
  autoCreate: boolean;
  /** accept an email without `email_verified: true` (Entra ID never sends the claim) */
  trustEmail: boolean;
};

/** Null when SSO is not configured. A half-configured provider is reported and left off, not half-working. */
export function oidcSettings(source?: Record<string, string | undefined>): OidcSettings | null {
  const settings = source ? parseEnvironment(source) : env();
  const issuer = settings.AUTH_OIDC_ISSUER;
  const clientId = settings.AUTH_OIDC_CLIENT_ID;
  const clientSecret = settings.AUTH_OIDC_CLIENT_SECRET;
  if (!issuer && !clientId && !clientSecret) return null;
  if (!issuer || !clientId || !clientSecret) {
    log.warn("Single sign-on is off: set all of AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET.");
    return null;
  }
  return {
    issuer,
    clientId,
    clientSecret,
    name: settings.AUTH_OIDC_NAME ?? "Single sign-on",
    autoCreate: settings.AUTH_OIDC_AUTO_CREATE,
    trustEmail: settings.AUTH_OIDC_TRUST_EMAIL,
  };
}

/** For the login page: whether to show the SSO button, and the provider's name for "Sign in with <label>". */
export function oidcButton(): { providerId: string; label: string } | null {
  const settings = oidcSettings();
  return settings ? { providerId: OIDC_PROVIDER_ID, label: settings.name } : null;
}

export type OidcIdentity = {
  provider: string;
  /** the IdP's `sub` */
  subject: string;
  email: string | null | undefined;
  emailVerified: unknown;
  name: string | null | undefined;
};

export type OidcResolution = { ok: true; userId: string } | { ok: false; code: SignInErrorCode };

const linkInput = z.object({ userId: idSchema, provider: z.string().min(1), subject: z.string().min(1) });

const linkOidcAccount = defineAction({
  name: "user.link-account",
  permission: "user:manage",
  input: linkInput,
  run: async ({ tx, input }) => tx.account.create({ data: { userId: input.userId, provider: input.provider, providerAccountId: input.subject } }),
  audit: (account) => ({ entityType: "User", entityId: account.userId, meta: { provider: account.provider, subject: account.providerAccountId } }),
});

const provisionInput = linkInput.omit({ userId: true }).extend({ email: emailSchema, name: z.string().trim().min(1).max(120) });

const provisionOidcUser = defineAction({
  name: "user.create",
  permission: "user:manage",
  input: provisionInput,
  run: async ({ tx, input }) => {
    const user = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        role: "VIEWER",
        passwordHash: null,
        accounts: { create: { provider: input.provider, providerAccountId: input.subject } },
      },
      select: userViewSelect,
    });
    return { user, provider: input.provider };
  },
  audit: ({ user, provider }) => ({
    entityType: "User",
    entityId: user.id,
    changes: { email: { after: user.email }, name: { after: user.name }, role: { after: user.role } },
    meta: { via: provider, autoCreated: true },
  }),
  revalidate: () => ["/admin/users"],
});

function isVerified(claim: unknown): boolean {
  return claim === true || claim === "true";
}

/**
 * Decides who an OIDC sign-in is, linking or creating as configured. Runs in Auth.js's signIn callback, before any
 * session exists, so its writes are audited as SYSTEM ("oidc").
 */
export async function resolveOidcSignIn(identity: OidcIdentity, settings: Pick<OidcSettings, "autoCreate" | "trustEmail">): Promise<OidcResolution> {
  const db = getDb();
  const actor = systemActor("oidc");
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.subject } },
    select: { user: { select: { id: true, active: true } } },
  });
  if (linked) return linked.user.active ? { ok: true, userId: linked.user.id } : { ok: false, code: "deactivated" };

  const parsedEmail = emailSchema.safeParse(identity.email ?? "");
  if (!parsedEmail.success) return { ok: false, code: "oidc-no-email" };
  const email = parsedEmail.data;
  if (!settings.trustEmail && !isVerified(identity.emailVerified)) return { ok: false, code: "oidc-email-unverified" };

  const existing = await db.user.findUnique({ where: { email }, select: { id: true, active: true } });
  if (existing) {
    if (!existing.active) return { ok: false, code: "deactivated" };
    await linkOidcAccount({ userId: existing.id, provider: identity.provider, subject: identity.subject }, actor);
    return { ok: true, userId: existing.id };
  }
  if (!settings.autoCreate) return { ok: false, code: "oidc-unknown-user" };
  const name = identity.name?.trim() || email.split("@")[0]!;
  const { user } = await provisionOidcUser({ email, name, provider: identity.provider, subject: identity.subject }, actor);
  return { ok: true, userId: user.id };
}
