// Writes tests/fixtures/http-signature-vector.json: one request signed the way Samtycke and the
// systems it talks to sign requests (scripts/http-signature.mjs), with everything fixed (the
// key, created, nonce, URL, body), so the Rust implementation can check it builds the same
// signature base and verifies the same signature. The key is RFC 9421 Appendix B.1.4's
// "test-key-ed25519"; it is a published test key and signs nothing real.
//
// Usage: node scripts/make-signature-vector.mjs
import { createPublicKey, verify } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { contentDigest, signRequest } from "./http-signature.mjs";

// RFC 9421 B.1.4 test-key-ed25519, as a JWK.
const KEY = {
  kty: "OKP",
  crv: "Ed25519",
  kid: "test-key-ed25519",
  x: "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs",
  d: "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU",
};
const method = "POST";
const url = "https://samtycke.example/api/intake/certificates";
const body = '{"hello":"värld"}';
const created = 1767225600;
const nonce = "bm9uY2Utdm9yLXRlc3Q";

const { headers, signatureBase } = await signRequest({ method, url, body, key: KEY, keyid: KEY.kid, created, nonce });

// The base written out by hand from RFC 9421 §2.5: the library must have signed exactly this.
const params = `("@method" "@target-uri" "content-type" "content-digest");created=${created};keyid="${KEY.kid}";alg="ed25519";nonce="${nonce}"`;
const expectedBase = [
  `"@method": ${method}`,
  `"@target-uri": ${url}`,
  `"content-type": application/json`,
  `"content-digest": ${contentDigest(body)}`,
  `"@signature-params": ${params}`,
].join("\n");
if (signatureBase !== expectedBase) throw new Error(`signature base differs:\n${signatureBase}\n---\n${expectedBase}`);
if (headers["signature-input"] !== `sig1=${params}`) throw new Error(`Signature-Input differs: ${headers["signature-input"]}`);
const signature = /^sig1=:([A-Za-z0-9+/=]+):$/.exec(headers.signature)?.[1];
const publicJwk = { kty: KEY.kty, crv: KEY.crv, kid: KEY.kid, x: KEY.x };
const publicKey = createPublicKey({ key: { kty: KEY.kty, crv: KEY.crv, x: KEY.x }, format: "jwk" });
if (!signature || !verify(null, Buffer.from(expectedBase, "utf8"), publicKey, Buffer.from(signature, "base64"))) {
  throw new Error("the signature does not verify");
}

const vector = {
  method,
  url,
  body,
  headers: {
    "content-type": headers["content-type"],
    "content-digest": headers["content-digest"],
    "signature-input": headers["signature-input"],
    signature: headers.signature,
  },
  public_jwk: publicJwk,
  signature_base: signatureBase,
};
const out = new URL("../tests/fixtures/http-signature-vector.json", import.meta.url);
mkdirSync(new URL(".", out), { recursive: true });
writeFileSync(out, JSON.stringify(vector, null, 2) + "\n");
console.log(`wrote ${out.pathname}`);
