// A stand-in for Försäkringskassan's certificate intake, for `make dev` and `make test`, on
// loopback: Samtycke delivers here a certificate the patient chose to send, with
// `POST /intake`, signed with RFC 9421 HTTP Message Signatures (scripts/http-signature.mjs) by
// a key from Samtycke's /.well-known/samtycke/http-keys.json (fetched when first needed), with
// `Idempotency-Key: <send_id>` and the body
//   {"send_id", "sent_at", "certificate": {…}, "content_hash": "sha256:<hex>",
//    "supersedes"?: {"send_id", "version", "content_hash", "recipient_reference"?}}
// where content_hash is SHA-256 of the certificate's RFC 8785 canonical JSON (npm canonicalize),
// and `supersedes` (a corrected version) names the earlier delivery of the same certificate it
// replaces: that must be one received here, of the same certificate and a lower version; it is
// then marked superseded, as Försäkringskassan would treat the certificate behind a decision.
// Answers: 401 (signature), 400 (malformed), 422 (content_hash wrong), then 503 while tests ask
// for failures, 200 {"status":"duplicate"} for a send_id already received (not recorded again),
// 201 {"status":"received","reference":"FK-<n>"}. It is never deployed.
//
// Test controls (no authentication; loopback only), JSON in and out:
//   POST /test/fail-next {"count": n}   the next n deliveries get 503 (each counts as an attempt)
//   GET  /test/received                 {"deliveries", "attempts": {send_id: n}, "refused": n}
//                                       (a superseded delivery has `superseded_by`)
//   POST /test/reset                    forget deliveries, attempts, refusals and failures
//                                       (references keep counting, so none is given twice)
//   GET  /health
//
// Usage: node scripts/test-recipient.mjs PORT SAMTYCKE_URL
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import canonicalize from "canonicalize";
import {
  SignatureFailure, createVerifier, keySetFetcher, logRequests, readBody, sendJson, verifyIncoming,
} from "./http-signature.mjs";

const [port, samtyckeArg] = process.argv.slice(2);
if (!port || !samtyckeArg) {
  console.error("usage: test-recipient.mjs PORT SAMTYCKE_URL");
  process.exit(2);
}
const samtycke = samtyckeArg.replace(/\/+$/, "");
const origin = `http://127.0.0.1:${port}`;
const verifier = createVerifier({ lookupKey: keySetFetcher(`${samtycke}/.well-known/samtycke/http-keys.json`) });

let deliveries = [];
let attempts = {};
let refused = 0;
let failNext = 0;
let references = 0;

/** The content hash Samtycke must send: SHA-256 of the RFC 8785 form, lowercase hex (as receipts name hashes). */
const contentHash = (certificate) => `sha256:${createHash("sha256").update(canonicalize(certificate), "utf8").digest("hex")}`;

const fail = (res, status, code, message) => {
  refused += 1;
  console.log(`refused /intake: ${status} ${code}: ${message}`);
  return sendJson(res, status, { error: { code, message } });
};

