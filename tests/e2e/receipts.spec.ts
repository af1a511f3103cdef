// The receipts API through a real wrangler dev: every status code, idempotent retries,
// the chain of a visitor's receipts, and offline verification with the CLI verifier.
import { execFileSync } from "node:child_process";
import { createPrivateKey, randomUUID, sign } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { TestWorker, burst, canonical, clientAddress, d1, subjectOf, visitorKey } from "./fixtures";

const VERIFIER = process.env.SAMTYCKE_VERIFIER ?? "target/debug/verify-receipt";

const visitor = visitorKey;

const decision = (visitor_key: string, extra: Record<string, unknown> = {}) => ({
  visitor_key,
  choices: { necessary: true, analytics: false },
  method: "reject-all",
  language: "sv",
  revision: 1,
  ...extra,
});

/** Every receipt of the holder of `key`, following `next_after` page by page. */
async function historyOf(request: APIRequestContext, key: string, limit?: number) {
  const receipts: { receipt_id: string }[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams();
    if (limit) query.set("limit", String(limit));
    if (after) query.set("after", after);
    const response = await request.get(`/api/receipts?${query}`, { headers: { Authorization: `Bearer ${key}` } });
    expect(response.status()).toBe(200);
    const page = await response.json();
    expect(page.subject).toBe(subjectOf(key));
    receipts.push(...page.receipts);
    after = page.next_after;
    pages++;
  } while (after && pages < 50);
  return { receipts, pages };
}

async function errorOf(response: Awaited<ReturnType<APIRequestContext["post"]>>) {
  const body = await response.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.message).toBe("string");
  return body.error.code as string;
}

