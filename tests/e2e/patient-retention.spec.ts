// Retention settings, run for real: a second `wrangler dev` of the same Worker with
// PATIENT_HISTORY_RETENTION_DAYS=0, so each patient's Durable Object alarm falls due at once,
// and a receipt retention that is not a number of days.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { TestWorker, d1 } from "./fixtures";

const worker = new TestWorker("short-retention",
  [`OIDC_ISSUER:${process.env.SAMTYCKE_IDP_URL}`, "PATIENT_HISTORY_RETENTION_DAYS:0",
    "RECEIPT_RETENTION_DAYS:3 år"],
);

const OLD_RECEIPT = randomUUID();

test.beforeAll(async () => {
  // A second Worker's cold start on a busy 2-core machine: waited for, with room to spare.
  test.setTimeout(240_000);
  worker.migrate();
  // A receipt issued 1200 days ago, written while no Worker holds the database.
  d1(`INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ('${OLD_RECEIPT}', 'v_${"0".repeat(32)}', ${Date.now() - 1200 * 86_400_000}, NULL, '{}')`, worker.state);
  await worker.start();
});

test.afterAll(async () => {
  await worker.stop();
});

test("with retention at 0 days, the given consent in force is kept and a withdrawn history ages out", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`${worker.base}/auth/login`);
  await page.getByRole("button", { name: /Lena Provsson/ }).click();
  await page.waitForURL(`${worker.base}/intyg`);
  const post = (path: string) =>
    page.request.post(`${worker.base}${path}`, { headers: { Origin: worker.base }, data: {} });
  const history = async () => (await (await page.request.get(`${worker.base}/api/patient/consent/history`)).json()).history;
  const state = async () => (await (await page.request.get(`${worker.base}/api/patient/consent`)).json()).state;

  expect((await post("/api/patient/consent")).status()).toBe(201);
  expect((await post("/api/patient/consent/withdraw")).status()).toBe(201);
  expect((await post("/api/patient/consent")).status()).toBe(201);
  // The alarm removes the two older entries; the grant in force stays, still verifiable.
  await expect.poll(async () => (await history()).map((h: { state: string }) => h.state), { timeout: 60_000 }).toEqual(["given"]);
  expect(await state()).toBe("given");
  expect((await page.request.get(`${worker.base}/api/patient/certificates`)).status()).toBe(200);

  // Withdrawn: nothing is relied on any more, so the whole history ages out.
  expect((await post("/api/patient/consent/withdraw")).status()).toBe(201);
  await expect.poll(async () => (await history()).length, { timeout: 60_000 }).toBe(0);
  expect(await state()).toBe("none");
});

test("a receipt retention that is not a number of days deletes nothing and says why in the log", async ({ request }) => {

  // wrangler dev --test-scheduled runs the cron handler on this path.
  expect((await request.get(`${worker.base}/__scheduled?cron=17+3+*+*+*`)).status()).toBe(200);

  // Not the three-year default instead: the 1200-day-old receipt is still there.
  expect(d1(`SELECT receipt_id FROM receipts WHERE receipt_id = '${OLD_RECEIPT}'`, worker.state)).toEqual([{ receipt_id: OLD_RECEIPT }]);
  await expect
    .poll(() => readFileSync(join(worker.state, "wrangler.log"), "utf8"))
    .toContain('nothing deleted, the setting is wrong: RECEIPT_RETENTION_DAYS must be a whole number of days, not "3 år"');
});
