// The receipts API through a real wrangler dev: every status code, idempotent retries,
// the chain of a visitor's receipts, and offline verification with the CLI verifier.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";

const VERIFIER = process.env.SAMTYCKE_VERIFIER ?? "target/debug/verify-receipt";

const visitor = () => `v_${randomUUID().replaceAll("-", "")}`;

const decision = (subject: string, extra: Record<string, unknown> = {}) => ({
  subject,
  choices: { necessary: true, analytics: false },
  method: "reject-all",
  language: "sv",
  revision: 1,
  ...extra,
});

async function errorOf(response: Awaited<ReturnType<APIRequestContext["post"]>>) {
  const body = await response.json();
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.message).toBe("string");
  return body.error.code as string;
}

test("a receipt is signed, chained to the visitor's previous one and listed in their history", async ({
  request,
}) => {
  const subject = visitor();
  const first = await request.post("/api/receipts", { data: decision(subject) });
  expect(first.status()).toBe(201);
  const one = await first.json();
  expect(one.signature.alg).toBe("EdDSA");
  expect(one.previous_receipt_id).toBeNull();
  expect(one.config.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  const policy = await (await request.get("/integritet/intygstjansten.json")).json();
  expect(one.policy).toEqual({ url: "/integritet/intygstjansten", version: policy.version, material_revision: 1 });

  const second = await request.post("/api/receipts", {
    data: decision(subject, { method: "accept-all", choices: { necessary: true, analytics: true }, previous_receipt_id: one.receipt_id }),
  });
  expect(second.status()).toBe(201);
  const two = await second.json();
  expect(two.previous_receipt_id).toBe(one.receipt_id);

  const history = await (await request.get(`/api/receipts?subject=${subject}`)).json();
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
  const subject = visitor();
  const headers = { "Idempotency-Key": randomUUID() };
  const first = await request.post("/api/receipts", { data: decision(subject), headers });
  expect(first.status()).toBe(201);
  const replay = await request.post("/api/receipts", { data: decision(subject), headers });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toEqual(await first.json());

  const history = await (await request.get(`/api/receipts?subject=${subject}`)).json();
  expect(history.receipts).toHaveLength(1);
});

test("bad input gets a JSON error with the right status, and nothing recorded is lost", async ({ request }) => {
  const subject = visitor();
  const kept = await (await request.post("/api/receipts", { data: decision(subject) })).json();

  const malformed = await request.post("/api/receipts", {
    headers: { "Content-Type": "application/json" },
    data: "{not json",
  });
  expect(malformed.status()).toBe(400);
  expect(await errorOf(malformed)).toBe("malformed_json");

  const wrongType = await request.post("/api/receipts", {
    headers: { "Content-Type": "text/plain" },
    data: JSON.stringify(decision(subject)),
  });
  expect(wrongType.status()).toBe(415);
  expect(await errorOf(wrongType)).toBe("unsupported_media_type");

  const tooLarge = await request.post("/api/receipts", {
    headers: { "Content-Type": "application/json" },
    data: JSON.stringify({ ...decision(subject), padding: "x".repeat(17 * 1024) }),
  });
  expect(tooLarge.status()).toBe(413);
  expect(await errorOf(tooLarge)).toBe("payload_too_large");

  const unknown = await request.post("/api/receipts", {
    data: decision(subject, { choices: { necessary: true, analytics: true, marketing: true } }),
  });
  expect(unknown.status()).toBe(422);
  expect(await errorOf(unknown)).toBe("unknown_category");

  const stale = await request.post("/api/receipts", { data: decision(subject, { revision: 0 }) });
  expect(stale.status()).toBe(422);
  expect(await errorOf(stale)).toBe("stale_revision");

  const badKey = await request.post("/api/receipts", { data: decision(subject), headers: { "Idempotency-Key": "short" } });
  expect(badKey.status()).toBe(400);
  expect(await errorOf(badKey)).toBe("invalid_idempotency_key");

  const missing = await request.get(`/api/receipts/${randomUUID()}`);
  expect(missing.status()).toBe(404);
  expect(await errorOf(missing)).toBe("not_found");

  const history = await (await request.get(`/api/receipts?subject=${subject}`)).json();
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

// Last in this file: it uses up the write budget of the test client, then waits for it to return.
test("too many writes from one client answer 429 until the window passes", async ({ request }) => {
  test.setTimeout(60_000);
  const subject = visitor();
  // The limiter counts 60 writes per fixed 10 s window. 130 writes sent at once fall into at
  // most two windows however slow the machine is, so one of them gets more than 60: a 429
  // follows from the count, not from the speed. The refusal itself is checked.
  const responses = await Promise.all(
    Array.from({ length: 130 }, () => request.post("/api/receipts", { data: decision(subject) })),
  );
  const statuses = responses.map((r) => r.status());
  expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
  const limited: APIResponse | undefined = responses.find((r) => r.status() === 429);
  expect(limited, "no 429 among 130 writes").toBeDefined();
  expect(limited!.headers()["retry-after"]).toBeTruthy();
  expect(await errorOf(limited!)).toBe("too_many_requests");

  await expect
    .poll(async () => (await request.post("/api/receipts", { data: decision(subject) })).status(), {
      timeout: 25_000,
      intervals: [1_000],
    })
    .toBe(201);
});
