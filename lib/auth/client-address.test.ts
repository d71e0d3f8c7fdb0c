import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, parseTrustedProxies, resolveClientAddress } from "@/lib/auth/client-address";
import { installPeerAddressStamp, PEER_ADDRESS_HEADER, peerAddress, peerAddressStamp } from "@/lib/auth/peer-address";

const none = parseTrustedProxies(undefined);
const oneHop = parseTrustedProxies("1");

describe("resolveClientAddress", () => {
  it("trusts no forwarding header by default: a spoofed X-Forwarded-For does not change the address", () => {
    expect(resolveClientAddress("203.0.113.9", null, none)).toBe("203.0.113.9");
    expect(resolveClientAddress("203.0.113.9", "6.6.6.6", none)).toBe("203.0.113.9");
    expect(resolveClientAddress("203.0.113.9", "6.6.6.6, 7.7.7.7", parseTrustedProxies(""))).toBe("203.0.113.9");
    expect(resolveClientAddress("203.0.113.9", "6.6.6.6", parseTrustedProxies("0"))).toBe("203.0.113.9");
  });

  it("with a hop count, takes the entry the nearest proxy appended, whatever the client put left of it", () => {
    // client -> proxy (10.0.0.5) -> app: the proxy appends the client's address to what the client sent
    expect(resolveClientAddress("10.0.0.5", "198.51.100.20", oneHop)).toBe("198.51.100.20");
    expect(resolveClientAddress("10.0.0.5", "6.6.6.6, 7.7.7.7, 198.51.100.20", oneHop)).toBe("198.51.100.20");
    // two proxies: CDN appends the client, the load balancer appends the CDN
    expect(resolveClientAddress("10.0.0.5", "6.6.6.6, 198.51.100.20, 192.0.2.44", parseTrustedProxies("2"))).toBe("198.51.100.20");
    // fewer entries than hops: the farthest address there is
    expect(resolveClientAddress("10.0.0.5", null, oneHop)).toBe("10.0.0.5");
  });

  it("with CIDR ranges, walks left past our proxies only, IPv4 and IPv6", () => {
    const ranges = parseTrustedProxies("10.0.0.0/8, 192.0.2.44, fd00::/8");
    expect(resolveClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.20", ranges)).toBe("198.51.100.20");
    expect(resolveClientAddress("10.1.2.3", "6.6.6.6, 198.51.100.20, 192.0.2.44", ranges)).toBe("198.51.100.20");
    expect(resolveClientAddress("fd12::1", "6.6.6.6, 2001:DB8::7", ranges)).toBe("2001:db8::7");
    expect(resolveClientAddress("fd12::1", "2001:db8::7, fd00::9", ranges)).toBe("2001:db8::7");
    // not from a proxy (a client reaching the app directly): its socket address, its header ignored
    expect(resolveClientAddress("198.51.100.99", "6.6.6.6", ranges)).toBe("198.51.100.99");
    expect(resolveClientAddress("2001:db8::99", "6.6.6.6", ranges)).toBe("2001:db8::99");
    // the proxy asking by itself
    expect(resolveClientAddress("10.1.2.3", null, ranges)).toBe("10.1.2.3");
  });

  it("is null when the peer is unknown or the chosen entry is not an address", () => {
    expect(resolveClientAddress(null, "198.51.100.20", oneHop)).toBeNull();
    expect(resolveClientAddress(null, null, none)).toBeNull();
    expect(resolveClientAddress("10.0.0.5", "unknown", oneHop)).toBeNull();
    expect(resolveClientAddress("10.1.2.3", "198.51.100.20, garbage", parseTrustedProxies("10.0.0.0/8"))).toBeNull();
  });

  it("gives one spelling per machine: ports, brackets, IPv4-mapped IPv6, upper-case IPv6", () => {
    expect(normalizeAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("192.0.2.1:443")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:DB8:0:0::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("not-an-address")).toBeNull();
    expect(resolveClientAddress("::ffff:10.0.0.5", "198.51.100.20:5123", parseTrustedProxies("10.0.0.0/8"))).toBe("198.51.100.20");
  });

  it("refuses a setting that is neither a hop count nor addresses, saying so", () => {
    for (const bad of ["yes", "10.0.0.0/33", "fd00::/129", "10.0.0.0/8, proxy.internal", "1.2.3.4/8/8"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow(/HINDSIGHT_TRUSTED_PROXIES: ".*" is not an IP address or CIDR range/);
    }
  });
});

describe("clientAddress (from a request's headers)", () => {
  it("uses the socket address stamped by the server, and ignores a stamp the client forged", () => {
    installPeerAddressStamp();
    const stamped = new Headers({ [PEER_ADDRESS_HEADER]: peerAddressStamp("203.0.113.9"), "x-forwarded-for": "6.6.6.6" });
    expect(clientAddress(stamped, none)).toBe("203.0.113.9");
    expect(clientAddress(stamped, oneHop)).toBe("6.6.6.6");
    expect(peerAddress(new Headers({ [PEER_ADDRESS_HEADER]: "guessed-secret 6.6.6.6" }))).toBeNull();
    expect(clientAddress(new Headers({ [PEER_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "6.6.6.6" }), none)).toBeNull();
    expect(clientAddress(new Headers(), none)).toBeNull();
  });
});