test("a receipt is signed, chained to the visitor's previous one and listed in their history", async ({
  request,
}) => {
  const key = visitor();
  const first = await request.post("/api/receipts", { data: decision(key) });
  expect(first.status()).toBe(201);
  const one = await first.json();
  expect(one.signature.alg).toBe("EdDSA");
  expect(one.previous_receipt_id).toBeNull();
  expect(one.config.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  const policy = await (await request.get("/integritet/intygstjansten.json")).json();
  expect(one.policy).toEqual({ url: "/integritet/intygstjansten", version: policy.version, material_revision: 1 });

  const second = await request.post("/api/receipts", {
    data: decision(key, { method: "accept-all", choices: { necessary: true, analytics: true }, previous_receipt_id: one.receipt_id }),
  });
  expect(second.status()).toBe(201);
  const two = await second.json();
  expect(two.previous_receipt_id).toBe(one.receipt_id);

  const history = await historyOf(request, key);
  expect(history.receipts.map((r: { receipt_id: string }) => r.receipt_id)).toEqual([one.receipt_id, two.receipt_id]);
});

test("a chain link to another visitor's receipt is refused", async ({ request }) => {
  const other = await (await request.post("/api/receipts", { data: decision(visitor()) })).json();
  const response = await request.post("/api/receipts", {
    data: decision(visitor(), { previous_receipt_id: other.receipt_id }),
  });
  expect(response.status()).toBe(422);
  expect(await errorOf(response)).toBe("unknown_previous_receipt");
});

test("a retried POST with the same Idempotency-Key stores one receipt, not two", async ({ request }) => {
  const key = visitor();
  const headers = { "Idempotency-Key": randomUUID() };
  const first = await request.post("/api/receipts", { data: decision(key), headers });
  expect(first.status()).toBe(201);
  const replay = await request.post("/api/receipts", { data: decision(key), headers });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toEqual(await first.json());

  const history = await historyOf(request, key);
  expect(history.receipts).toHaveLength(1);
});

test("bad input gets a JSON error with the right status, and nothing recorded is lost", async ({ request }) => {
  const key = visitor();
  const kept = await (await request.post("/api/receipts", { data: decision(key) })).json();

  const malformed = await request.post("/api/receipts", {
    headers: { "Content-Type": "application/json" },
    data: "{not json",
  });
  expect(malformed.status()).toBe(400);
  expect(await errorOf(malformed)).toBe("malformed_json");

  const wrongType = await request.post("/api/receipts", {
    headers: { "Content-Type": "text/plain" },
    data: JSON.stringify(decision(key)),
  });
  expect(wrongType.status()).toBe(415);
  expect(await errorOf(wrongType)).toBe("unsupported_media_type");

  const tooLarge = await request.post("/api/receipts", {
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify({ ...decision(key), padding: "x".repeat(17 * 1024) }),
  });
  expect(tooLarge.status()).toBe(413);
  expect(await errorOf(tooLarge)).toBe("payload_too_large");

  const unknown = await request.post("/api/receipts", {
    data: decision(key, { choices: { necessary: true, analytics: true, marketing: true } }),
  });
  expect(unknown.status()).toBe(422);
  expect(await errorOf(unknown)).toBe("unknown_category");

  const stale = await request.post("/api/receipts", { data: decision(key, { revision: 0 }) });
  expect(stale.status()).toBe(422);
  expect(await errorOf(stale)).toBe("stale_revision");

  const badKey = await request.post("/api/receipts", { data: decision(key), headers: { "Idempotency-Key": "short" } });
  expect(badKey.status()).toBe(400);
  expect(await errorOf(badKey)).toBe("invalid_idempotency_key");

  const missing = await request.get(`/api/receipts/${randomUUID()}`);
  expect(missing.status()).toBe(404);
  expect(await errorOf(missing)).toBe("not_found");

  const history = await historyOf(request, key);
  expect(history.receipts).toEqual([kept]);
});

test("API answers carry the security headers", async ({ request }) => {
  const response = await request.get("/api/health");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["access-control-allow-origin"]).toBeUndefined();
  const foreign = await request.get("/api/health", { headers: { Origin: "https://evil.example" } });
  expect(foreign.headers()["access-control-allow-origin"]).toBeUndefined();

  // ALLOWED_ORIGINS (here https://klinik.example) may call the API from its own pages.
  const allowed = await request.get("/api/health", { headers: { Origin: "https://klinik.example" } });
  expect(allowed.headers()["access-control-allow-origin"]).toBe("https://klinik.example");
  const preflight = await request.fetch("/api/receipts", {
    method: "OPTIONS",
    headers: { Origin: "https://klinik.example", "Access-Control-Request-Method": "POST" },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-headers"]).toContain("Idempotency-Key");
  expect(preflight.headers()["access-control-allow-headers"]).toContain("Authorization");
});

test("a receipt's id and subject open nothing: the history needs the visitor's key", async ({ request }) => {
  const key = visitor();
  const receipt = await (await request.post("/api/receipts", { data: decision(key) })).json();
  // Anyone holding the receipt (or its id) learns the subject, never the key.
  const read = await (await request.get(`/api/receipts/${receipt.receipt_id}`)).json();
  expect(read.subject).toBe(subjectOf(key));
  expect(JSON.stringify(read)).not.toContain(key);

  const bySubject = await request.get(`/api/receipts?subject=${read.subject}`);
  expect(bySubject.status()).toBe(401);
  expect(await errorOf(bySubject)).toBe("visitor_key_required");
  const subjectAsKey = await request.get("/api/receipts", { headers: { Authorization: `Bearer ${read.subject}` } });
  expect(subjectAsKey.status()).toBe(422);
  expect(await errorOf(subjectAsKey)).toBe("invalid_visitor_key");

  // Extending the history needs the key too: a request cannot name a subject, not even beside a
  // valid key of its own (the refusal names the member, and that key's history stays empty)...
  const other = visitor();
  const named = await request.post("/api/receipts", {
    data: { ...decision(other), subject: read.subject, previous_receipt_id: receipt.receipt_id },
  });
  expect(named.status()).toBe(400);
  expect((await named.json()).error.message).toContain("subject");
  expect((await historyOf(request, other)).receipts).toEqual([]);
  // ...and another key chaining to this receipt is refused as another visitor's link.
  const foreign = await request.post("/api/receipts", {
    data: decision(visitor(), { previous_receipt_id: receipt.receipt_id }),
  });
  expect(foreign.status()).toBe(422);
  expect(await errorOf(foreign)).toBe("unknown_previous_receipt");

  expect((await historyOf(request, key)).receipts).toEqual([receipt]);
});

test("a patient's subject cannot carry a visitor receipt", async ({ request }) => {
  const patientLike = `p_${"A".repeat(43)}`;
  // Not as the key...
  const asKey = await request.post("/api/receipts", { data: decision(patientLike) });
  expect(asKey.status()).toBe(422);
  expect(await errorOf(asKey)).toBe("invalid_visitor_key");
  // ...nor named beside a valid key, which then has no receipt.
  const key = visitor();
  const named = await request.post("/api/receipts", { data: { ...decision(key), subject: patientLike } });
  expect(named.status()).toBe(400);
  expect((await named.json()).error.message).toContain("subject");
  expect((await historyOf(request, key)).receipts).toEqual([]);
});

test("the history is complete: every receipt, page by page, none cut off", async ({ request }) => {
  const key = visitor();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const receipt = await (await request.post("/api/receipts", {
      data: decision(key, { previous_receipt_id: ids.at(-1) ?? null }),
    })).json();
    ids.push(receipt.receipt_id);
  }
  const paged = await historyOf(request, key, 2);
  expect(paged.pages).toBe(3);
  expect(paged.receipts.map((r) => r.receipt_id)).toEqual(ids);
  const whole = await historyOf(request, key);
  expect(whole.pages).toBe(1);
  expect(whole.receipts.map((r) => r.receipt_id)).toEqual(ids);

  const badLimit = await request.get("/api/receipts?limit=201", { headers: { Authorization: `Bearer ${key}` } });
  expect(badLimit.status()).toBe(400);
  expect(await errorOf(badLimit)).toBe("invalid_limit");
});

/** The verifier's exit status and output for `file` against `keys`. */
function runVerifier(file: string, keys: string) {
  try {
    return { status: 0, stdout: execFileSync(VERIFIER, [file, "--keys", keys], { encoding: "utf8" }) };
  } catch (e) {
    const { status, stdout } = e as { status: number; stdout: string };
    return { status, stdout };
  }
}

test("a receipt signed before the switch to JCS, by a key since retired, still verifies; the retired key cannot sign new ones", async ({
  request,
}) => {
  const dir = mkdtempSync(join(tmpdir(), "samtycke-"));
  const keys = await (await request.get("/.well-known/samtycke/keys.json")).json();
  const retired = keys.keys.find((k: { kid: string }) => k.kid === "samtycke-2026-11-fixture");
  expect(retired.retired_at).toBe("2026-11-21T00:00:00Z");
  writeFileSync(join(dir, "keys.json"), JSON.stringify(keys));

  const old = readFileSync("crates/receipts/tests/fixtures/receipt-before-jcs.json", "utf8");
  writeFileSync(join(dir, "old.json"), old);
  const valid = runVerifier(join(dir, "old.json"), join(dir, "keys.json"));
  expect(valid.stdout).toContain("valid    0b5e7c1e-8f1a-4c7e-9a53-2d9f1f0a6b11  signed by key samtycke-2026-11-fixture");
  expect(valid.status).toBe(0);

  // Someone holding the retired key's private half signs a receipt dated after its retirement.
  const { signature, ...body } = JSON.parse(old);
  const forged = { ...body, receipt_id: randomUUID(), issued_at: new Date().toISOString() };
  const seed = Buffer.alloc(32, 42);
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
    format: "der",
    type: "pkcs8",
  });
  const value = sign(null, Buffer.from(canonical(forged)), privateKey).toString("base64url");
  writeFileSync(join(dir, "forged.json"), JSON.stringify({ ...forged, signature: { ...signature, value } }));
  const refused = runVerifier(join(dir, "forged.json"), join(dir, "keys.json"));
  expect(refused.stdout).toContain("was retired before this document's `issued_at`");
  expect(refused.status).toBe(1);
});

