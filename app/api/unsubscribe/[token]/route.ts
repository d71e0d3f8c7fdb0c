// POST /unsubscribe/{token} (proxy.ts hands every POST to that page's address to this route): turns off the reminder
// mail and the digest of the user the token names. Two callers:
// - mail clients' one-click unsubscribe (RFC 8058: body `List-Unsubscribe=One-Click`, no cookie, no Origin), answered
//   with a short text, never a redirect;
// - the form on the /unsubscribe/{token} page (`from=page`), sent back to that page, which then says the mail is off.
// The secret token is the only credential: an unknown one is a 404 that says nothing more. A repeat changes nothing.
import { NotFoundError, InvalidInputError } from "@/lib/errors";
import { apiHandler } from "@/lib/api/handler";
import { unsubscribeWithToken } from "@/lib/users/mutations";

const TEXT_HEADERS = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };

async function sentFromPage(request: Request): Promise<boolean> {
  try {
    return (await request.formData()).get("from") === "page";
  } catch {
    return false; // no body, or not a form: a mail client
  }
}

export const POST = apiHandler<{ params: Promise<{ token: string }> }>(async (request, { params }) => {
  const token = decodeSegment((await params).token);
  const fromPage = await sentFromPage(request);
  try {
    await unsubscribeWithToken(token);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InvalidInputError)
      return new Response("This link is not valid. It may have been mistyped, or the account no longer exists.\n", { status: 404, headers: TEXT_HEADERS });
    throw error;
  }
  if (fromPage) return new Response(null, { status: 303, headers: { Location: `/unsubscribe/${encodeURIComponent(token)}`, "Cache-Control": "no-store" } });
  return new Response("Unsubscribed: Hindsight sends no more reminder or digest mail to this address.\n", { status: 200, headers: TEXT_HEADERS });
});

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // names no one: a 404
  }
}
