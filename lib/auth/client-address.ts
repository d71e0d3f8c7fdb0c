// Which address a request comes from, for the per-address sign-in throttle.
//
// X-Forwarded-For is a list anyone can start: a client sends `X-Forwarded-For: 6.6.6.6` and each proxy on the way
// appends the address it was connected from. Only entries appended by proxies we run can be believed, so by default
// (HINDSIGHT_TRUSTED_PROXIES unset) the header is ignored and the address is the TCP peer (lib/auth/peer-address.ts).
// Behind reverse proxies, HINDSIGHT_TRUSTED_PROXIES says which entries to believe:
//   - a hop count, e.g. `1`: that many proxies stand in front of the app, and every request passes through all of
//     them. The client is the entry that many places left of the peer. Use it only when the app cannot be reached
//     except through the proxies: a client that bypasses them could name any address.
//   - a comma-separated list of addresses or CIDR ranges of the proxies, e.g. `10.0.0.0/8, fd00::/8`: walking from
//     the peer leftwards, every address inside the list is a proxy; the first one outside it is the client. A
//     client connecting directly (from outside the list) is taken at its socket address.
// The `Forwarded` header (RFC 7239) and `X-Real-IP` are not read.
import "server-only";
import { BlockList, isIP } from "node:net";
import { peerAddress } from "@/lib/auth/peer-address";
import { env } from "@/lib/env";

export type TrustedProxies = { kind: "none" } | { kind: "hops"; count: number } | { kind: "ranges"; list: BlockList; text: string };

const TRUST_NONE: TrustedProxies = { kind: "none" };

/** Reads HINDSIGHT_TRUSTED_PROXIES; throws, saying what is wrong, on a value that is neither form. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? "";
  if (text === "") return TRUST_NONE;
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    return count === 0 ? TRUST_NONE : { kind: "hops", count };
  }
  const list = new BlockList();
  for (const entry of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [rawAddress = "", prefixText, ...rest] = entry.split("/");
    const address = normalizeAddress(rawAddress);
    const family = address ? (isIP(address) === 6 ? "ipv6" : "ipv4") : null;
    const maxPrefix = family === "ipv6" ? 128 : 32;
    const prefix = prefixText === undefined ? maxPrefix : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!address || !family || rest.length > 0 || !(prefix >= 0 && prefix <= maxPrefix)) {
      throw new Error(
        `HINDSIGHT_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range. Give a hop count (like 1) or your proxies' addresses and ranges separated by commas (like 10.0.0.0/8, fd00::/8).`,
      );
    }
    list.addSubnet(address, prefix, family);
  }
  return { kind: "ranges", list, text };
}

let cached: { value: string | undefined; parsed: TrustedProxies } | undefined;
function trustedProxiesFromEnvironment(): TrustedProxies {
  const value = env().HINDSIGHT_TRUSTED_PROXIES;
  if (cached === undefined || cached.value !== value) cached = { value, parsed: parseTrustedProxies(value) };
  return cached.parsed;
}

/**
 * An address in one spelling per machine: no port or brackets, IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a
 * dual-stack socket reports) as IPv4, IPv6 lower-case and compressed. Null for anything that is not an address.
 */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text); // [2001:db8::1]:443
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(":")); // 192.0.2.1:443
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1]!;
  const family = isIP(text);
  if (family === 4) return text;
  if (family === 6) return new URL(`http://[${text}]/`).hostname.slice(1, -1); // WHATWG URL gives the canonical form
  return null;
}

/**
 * The one rule for who is asking: `peer` is the socket address, `forwardedFor` the X-Forwarded-For header as
 * received. Null when the peer is unknown, or when the entry chosen is not an address (a misconfigured proxy).
 */
export function resolveClientAddress(peer: string | null, forwardedFor: string | null, trusted: TrustedProxies): string | null {
  const peerAddress = peer === null ? null : normalizeAddress(peer);
  if (peerAddress === null) return null;
  if (trusted.kind === "none") return peerAddress;
  // Nearest first: the peer, then what the nearest proxy appended, and so on out to what the client wrote.
  const chain = [
    peerAddress,
    ...(forwardedFor ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .reverse()
      .map(normalizeAddress),
  ];
  if (trusted.kind === "hops") {
    // Fewer entries than hops: the request came by a shorter way; its farthest address is the best there is.
    return chain[Math.min(trusted.count, chain.length - 1)] ?? null;
  }
  for (const address of chain) {
    if (address === null) return null;
    if (!trusted.list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4")) return address;
  }
  // Every hop is one of our proxies (a health check from the proxy itself): the farthest is the client.
  return chain.at(-1) ?? null;
}

/** The client address of a request to this server, as far as it can be known; null when it cannot. */
export function clientAddress(headers: Headers, trusted: TrustedProxies = trustedProxiesFromEnvironment()): string | null {
  return resolveClientAddress(peerAddress(headers), headers.get("x-forwarded-for"), trusted);
}
