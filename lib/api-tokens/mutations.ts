// Creating and revoking API tokens, through the guarded action wrapper.
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from "@/lib/errors";
import { defineAction } from "@/lib/actions/define-action";
import { actingUser, actorCan } from "@/lib/auth/actor";
import { generateApiToken } from "@/lib/api-tokens/token-format";
import { apiTokenViewSelect, type ApiTokenView } from "@/lib/api-tokens/queries";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/api-tokens/schema";

const TOKENS_PATH = "/account/tokens";
const DAY_MS = 86_400_000;

/**
 * Creates a token for the actor (or, from the CLI, for `userId`). The plaintext is in the result ONCE: show it,
 * never store or log it.
 */
export const createApiToken = defineAction({
  name: "token.create",
  permission: "token:manage-own",
  input: createApiTokenInput,
  run: async ({ tx, input, actor }): Promise<{ token: ApiTokenView; plaintext: string }> => {
    const me = actingUser(actor);
    if (me && input.userId && input.userId !== me.id) throw new ForbiddenError("You can only create API tokens for yourself.");
    const ownerId = input.userId ?? me?.id;
    if (!ownerId) throw new InvalidInputError("Say whose token this is.", [{ path: "userId", message: "Required" }]);

    const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true } });
    if (!owner) throw new NotFoundError("The user");
    if (!owner.active) throw new ConflictError("The user is deactivated; their tokens would not work.");

    const { plaintext, tokenHash, prefix } = generateApiToken();
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
    const token = await tx.apiToken.create({
      data: { userId: ownerId, name: input.name, prefix, tokenHash, expiresAt },
      select: apiTokenViewSelect,
    });
    return { token, plaintext };
  },
  audit: ({ token }) => ({
    entityType: "ApiToken",
    entityId: token.id,
    changes: { name: { after: token.name }, userId: { after: token.userId }, expiresAt: { after: token.expiresAt } },
    meta: { prefix: token.prefix },
  }),
  revalidate: () => [TOKENS_PATH],
});

/** Revokes one of the actor's tokens; admins may revoke anyone's. Revoking twice is a no-op. */
export const revokeApiToken = defineAction({
  name: "token.revoke",
  permission: "token:manage-own",
  input: revokeApiTokenInput,
  run: async ({ tx, input, actor }): Promise<{ token: ApiTokenView; alreadyRevoked: boolean }> => {
    const found = await tx.apiToken.findUnique({ where: { id: input.tokenId }, select: apiTokenViewSelect });
    const mayTouch = found && (found.userId === actingUser(actor)?.id || actorCan(actor, "token:manage-any"));
    // Someone else's token is "not found", not "forbidden": ids of other people's tokens are not confirmed.
    if (!found || !mayTouch) throw new NotFoundError("The API token");
    if (found.revokedAt) return { token: found, alreadyRevoked: true };
    const token = await tx.apiToken.update({ where: { id: found.id }, data: { revokedAt: new Date() }, select: apiTokenViewSelect });
    return { token, alreadyRevoked: false };
  },
  audit: ({ token, alreadyRevoked }) =>
    alreadyRevoked
      ? null
      : { entityType: "ApiToken", entityId: token.id, changes: { revokedAt: { before: null, after: token.revokedAt } }, meta: { ownerId: token.userId } },
  revalidate: () => [TOKENS_PATH],
});
