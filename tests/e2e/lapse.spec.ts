// Lapsed consent is withdrawn consent for processing: a patient consents and holds a
// certificate under the notice at material revision 1; the Worker is then replaced by a build
// whose notice changed materially (scripts/build-notice-change.sh, revision 2), on the same
// state. Without the patient coming back, the lapse sweep has the patient's object erase the
// certificate and the statistics rows, with a signed erasure entry; at the next login the
// patient is asked again, and consenting has the care provider send the certificates anew.
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { ConsentUi, TestWorker, d1, patientWorkerVars, pushCertificate, verifyOffline } from "./fixtures";

const CARE = process.env.SAMTYCKE_CARE_URL!;
const ALI = "199008672389";
const worker = new TestWorker("notice-change",
  patientWorkerVars(),
);

test.beforeAll(async () => {
  // Building the changed Worker (a development build) and two cold starts.
  test.setTimeout(600_000);
  execFileSync("scripts/build-notice-change.sh", { stdio: "ignore" });
  worker.migrate();
  await worker.start();
});

test.afterAll(async ({ request }) => {
  // The care network pushes to the suite's own Worker again.
  await request.post(`${CARE}/test/target`, { data: {} });
  await worker.stop();
});

async function loginAli(page: Page) {
  await page.goto(`${worker.base}/auth/login`);
  await page.getByRole("button", { name: /Ali Samordnare/ }).click();
  await page.waitForURL(`${worker.base}/intyg`);
  await expect(page.getByText("Inloggad som Ali Samordnare")).toBeVisible();
  // The cookie banner first (this Worker's visitor has not chosen), so it covers nothing.
  const ui = new ConsentUi(page);
  if (await ui.banner.isVisible()) await ui.rejectAll().click();
}

test("after a material change of the notice, a lapsed consent's certificates and statistics are erased with a signed entry; the patient is asked again and consenting fetches them anew", async ({ page, request }) => {
  test.setTimeout(480_000);
  const api = (path: string, data?: object) =>
    data === undefined ? page.request.get(`${worker.base}${path}`) : page.request.post(`${worker.base}${path}`, { headers: { Origin: worker.base }, data });

  // Under revision 1: consent, and a certificate from Region Exempel.
  await loginAli(page);
  // This Worker's state is new: Ali has not consented here yet.
  expect((await (await api("/api/patient/consent")).json()).state).toBe("none");
  expect((await api("/api/patient/consent", {})).status()).toBe(201);
  const key = await pushCertificate(request, worker.base, ALI);
  const held = (await (await api("/api/patient/certificates")).json()).certificates.map((c: { held: { key: string } }) => c.held.key);
  expect(held).toContain(key);
  const subject = (await (await api("/api/patient/consent/history")).json()).history.at(-1).receipt.subject;
  const rows = () => d1(`SELECT count(*) AS n FROM certificate_statistics WHERE subject = '${subject}'`, worker.state)[0].n;
  const holding = () => d1(`SELECT revision FROM patient_holdings WHERE subject = '${subject}'`, worker.state);
  expect(rows()).toBeGreaterThan(0);
  expect(holding()).toEqual([{ revision: 1 }]);

  // The notice changes materially; the patient does not come back. The sweep runs.
  await worker.stop();
  await worker.start("./.wrangler-notice-change.toml");
  expect((await request.get(`${worker.base}/__scheduled?cron=*/10+*+*+*+*`)).status()).toBe(200);
  await expect.poll(rows, { timeout: 60_000 }).toBe(0);
  expect(holding()).toEqual([]);

  // The history says so, signed: an erasure for the lapsed consent, naming the certificate.
  const history = (await (await api("/api/patient/consent/history")).json()).history;
  const erasure = history.at(-1);
  expect(erasure.kind).toBe("erasure");
  expect(erasure.receipt.reason).toBe("consent_lapsed");
  const lapsed = history.filter((h: { kind: string }) => h.kind === "consent").at(-1);
  expect(erasure.receipt.withdrawal_receipt_id).toBe(lapsed.receipt.receipt_id);
  expect(erasure.receipt.certificates.map((c: { id: string }) => `${c.provider}~${c.id}`)).toContain(key);
  expect(await verifyOffline(request, [erasure.receipt], worker.base)).toContain("1 of 1 receipts valid");

  // Nothing is shown until the patient consents to the changed notice.
  expect((await api("/api/patient/certificates")).status()).toBe(403);
  const status = await (await api("/api/patient/consent")).json();
  expect(status).toMatchObject({ state: "given", renewal_due: true, policy_revision: 2 });
  await loginAli(page);
  await expect(page.getByRole("button", { name: "Jag ger mitt samtycke" })).toBeVisible();

  // Consenting again asks Region Exempel (which sent the certificates) to send them anew, and
  // its record system (pointed at this Worker) does: the patient's certificates are back.
  expect((await request.post(`${CARE}/test/target`, { data: { samtycke: worker.base } })).ok()).toBe(true);
  const before = (await (await request.get(`${CARE}/test/resends?patient=${ALI}`)).json()).resends.length;
  await page.getByRole("button", { name: "Jag ger mitt samtycke" }).click();
  await expect.poll(async () => (await (await request.get(`${CARE}/test/resends?patient=${ALI}`)).json()).resends.slice(before).map((r: { provider: string }) => r.provider))
    .toContain("exempelregionen");
  const renewed = await (await api("/api/patient/consent")).json();
  expect(renewed).toMatchObject({ state: "given", renewal_due: false });
  const seed = (await (await request.get(`${CARE}/test/records?patient=${ALI}`)).json()).records
    .filter((r: { provider: string }) => r.provider === "exempelregionen")
    .map((r: { id: string }) => `exempelregionen~${r.id}`);
  await expect
    .poll(async () => ((await (await api("/api/patient/certificates")).json()).certificates ?? []).map((c: { held: { key: string } }) => c.held.key))
    .toEqual(expect.arrayContaining(seed));
});
