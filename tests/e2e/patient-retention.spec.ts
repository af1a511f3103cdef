// Patient history retention, run for real: a second `wrangler dev` of the same Worker with
// PATIENT_HISTORY_RETENTION_DAYS=0, so each patient's Durable Object alarm falls due at once.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test } from "@playwright/test";

const PORT = process.env.SAMTYCKE_SHORT_RETENTION_PORT!;
const BASE = `http://127.0.0.1:${PORT}`;
const EDGE = process.env.SAMTYCKE_EDGE!;
let worker: ChildProcess | undefined;

test.beforeAll(async () => {
  // A second Worker's cold start on a busy 2-core machine: waited for, with room to spare.
  test.setTimeout(240_000);
  const state = join(dirname(process.env.SAMTYCKE_STATE!), "short-retention");
  mkdirSync(state, { recursive: true });
  execFileSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], {
    cwd: EDGE,
    stdio: "ignore",
  });
  worker = spawn(
    "npx",
    ["wrangler", "dev", "--ip", "127.0.0.1", "--port", PORT, "--persist-to", state,
      "--var", `OIDC_ISSUER:${process.env.SAMTYCKE_IDP_URL}`, "--var", "PATIENT_HISTORY_RETENTION_DAYS:0",
      // Local workerd has no Durable Object jurisdictions; a loopback host may run without one.
      "--var", "PATIENT_JURISDICTION:"],
    { cwd: EDGE, detached: true, stdio: ["ignore", openSync(join(state, "wrangler.log"), "w"), "ignore"] },
  );
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status ?? 0, { timeout: 200_000 })
    .toBe(200);
});

test.afterAll(() => {
  if (worker?.pid) process.kill(-worker.pid, "SIGTERM");
});

test("with retention at 0 days, the given consent in force is kept and a withdrawn history ages out", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(`${BASE}/auth/login`);
  await page.getByRole("button", { name: /Lena Provsson/ }).click();
  await page.waitForURL(`${BASE}/intyg`);
  const post = (path: string) =>
    page.request.post(`${BASE}${path}`, { headers: { Origin: BASE }, data: {} });
  const history = async () => (await (await page.request.get(`${BASE}/api/patient/consent/history`)).json()).history;
  const state = async () => (await (await page.request.get(`${BASE}/api/patient/consent`)).json()).state;

  expect((await post("/api/patient/consent")).status()).toBe(201);
  expect((await post("/api/patient/consent/withdraw")).status()).toBe(201);
  expect((await post("/api/patient/consent")).status()).toBe(201);
  // The alarm removes the two older entries; the grant in force stays, still verifiable.
  await expect.poll(async () => (await history()).map((h: { state: string }) => h.state), { timeout: 60_000 }).toEqual(["given"]);
  expect(await state()).toBe("given");
  expect((await page.request.get(`${BASE}/api/patient/certificates`)).status()).toBe(200);

  // Withdrawn: nothing is relied on any more, so the whole history ages out.
  expect((await post("/api/patient/consent/withdraw")).status()).toBe(201);
  await expect.poll(async () => (await history()).length, { timeout: 60_000 }).toBe(0);
  expect(await state()).toBe("none");
});