test("a receipt that names a member twice is invalid, whatever its signature covers", async ({ request }) => {
  const receipt = await (await request.post("/api/receipts", { data: decision(visitor()) })).json();
  const keys = await (await request.get("/.well-known/samtycke/keys.json")).json();
  const dir = mkdtempSync(join(tmpdir(), "samtycke-"));
  writeFileSync(join(dir, "keys.json"), JSON.stringify(keys));
  const text = canonical(receipt);
  writeFileSync(join(dir, "receipt.json"), text);
  expect(runVerifier(join(dir, "receipt.json"), join(dir, "keys.json")).status).toBe(0);
  // A reader that keeps the first `method` sees "accept-all"; the signature covers the last.
  writeFileSync(join(dir, "doubled.json"), text.replace("{", '{"method":"accept-all",'));
  const doubled = runVerifier(join(dir, "doubled.json"), join(dir, "keys.json"));
  expect(doubled.stdout).toContain("appears twice");
  expect(doubled.status).toBe(1);
  // So is a signature with a member the signer did not write.
  writeFileSync(join(dir, "extra.json"), JSON.stringify({ ...receipt, signature: { ...receipt.signature, x5u: "https://evil.example/k" } }));
  const extra = runVerifier(join(dir, "extra.json"), join(dir, "keys.json"));
  expect(extra.stdout).toContain("INVALID");
  expect(extra.status).toBe(1);
});

