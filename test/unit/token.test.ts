import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkMac, ConfirmedTokens, newToken, parseToken, tokenKey, tokenMac } from "../../src/api/auth";
import { BUILT_IN_LIMITS } from "../../src/limits";

const ADMIN = "adm_example";
const SECRET = "a-token-secret";

/** The MAC computed by Node's own crypto, as docs/decisions.md describes it. */
function referenceMac(keyBytes: Buffer | string, tenant: string, id: string): string {
  return createHmac("sha256", keyBytes).update(`${tenant}/${id}`).digest("base64url");
}
const derivedFromAdmin = Buffer.from(hkdfSync("sha256", ADMIN, Buffer.alloc(0), "cseplex token key v1", 32));

describe("token key", () => {
  it("is HKDF-SHA256 of ADMIN_TOKEN when TOKEN_SECRET is not set", async () => {
    const key = (await tokenKey({ ADMIN_TOKEN: ADMIN, TOKEN_SECRET: "" }))!;
    expect(await tokenMac(key, "acme", "0123456789abcdef")).toBe(
      referenceMac(derivedFromAdmin, "acme", "0123456789abcdef"),
    );
  });

  it("is TOKEN_SECRET itself when set, whatever ADMIN_TOKEN is", async () => {
    const key = (await tokenKey({ ADMIN_TOKEN: ADMIN, TOKEN_SECRET: SECRET }))!;
    expect(await tokenMac(key, "acme", "0123456789abcdef")).toBe(
      referenceMac(SECRET, "acme", "0123456789abcdef"),
    );
  });

  it("is missing when neither secret is set", () => {
    expect(tokenKey({})).toBeUndefined();
    expect(tokenKey({ ADMIN_TOKEN: "", TOKEN_SECRET: "" })).toBeUndefined();
  });

  it("is imported once for the same secret, again when the secret changes", () => {
    const a = tokenKey({ ADMIN_TOKEN: ADMIN });
    expect(tokenKey({ ADMIN_TOKEN: ADMIN })).toBe(a);
    const b = tokenKey({ ADMIN_TOKEN: ADMIN, TOKEN_SECRET: SECRET });
    expect(b).not.toBe(a);
    expect(tokenKey({ ADMIN_TOKEN: "another" })).not.toBe(b);
  });
});

describe("tenant tokens", () => {
  it("are cpx_<tenant>_<16 hex>_<43 base64url> and check out", async () => {
    const key = (await tokenKey({ ADMIN_TOKEN: ADMIN }))!;
    const { token, id } = await newToken(key, "acme-2");
    expect(token).toMatch(/^cpx_acme-2_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseToken(token);
    expect(parsed).toEqual({ kind: "mac", tenant: "acme-2", id, mac: token.slice(-43) });
    expect(parsed?.kind === "mac" && parsed.mac).toBe(referenceMac(derivedFromAdmin, "acme-2", id));
    expect(await checkMac(key, "acme-2", id, token.slice(-43))).toBe(true);
  });

  it("are refused with another tenant, another id, another key or any changed MAC character", async () => {
    const key = (await tokenKey({ ADMIN_TOKEN: ADMIN }))!;
    const other = (await tokenKey({ ADMIN_TOKEN: ADMIN, TOKEN_SECRET: SECRET }))!;
    const id = "00112233445566ff";
    const mac = await tokenMac(key, "acme", id);
    expect(await checkMac(key, "acme2", id, mac)).toBe(false);
    expect(await checkMac(key, "acme", "00112233445566fe", mac)).toBe(false);
    expect(await checkMac(other, "acme", id, mac)).toBe(false);
    for (let i = 0; i < mac.length; i++) {
      const changed = mac.slice(0, i) + (mac[i] === "A" ? "B" : "A") + mac.slice(i + 1);
      expect(await checkMac(key, "acme", id, changed)).toBe(false);
    }
  });

  it("have one spelling: a last character with its spare bits set is refused", async () => {
    const key = (await tokenKey({ ADMIN_TOKEN: ADMIN }))!;
    const id = "0123456789abcdef";
    const mac = await tokenMac(key, "acme", id);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(mac[42]);
    expect(last % 4).toBe(0);
    const twin = mac.slice(0, 42) + alphabet[last + 1];
    expect(Buffer.from(twin, "base64url")).toEqual(Buffer.from(mac, "base64url"));
    expect(await checkMac(key, "acme", id, twin)).toBe(false);
  });

  it("are told apart from legacy tokens and garbage by shape", () => {
    const legacy = "cpx_acme_" + "x_".repeat(21) + "y";
    expect(parseToken(legacy)).toEqual({ kind: "legacy", tenant: "acme" });
    expect(parseToken("cpx_acme_0123456789ABCDEF_" + "A".repeat(43))).toBeUndefined(); // upper-case id
    expect(parseToken("cpx_Acme_0123456789abcdef_" + "A".repeat(43))).toBeUndefined();
    expect(parseToken("cpx_acme_0123456789abcdef_" + "A".repeat(42))).toBeUndefined();
    expect(parseToken("garbage")).toBeUndefined();
  });
});

describe("confirmed-token cache", () => {
  it("keeps an entry for its TTL only", () => {
    const cache = new ConfirmedTokens(30_000);
    cache.add("acme/01", BUILT_IN_LIMITS, 1_000);
    expect(cache.has("acme/01", 1_000)).toBe(true);
    expect(cache.has("acme/01", 30_999)).toBe(true);
    expect(cache.has("acme/01", 31_000)).toBe(false);
    expect(cache.has("acme/02", 1_000)).toBe(false);
    expect(cache.size).toBe(0);
  });

  it("stays bounded: expired entries go first, then everything", () => {
    const cache = new ConfirmedTokens(10, 3);
    cache.add("a", BUILT_IN_LIMITS, 0);
    cache.add("b", BUILT_IN_LIMITS, 0);
    cache.add("c", BUILT_IN_LIMITS, 5);
    cache.add("d", BUILT_IN_LIMITS, 10); // a and b expired at 10
    expect(cache.size).toBe(2);
    cache.add("e", BUILT_IN_LIMITS, 12);
    cache.add("f", BUILT_IN_LIMITS, 13); // full of live entries: starts over
    expect(cache.size).toBe(1);
    expect(cache.has("f", 13)).toBe(true);
  });

  it("answers the limits a token was confirmed with, and forgets a whole tenant's tokens", () => {
    const cache = new ConfirmedTokens(30_000);
    const limits = { ...BUILT_IN_LIMITS, requestsPerSecond: 5 };
    cache.add("cpx_acme_0123456789abcdef_x", limits, 0);
    cache.add("cpx_acme_fedcba9876543210_y", limits, 0);
    cache.add("cpx_acme-2_0123456789abcdef_z", BUILT_IN_LIMITS, 0);
    expect(cache.get("cpx_acme_0123456789abcdef_x", 1)?.requestsPerSecond).toBe(5);
    cache.forgetTenant("acme");
    expect(cache.size).toBe(1);
    expect(cache.has("cpx_acme-2_0123456789abcdef_z", 1)).toBe(true);
  });
});
