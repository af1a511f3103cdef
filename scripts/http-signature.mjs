// Shared by the local stand-ins (test-care-system.mjs, test-recipient.mjs) and
// make-signature-vector.mjs: signing and verifying requests between Samtycke and the systems
// it talks to, with RFC 9421 HTTP Message Signatures (Ed25519, via npm http-message-signatures)
// over the method, the target URI, Content-Type and an RFC 9530 Content-Digest of the body.
// The wire format is the one the Rust side implements:
//
//   Content-Type: application/json
//   Content-Digest: sha-256=:<base64 of SHA-256(body)>:
//   Signature-Input: sig1=("@method" "@target-uri" "content-type" "content-digest");created=…;keyid="…";alg="ed25519";nonce="…"
//   Signature: sig1=:<base64 of the Ed25519 signature>:
//
// A verifier wants all four components covered, `created` within [now − 300 s, now + 60 s], a
// nonce never seen before for that key, a matching digest, a known key and a valid signature;
// otherwise it answers 401 with one of the codes below. It is never deployed.
//
// Usage (a module): import { signRequest, createVerifier, keySetFetcher } from "./http-signature.mjs";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign as edSign, verify as edVerify } from "node:crypto";
import hms from "http-message-signatures";

const { httpbis, UnknownKeyError } = hms;

/** The components every signature covers, in this order. */
export const COVERED = ["@method", "@target-uri", "content-type", "content-digest"];
/** The signature parameters, in this order. */
export const PARAMS = ["created", "keyid", "alg", "nonce"];
export const LABEL = "sig1";
/** How old (seconds) and how far ahead a signature's `created` may be. */
export const MAX_AGE = 300;
export const MAX_AHEAD = 60;
/** How long (seconds) a nonce is remembered: longer than any signature is accepted. */
export const NONCE_TTL = 400;

/** RFC 9530 Content-Digest (sha-256) of the body's bytes. */
export function contentDigest(body) {
  return `sha-256=:${createHash("sha256").update(toBytes(body)).digest("base64")}:`;
}

const toBytes = (body) => (Buffer.isBuffer(body) ? body : Buffer.from(String(body ?? ""), "utf8"));

/** A private KeyObject from a KeyObject, a private JWK (with `d`) or a PEM. */
function privateKeyOf(key) {
  if (typeof key === "object" && key.type === "private") return key;
  return typeof key === "string" ? createPrivateKey(key) : createPrivateKey({ key, format: "jwk" });
}

/** A public KeyObject from a KeyObject, a public JWK or a PEM. */
export function publicKeyOf(key) {
  if (typeof key === "object" && key.type === "public") return key;
  if (typeof key === "object" && key.type === "private") return createPublicKey(key);
  if (typeof key === "string") return createPublicKey(key);
  const { kty, crv, x } = key;
  return createPublicKey({ key: { kty, crv, x }, format: "jwk" });
}

/** A fresh Ed25519 key pair: the private KeyObject and the public JWK to publish. */
export function generateSigningKey(kid) {
  const { privateKey } = generateKeyPairSync("ed25519");
  const { kty, crv, x } = privateKey.export({ format: "jwk" });
  return { kid, privateKey, publicJwk: { kty, crv, kid, x } };
}

/**
 * Sign a request: returns the headers to send (lower-case names: content-type,
 * content-digest, signature-input, signature) and the signature base that was signed.
 * `url` is the full request URL exactly as sent; `created` (unix seconds) and `nonce` are
 * only given for fixed test vectors.
 */
export async function signRequest({ method = "POST", url, body, key, keyid, created, nonce }) {
  const privateKey = privateKeyOf(key);
  let signatureBase = null;
  const signed = await httpbis.signMessage(
    {
      key: {
        id: keyid,
        alg: "ed25519",
        async sign(data) {
          signatureBase = data.toString("utf8");
          return edSign(null, data, privateKey);
        },
      },
      name: LABEL,
      fields: COVERED,
      params: PARAMS,
      paramValues: {
        created: new Date((created ?? Math.floor(Date.now() / 1000)) * 1000),
        nonce: nonce ?? randomBytes(16).toString("base64url"),
      },
    },
    {
      method: method.toUpperCase(),
      url: String(url),
      headers: { "content-type": "application/json", "content-digest": contentDigest(body) },
    },
  );
  const headers = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { headers, signatureBase };
}

/** An error answer: 401 with `{"error":{"code","message"}}` for signature failures. */
export class SignatureFailure extends Error {
  constructor(code, message, status = 401) {
    super(message);
    this.code = code;
    this.status = status;
  }
  get body() {
    return { error: { code: this.code, message: this.message } };
  }
}