test("a receipt from the API verifies offline against the published keys, and a tampered copy does not", async ({
  request,
}) => {
  const receipt = await (await request.post("/api/receipts", { data: decision(visitor()) })).json();
  const keys = await (await request.get("/.well-known/samtycke/keys.json")).json();
  expect(keys.keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });

  const dir = mkdtempSync(join(tmpdir(), "samtycke-"));
  writeFileSync(join(dir, "keys.json"), JSON.stringify(keys));
  writeFileSync(join(dir, "receipt.json"), JSON.stringify(receipt, null, 2));
  const out = execFileSync(VERIFIER, [join(dir, "receipt.json"), "--keys", join(dir, "keys.json")], { encoding: "utf8" });
  expect(out).toContain(`valid    ${receipt.receipt_id}`);
  expect(out).toContain("1 of 1 receipts valid");

  const tampered = { ...receipt, purposes: receipt.purposes.map((p: object) => ({ ...p, granted: true })) };
  writeFileSync(join(dir, "tampered.json"), JSON.stringify(tampered));
  let status = 0;
  let stdout = "";
  try {
    execFileSync(VERIFIER, [join(dir, "tampered.json"), "--keys", join(dir, "keys.json")], { encoding: "utf8" });
  } catch (e) {
    ({ status, stdout } = e as { status: number; stdout: string });
  }
  expect(status).toBe(1);
  expect(stdout).toContain("INVALID");
  expect(stdout).toContain("does not match");
});

test("too many writes from one client answer 429 until the window passes", async ({ request }) => {
  test.setTimeout(120_000);
  const key = visitor();
  // A client address of its own, so no other test shares (or spends) this budget.
  const headers = { "CF-Connecting-IP": clientAddress() };
  // The limiter counts 60 writes per fixed 10 s window. 130 writes, 10 at a time, fall into
  // at most two windows unless each took over three quarters of a second, so one of them gets
  // more than 60: a 429 follows from the count. (130 at once made the local runtime answer
  // one of them 503 on a busy machine.) The refusal itself is checked.
  const responses = await burst(130, 10, () => request.post("/api/receipts", { data: decision(key), headers }));
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
  const limited: APIResponse | undefined = responses.find((r) => r.status() === 429);
  expect(limited, "no 429 among 130 writes").toBeDefined();
  expect(limited!.headers()["retry-after"]).toBeTruthy();
  expect(await errorOf(limited!)).toBe("too_many_requests");

  await expect
    .poll(async () => (await request.post("/api/receipts", { data: decision(key), headers })).status(), {
      timeout: 90_000,
      intervals: [1_000],
    })
    .toBe(201);
});

test("the D1 receipts table refuses to change a stored receipt, whoever asks (its append-only trigger)", () => {
  // A database of its own, migrated as a deployment's is; no Worker runs on it, so the
  // refusal can only come from the database.
  const store = new TestWorker("append-only");
  store.migrate();
  const id = randomUUID();
  const body = `{"receipt_id":"${id}"}`;
  d1(`INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ('${id}', '${subjectOf(visitor())}', ${Date.now()}, NULL, '${body}')`, store.state);
  for (const change of [`UPDATE receipts SET body = '{}' WHERE receipt_id = '${id}'`, `UPDATE receipts SET issued_at = 0`]) {
    let said = "";
    try {
      d1(change, store.state);
    } catch (e) {
      said = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
    }
    expect(said).toContain("receipts are append-only");
  }
  expect(d1(`SELECT body, issued_at > 0 AS dated FROM receipts WHERE receipt_id = '${id}'`, store.state)).toEqual([{ body, dated: 1 }]);
});
