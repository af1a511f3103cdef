// The maintainers' admin API: refuses without the token, exports receipts that all verify
// offline, and reports signatures and chain gaps.
import { execFileSync } from "node:child_process";
import { createPrivateKey, randomUUID, sign } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { canonical, d1, expectNoAxeViolations, subjectOf, visitorKey } from "./fixtures";

const TOKEN = process.env.SAMTYCKE_ADMIN_TOKEN ?? "";
const auth = { Authorization: `Bearer ${TOKEN}` };
const VERIFIER = process.env.SAMTYCKE_VERIFIER ?? "target/debug/verify-receipt";

test("admin endpoints refuse a missing or wrong token with 401 and leak nothing", async ({ request }) => {
  expect(TOKEN.length).toBeGreaterThan(16);
  for (const path of ["/api/admin/receipts", "/api/admin/report"]) {
    for (const headers of [{}, { Authorization: "Bearer wrong" }, { Authorization: `Basic ${TOKEN}` }]) {
      const response = await request.get(path, { headers });
      expect(response.status()).toBe(401);
      expect(response.headers()["www-authenticate"]).toBe("Bearer");
      const body = await response.json();
      expect(body.error.code).toBe("unauthorized");
      expect(JSON.stringify(body)).not.toContain("receipt_id");
    }
  }
});

test("with Cloudflare Access configured, a valid Access token for the application is let in", async ({ request }) => {
  // The test e-ID provider stands in for the Access team (its certs endpoint and tokens).
  const idp = process.env.SAMTYCKE_IDP_URL!;
  const token = async (aud: string, lifetime = 600) =>
    (await request.get(`${idp}/test/access-token?aud=${aud}&lifetime=${lifetime}`)).text();
  const asAccess = (jwt: string) => ({ headers: { "Cf-Access-Jwt-Assertion": jwt } });
  const good = await token("samtycke-admin-test");
  expect((await request.get("/api/admin/report", asAccess(good))).status()).toBe(200);
  // Another application's token, an expired one, or a changed one: 401.
  expect((await request.get("/api/admin/report", asAccess(await token("other-app")))).status()).toBe(401);
  expect((await request.get("/api/admin/report", asAccess(await token("samtycke-admin-test", -120)))).status()).toBe(401);
  const [h, p, sig] = good.split(".");
  const claims = JSON.parse(Buffer.from(p, "base64url").toString());
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, email: "intruder@example.se" })).toString("base64url")}.${sig}`;
  expect((await request.get("/api/admin/report", asAccess(forged))).status()).toBe(401);
  expect((await request.get("/api/admin/report", asAccess("not-a-jwt"))).status()).toBe(401);
});

test("an export of N new receipts returns N lines that all verify offline, page by page", async ({ request }) => {
  const from = Date.now() - 1000;
  const key = visitorKey();
  const subject = subjectOf(key);
  const n = 7;
  let previous: string | null = null;
  for (let i = 0; i < n; i++) {
    const data = { visitor_key: key, choices: { necessary: true, analytics: i % 2 === 0 }, method: "custom", language: "sv", revision: 1, previous_receipt_id: previous };
    const response = await request.post("/api/receipts", { data });
    expect(response.status()).toBe(201);
    previous = (await response.json()).receipt_id;
  }
  const to = Date.now() + 1000;

  const lines: string[] = [];
  let cursor = "0";
  for (let pages = 0; pages < 10; pages++) {
    const response = await request.get(`/api/admin/receipts?from=${from}&to=${to}&limit=3&cursor=${cursor}`, { headers: auth });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/x-ndjson");
    lines.push(...(await response.text()).split("\n").filter((l) => l.trim()));
    const next = response.headers()["x-next-cursor"];
    if (!next) break;
    cursor = next;
  }
  const ours = lines.filter((l) => JSON.parse(l).subject === subject);
  expect(ours).toHaveLength(n);

  const dir = mkdtempSync(join(tmpdir(), "samtycke-export-"));
  const keys = await (await request.get("/.well-known/samtycke/keys.json")).json();
  writeFileSync(join(dir, "keys.json"), JSON.stringify(keys));
  writeFileSync(join(dir, "export.ndjson"), ours.join("\n") + "\n");
  const out = execFileSync(VERIFIER, [join(dir, "export.ndjson"), "--keys", join(dir, "keys.json")], { encoding: "utf8" });
  expect(out).toContain(`${n} of ${n} receipts valid`);

  const report = await (await request.get(`/api/admin/report?from=${from}&to=${to}`, { headers: auth })).json();
  expect(report.receipts_in_period).toBeGreaterThanOrEqual(n);
  expect(report.valid_signatures).toBe(report.checked);
  expect(report.invalid).toEqual([]);
  expect(report.chain_gaps_in_period).toBe(0);

  const bad = await request.get("/api/admin/receipts?from=yesterday", { headers: auth });
  expect(bad.status()).toBe(400);
});

/** Insert rows straight into local D1, as a tampering operator or a broken import would,
 * and move them into the shard store with the maintainers' move command. */
function seed(rows: { id: string; subject: string; at: number; body: string }[]) {
  const sql = rows
    .map((r) => `('${r.id}', '${r.subject}', ${r.at}, NULL, '${r.body.replaceAll("'", "''")}')`)
    .join(", ");
  d1(`INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ${sql}`);
  execFileSync("scripts/move-receipts.sh", [process.env.SAMTYCKE_URL!], {
    cwd: join(process.env.SAMTYCKE_EDGE!, ".."),
    env: { ...process.env, ADMIN_TOKEN: TOKEN },
    stdio: "pipe",
  });
}

