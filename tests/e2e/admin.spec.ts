// The maintainers' admin API: refuses without the token, exports receipts that all verify
// offline, and reports signatures and chain gaps.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, subjectOf, visitorKey } from "./fixtures";

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

test("the dashboard asks for the token, then shows consent rates as SVG and tables with zero axe violations", async ({
  browser,
  request,
}) => {
  const refused = await request.get("/admin");
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain("Basic");

  await request.post("/api/receipts", {
    data: { visitor_key: visitorKey(), choices: { necessary: true, analytics: true }, method: "accept-all", language: "sv", revision: 1 },
  });
  const context = await browser.newContext({ httpCredentials: { username: "admin", password: TOKEN } });
  const page = await context.newPage();
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samtycken de senaste 30 dagarna");
  await expect(page.getByRole("img", { name: "Andel som godkände analytics, per dag" })).toBeVisible();
  await expect(page.getByRole("table").first().getByRole("cell", { name: "analytics" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "accept-all" })).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
});