async function intake(req, res) {
  const raw = await readBody(req);
  try {
    await verifyIncoming(verifier, req, raw);
  } catch (error) {
    if (!(error instanceof SignatureFailure)) throw error;
    return fail(res, error.status, error.code, error.message);
  }
  let delivery;
  try {
    delivery = JSON.parse(raw.toString("utf8"));
  } catch {
    return fail(res, 400, "bad_request", "The body is not JSON.");
  }
  const { send_id: sendId, sent_at: sentAt, certificate, content_hash: hash } = delivery ?? {};
  if (typeof sendId !== "string" || !sendId) return fail(res, 400, "bad_request", "send_id is required.");
  if (typeof sentAt !== "string" || Number.isNaN(Date.parse(sentAt))) return fail(res, 400, "bad_request", "sent_at must be a time.");
  if (typeof certificate !== "object" || certificate === null || Array.isArray(certificate)) return fail(res, 400, "bad_request", "certificate must be an object.");
  if (req.headers["idempotency-key"] !== sendId) return fail(res, 400, "bad_request", "Idempotency-Key must be the send_id.");
  if (typeof hash !== "string") return fail(res, 400, "bad_request", "content_hash is required.");
  const expected = contentHash(certificate);
  if (hash !== expected) return fail(res, 422, "content_hash_mismatch", `content_hash is ${hash}, the certificate's is ${expected}.`);
  const supersedes = delivery.supersedes;
  let earlier;
  if (supersedes !== undefined) {
    earlier = deliveries.find((d) => d.send_id === supersedes?.send_id);
    if (!earlier) return fail(res, 422, "unknown_delivery", `supersedes names send ${JSON.stringify(supersedes?.send_id)}, which was never received here.`);
    if (earlier.certificate_id !== certificate.id || earlier.version !== supersedes.version || earlier.content_hash !== supersedes.content_hash || !(supersedes.version < certificate.version)) {
      return fail(res, 422, "supersedes_mismatch", "supersedes must name an earlier version of the same certificate, as received.");
    }
  }

  attempts[sendId] = (attempts[sendId] ?? 0) + 1;
  if (failNext > 0) {
    failNext -= 1;
    return sendJson(res, 503, { error: { code: "unavailable", message: "Test failure: the intake is temporarily unavailable." } }, { "retry-after": "1" });
  }
  if (deliveries.some((d) => d.send_id === sendId)) return sendJson(res, 200, { status: "duplicate" });
  const reference = `FK-${++references}`;
  deliveries.push({
    send_id: sendId,
    certificate_id: certificate.id,
    version: certificate.version,
    patient: certificate.patient?.personal_identity_number,
    sent_at: sentAt,
    received_at: new Date().toISOString(),
    content_hash: hash,
    reference,
    ...(earlier ? { supersedes: earlier.send_id } : {}),
  });
  if (earlier) {
    earlier.superseded_by = sendId;
    console.log(`delivery ${earlier.send_id} (v${earlier.version}) superseded by ${sendId}`);
  }
  console.log(`received ${sendId}: certificate ${certificate.id} v${certificate.version} as ${reference}`);
  return sendJson(res, 201, { status: "received", reference });
}

async function handle(req, res, url) {
  const route = `${req.method} ${url.pathname}`;
  if (route === "GET /health") return sendJson(res, 200, { status: "ok" });
  if (route === "POST /intake") return intake(req, res);
  if (route === "GET /test/received") return sendJson(res, 200, { deliveries, attempts, refused });
  if (route === "POST /test/fail-next") {
    let count;
    try {
      count = JSON.parse((await readBody(req)).toString("utf8")).count;
    } catch {
      count = undefined;
    }
    if (!Number.isInteger(count) || count < 0) return sendJson(res, 400, { error: { code: "bad_request", message: "count must be a whole number ≥ 0." } });
    failNext = count;
    console.log(`test control: the next ${count} deliveries fail`);
    return sendJson(res, 200, { fail_next: failNext });
  }
  if (route === "POST /test/reset") {
    deliveries = [];
    attempts = {};
    refused = 0;
    failNext = 0;
    console.log("test control: reset");
    return sendJson(res, 200, { status: "reset" });
  }
  return sendJson(res, 404, { error: { code: "not_found", message: `No route ${route}.` } });
}

const server = createServer(async (req, res) => {
  logRequests(req, res);
  try {
    await handle(req, res, new URL(req.url, origin));
  } catch (error) {
    console.error(error);
    if (!res.headersSent) sendJson(res, 500, { error: { code: "internal", message: error.message } });
  }
});
// Idle connections outlive any pause between a client's requests (Node closes them after 5 s).
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(Number(port), "127.0.0.1", () => console.log(`test recipient (Försäkringskassan intake) on ${origin}, trusting keys from ${samtycke}`));
