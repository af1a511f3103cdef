#!/usr/bin/env node
// Generates an Ed25519 receipt-signing key with Node's own crypto (no extra dependency).
// Prints the private JWK (for `wrangler secret put RECEIPT_SIGNING_KEY`) on stdout and the
// public JWK (what /.well-known/samtycke/keys.json will publish) on stderr.
// Usage: node scripts/keys.mjs [KID]
import { generateKeyPairSync } from "node:crypto";

const kid = process.argv[2] ?? `samtycke-${new Date().toISOString().slice(0, 10)}`;
const { privateKey } = generateKeyPairSync("ed25519");
const jwk = privateKey.export({ format: "jwk" });
const priv = { kty: jwk.kty, crv: jwk.crv, kid, x: jwk.x, d: jwk.d };
process.stdout.write(JSON.stringify(priv) + "\n");
process.stderr.write(
  "public key: " + JSON.stringify({ kty: jwk.kty, crv: jwk.crv, kid, x: jwk.x, alg: "EdDSA", use: "sig" }) + "\n",
);