const headerOf = (headers, name) => {
  const value = headers[name] ?? headers[name.toLowerCase()] ??
    Object.entries(headers).find(([n]) => n.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(", ") : value;
};

/**
 * A verifier for signed requests. `lookupKey(keyid)` resolves to a public key (JWK, PEM or
 * KeyObject) or null. `verify({ method, url, headers, body })` resolves to `{ keyid, nonce,
 * created }` or throws a SignatureFailure. Nonces are remembered per key for NONCE_TTL.
 */
export function createVerifier({ lookupKey, now = () => Date.now() }) {
  const nonces = new Map(); // keyid → Map(nonce → seen at, ms)

  function evict(at) {
    for (const [keyid, seen] of nonces) {
      for (const [nonce, when] of seen) if (at - when > NONCE_TTL * 1000) seen.delete(nonce);
      if (seen.size === 0) nonces.delete(keyid);
    }
  }

  // The parameters, checked before the key is looked up: keyid, alg, nonce and a `created`
  // within [now − MAX_AGE, now + MAX_AHEAD].
  function checkParams(found, seconds) {
    if (typeof found.keyid !== "string" || !found.keyid) throw new SignatureFailure("signature_invalid", "The signature has no keyid.");
    if (found.alg !== "ed25519") throw new SignatureFailure("signature_invalid", "alg must be ed25519.");
    if (typeof found.nonce !== "string" || !found.nonce) throw new SignatureFailure("signature_invalid", "The signature has no nonce.");
    const created = found.created instanceof Date ? found.created.getTime() / 1000 : NaN;
    if (!Number.isInteger(created)) throw new SignatureFailure("signature_invalid", "The signature has no created time.");
    if (created < seconds - MAX_AGE || created > seconds + MAX_AHEAD) {
      throw new SignatureFailure("signature_expired", `The signature's created time is outside [now − ${MAX_AGE} s, now + ${MAX_AHEAD} s].`);
    }
  }

  async function verify({ method, url, headers, body }) {
    const signature = headerOf(headers, "signature");
    const input = headerOf(headers, "signature-input");
    if (!signature && !input) throw new SignatureFailure("signature_missing", "The request is not signed (no Signature and Signature-Input).");
    if (!signature || !input) throw new SignatureFailure("signature_invalid", "Signature and Signature-Input must come together.");
    // One signature only, labelled sig1, with every component and parameter we ask for.
    const labels = [...input.matchAll(/(?:^|,)\s*([a-z*][a-z0-9_.*-]*)=/g)].map((m) => m[1]);
    if (labels.length !== 1 || labels[0] !== LABEL || !new RegExp(`^\\s*${LABEL}=`).test(signature)) {
      throw new SignatureFailure("signature_invalid", `Expected exactly one signature, labelled ${LABEL}.`);
    }
    const digest = headerOf(headers, "content-digest");
    const match = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]+={0,2}):\s*(?:,|$)/.exec(digest ?? "");
    if (!match) throw new SignatureFailure("digest_mismatch", "Content-Digest with sha-256 is missing.");
    if (match[1] !== createHash("sha256").update(toBytes(body)).digest("base64")) {
      throw new SignatureFailure("digest_mismatch", "Content-Digest does not match the body.");
    }

    const at = now();
    const seconds = Math.floor(at / 1000);
    let params = null;
    let result;
    try {
      result = await httpbis.verifyMessage(
        {
          all: true,
          requiredFields: COVERED,
          requiredParams: PARAMS,
          // checkParams checks the time window, against our own clock (`now`).
          notAfter: Number.POSITIVE_INFINITY,
          async keyLookup(found) {
            params = found;
            checkParams(found, seconds);
            const key = await lookupKey(found.keyid);
            if (!key) return null;
            const publicKey = publicKeyOf(key);
            return {
              id: found.keyid,
              algs: ["ed25519"],
              verify: async (data, sig) => {
                try {
                  return edVerify(null, data, publicKey, sig);
                } catch {
                  return false;
                }
              },
            };
          },
        },
        { method: method.toUpperCase(), url: String(url), headers },
      );
    } catch (error) {
      if (error instanceof SignatureFailure) throw error;
      if (error instanceof UnknownKeyError) throw new SignatureFailure("unknown_key", `No key with keyid ${JSON.stringify(params?.keyid ?? null)}.`);
      throw new SignatureFailure("signature_invalid", `The signature cannot be checked: ${error.message}`);
    }
    if (result !== true) throw new SignatureFailure("signature_invalid", "The signature does not verify.");
    evict(at);
    const seen = nonces.get(params.keyid) ?? new Map();
    if (seen.has(params.nonce)) throw new SignatureFailure("request_replayed", "This signature's nonce has been used before.");
    seen.set(params.nonce, at);
    nonces.set(params.keyid, seen);
    return { keyid: params.keyid, nonce: params.nonce, created: params.created.getTime() / 1000 };
  }

  return { verify };
}

/**
 * Key lookup from a published JWK set (`{"keys":[{kty,crv,kid,x}]}`), fetched lazily on first
 * use and fetched again once when a keyid is not in it (the publisher may start later, or
 * rotate). Failures to fetch count as "no such key" and are logged.
 */
export function keySetFetcher(url, log = console.log) {
  let keys = null;
  async function load() {
    try {
      const res = await fetch(url, { headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const set = await res.json();
      keys = new Map((set.keys ?? []).filter((k) => k.kty === "OKP" && k.crv === "Ed25519" && k.kid).map((k) => [k.kid, k]));
      log(`fetched ${keys.size} request-signing key(s) from ${url}`);
    } catch (error) {
      log(`could not fetch request-signing keys from ${url}: ${error.message}`);
    }
  }
  return async function lookupKey(keyid) {
    if (!keys?.has(keyid)) await load();
    return keys?.get(keyid) ?? null;
  };
}

/** The whole request body as a Buffer. */
export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Answer JSON. */
export function sendJson(res, status, value, headers = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(value));
}

/** Verify an incoming request on this loopback server (target URI from its Host header). */
export async function verifyIncoming(verifier, req, body) {
  return verifier.verify({
    method: req.method,
    url: `http://${req.headers.host}${req.url}`,
    headers: req.headers,
    body,
  });
}

/** Log one line per request once it is answered. */
export function logRequests(req, res) {
  const started = Date.now();
  res.on("finish", () => console.log(`${new Date().toISOString()} ${req.method} ${req.url} -> ${res.statusCode} (${Date.now() - started} ms)`));
}
