// The address of the machine at the other end of the TCP connection, made readable to route handlers and server
// actions.
//
// Next 16 gives them no socket (`request.ip` went away in Next 15), and under `next start` it fills
// `x-forwarded-for` from the socket only when the client sent none (`??=` in next/dist/server/base-server.js): a
// client that sends its own `X-Forwarded-For` hides the real peer completely. The only code that sees the socket is
// Node's HTTP server, so we listen on its `http.server.request.start` diagnostics channel (published for every request
// before Next's handler runs) and write the peer address into a header of ours, overwriting whatever a client sent
// under that name. The value carries a per-process secret, so a copy a client sends cannot pass for ours even for a
// request that arrived before the listener was installed (Next accepts connections while it starts up).
// installPeerAddressStamp() runs from instrumentation.ts when the server starts.
import { randomBytes, timingSafeEqual } from "node:crypto";
import diagnosticsChannel from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

export const PEER_ADDRESS_HEADER = "x-hindsight-peer-address";

// On globalThis, not in a module variable: Next bundles instrumentation.ts and each route separately, and all of them
// must see the one secret of this process.
const STATE = Symbol.for("hindsight.peer-address-stamp");
type StampState = { secret: string; onRequest: (message: unknown) => void };
const holder = globalThis as { [STATE]?: StampState };

/** Starts stamping every incoming request of this process with its peer address. Idempotent. */
export function installPeerAddressStamp(): void {
  if (holder[STATE]) return;
  const secret = randomBytes(18).toString("base64url");
  const onRequest = (message: unknown) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = socket.remoteAddress;
    if (address) request.headers[PEER_ADDRESS_HEADER] = `${secret} ${address}`;
    else delete request.headers[PEER_ADDRESS_HEADER];
  };
  holder[STATE] = { secret, onRequest };
  diagnosticsChannel.subscribe("http.server.request.start", onRequest);
}

/** The header value installPeerAddressStamp writes for `address` (for tests that build requests by hand). */
export function peerAddressStamp(address: string): string {
  const state = holder[STATE];
  if (!state) throw new Error("installPeerAddressStamp() has not run in this process.");
  return `${state.secret} ${address}`;
}

/** The socket peer of this request, or null when the server did not stamp it (or the stamp is forged). */
export function peerAddress(headers: Headers): string | null {
  const state = holder[STATE];
  const value = headers.get(PEER_ADDRESS_HEADER);
  if (!state || !value) return null;
  const space = value.indexOf(" ");
  if (space < 0) return null;
  const given = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(state.secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return value.slice(space + 1) || null;
}