test("the report flags a tampered receipt and a broken chain link, and counts only what it checked", async ({ request }) => {
  // A period of its own that only these rows fall into: about 700 days ago, well inside the
  // retention period (older rows would be deleted by their shard as soon as they arrive).
  const at = Date.now() - 700 * 86_400_000 + Math.floor(Math.random() * 86_400_000);
  const period = `from=${at}&to=${at + 1}`;
  const empty = await (await request.get(`/api/admin/report?${period}`, { headers: auth })).json();
  expect(empty).toMatchObject({ receipts_in_period: 0, checked: 0, valid_signatures: 0, invalid: [], chain_gaps_in_period: 0 });

  // One genuine receipt, signed with the test Worker's own key; a copy with a changed answer;
  // and a genuinely signed one whose chain link points at no receipt of its subject.
  const vars = readFileSync(`${process.env.SAMTYCKE_EDGE}/.dev.vars`, "utf8");
  const jwk = JSON.parse(/^RECEIPT_SIGNING_KEY='(.*)'$/m.exec(vars)![1]);
  const key = createPrivateKey({ key: jwk, format: "jwk" });
  const signed = (body: Record<string, unknown>) => ({
    ...body,
    signature: { alg: "EdDSA", kid: jwk.kid, value: sign(null, Buffer.from(canonical(body)), key).toString("base64url") },
  });
  const template = await (await request.post("/api/receipts", { data: { visitor_key: visitorKey(), choices: { necessary: true, analytics: false }, method: "reject-all", language: "sv", revision: 1 } })).json();
  const { signature: _, ...unsigned } = template;
  const subject = subjectOf(visitorKey());
  const genuine = signed({ ...unsigned, receipt_id: randomUUID(), subject, previous_receipt_id: null });
  const tampered = {
    ...signed({ ...unsigned, receipt_id: randomUUID(), subject, previous_receipt_id: genuine.receipt_id }),
    purposes: unsigned.purposes.map((p: object) => ({ ...p, granted: true })),
  };
  const orphan = signed({ ...unsigned, receipt_id: randomUUID(), subject, previous_receipt_id: randomUUID() });
  seed([genuine, tampered, orphan].map((r) => ({ id: r.receipt_id, subject, at, body: canonical(r) })));

  const report = await (await request.get(`/api/admin/report?${period}`, { headers: auth })).json();
  expect(report).toMatchObject({
    receipts_in_period: 3,
    checked: 3,
    valid_signatures: 2,
    invalid: [tampered.receipt_id],
    chain_gaps_in_period: 1,
  });
});

test("the dashboard asks for the token, then shows consent rates as SVG and tables with zero axe violations", async ({
  browser,
  request,
}) => {
  const refused = await request.get("/admin");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain("Basic");

  const context = await browser.newContext({ httpCredentials: { username: "admin", password: TOKEN } });
  const page = await context.newPage();
  /** The dashboard's figures: analytics answers on `day`, and the count of each method. */
  const figures = async (day: string) => {
    await page.goto("/admin");
    const rows = async (table: number) =>
      page.getByRole("table").nth(table).locator("tbody tr").evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")),
      );
    const rate = (await rows(0)).find((r) => r[0] === day && r[1] === "analytics");
    const methods = Object.fromEntries((await rows(1)).map((r) => [r[0], Number(r[1])]));
    return { granted: Number(rate?.[2] ?? 0), total: Number(rate?.[3] ?? 0), acceptAll: methods["accept-all"] ?? 0, rejectAll: methods["reject-all"] ?? 0 };
  };
  const dayBefore = new Date().toISOString().slice(0, 10);
  const before = await figures(dayBefore);
  const posted = [];
  for (const [method, analytics] of [["accept-all", true], ["accept-all", true], ["reject-all", false]] as const) {
    const response = await request.post("/api/receipts", {
      data: { visitor_key: visitorKey(), choices: { necessary: true, analytics }, method, language: "sv", revision: 1 },
    });
    posted.push(await response.json());
  }
  // The day the receipts were issued on; if midnight passed since the first reading, that
  // day started from nothing.
  const day = posted[0].issued_at.slice(0, 10);
  const base = day === dayBefore ? before : { granted: 0, total: 0, acceptAll: before.acceptAll, rejectAll: before.rejectAll };
  const after = await figures(day);
  expect(after.granted - base.granted).toBe(2);
  expect(after.total - base.total).toBe(3);
  expect(after.acceptAll - base.acceptAll).toBe(2);
  expect(after.rejectAll - base.rejectAll).toBe(1);

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samtycken de senaste 30 dagarna");
  await expect(page.getByRole("img", { name: "Andel som godkände analytics, per dag" })).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
});
