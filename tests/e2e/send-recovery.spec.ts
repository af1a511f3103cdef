// No send hangs: a delivery attempt fails, the local Worker is stopped before the queue retries
// (a local queue does not survive a restart, so the retry message is lost) and started again on
// the same state. The patient's Durable Object owns the send's progress: its alarm finds the
// attempt overdue and queues the send again, and the recipient receives it exactly once.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { TestWorker, holdsFor, patientWorkerVars, pushCertificate } from "./fixtures";

const RECIPIENT = process.env.SAMTYCKE_RECIPIENT_URL!;
const LENA = "198112289874";
const worker = new TestWorker("send-restart",
  // Retries after 5 s, 10 s, …: an attempt is overdue 10 s after its time.
  [...patientWorkerVars(), "SEND_RETRY_BASE_SECONDS:5"],
);

test.beforeAll(async () => {
  test.setTimeout(240_000);
  worker.migrate();
  await worker.start();
});

test.afterAll(async ({ request }) => {
  await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 0 } });
  await worker.stop();
});

/** Lena logged in on the Worker at `base` (its state new: she has not consented there),
 * consenting, and holding a certificate her care provider pushed: the patient API on that
 * Worker, the certificate's key, its API path and its content hash. */
async function lenaHolding(page: Page, request: APIRequestContext, base: string) {
  await page.goto(`${base}/auth/login`);
  await page.getByRole("button", { name: /Lena Provsson/ }).click();
  await page.waitForURL(`${base}/intyg`);
  const api = (path: string, data?: object) =>
    data === undefined ? page.request.get(`${base}${path}`) : page.request.post(`${base}${path}`, { headers: { Origin: base }, data });
  expect((await api("/api/patient/consent", {})).status()).toBe(201);
  const key = await pushCertificate(request, base, LENA);
  const path = `/api/patient/certificates/${encodeURIComponent(key)}`;
  const hash: string = (await (await api(path)).json()).held.content_hash;
  return { api, key, path, hash };
}

test("a send whose queue message is lost in a restart is queued again by the patient's object and delivered once", async ({ page, request }) => {
  test.setTimeout(480_000);
  const { api, path, hash } = await lenaHolding(page, request, worker.base);

  // The recipient is down; the first attempt fails and the queue holds the retry.
  await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 1000 } });
  const sent = await api(`${path}/send/forsakringskassan`, { content_hash: hash });
  expect(sent.status()).toBe(202);
  const sendId = (await sent.json()).id;
  const attempts = async () => (await (await request.get(`${RECIPIENT}/test/received`)).json()).attempts[sendId] ?? 0;
  await expect.poll(attempts, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  // The page's data says it is still on its way, and by when the next attempt is due.
  const queued = (await (await api(path)).json()).held.sends.find((s: { id: string }) => s.id === sendId);
  expect(queued.status).toBe("queued");
  expect(Date.parse(queued.next_attempt_at)).toBeGreaterThan(Date.parse(queued.requested_at));

  // The Worker stops with the retry still in its queue: that message is gone.
  await worker.stop();
  await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 0 } });
  const before = await attempts();
  await worker.start();

  // Nothing but the object's alarm can bring it now; it is delivered, once.
  const deliveries = async () =>
    (await (await request.get(`${RECIPIENT}/test/received`)).json()).deliveries.filter((d: { send_id: string }) => d.send_id === sendId);
  await expect.poll(async () => (await deliveries()).length, { timeout: 180_000 }).toBe(1);
  expect(await attempts()).toBeGreaterThan(before);
  await expect
    .poll(async () => (await (await api(path)).json()).held.sends.find((s: { id: string }) => s.id === sendId).status, { timeout: 60_000 })
    .toBe("delivered");
  const history = (await (await api("/api/patient/consent/history")).json()).history;
  expect(history.filter((h: { kind: string; receipt: { send_id?: string } }) => h.kind === "disclosure" && h.receipt.send_id === sendId)).toHaveLength(1);
  // Once, for good: no retry or alarm brings it again (a retry comes 5 or 10 s after an
  // attempt; an attempt is overdue 10 s after its time).
  await holdsFor(25_000, async () => (await deliveries()).length, 1);
});

test("a send the recipient keeps refusing is given up after the most attempts, shown as not sent, and never tried again", async ({ page, request }) => {
  test.setTimeout(480_000);
  // At most 3 attempts, 1 s and then 2 s apart (the product's own defaults are 12 and 30 s).
  const giving = new TestWorker("send-give-up", [...patientWorkerVars(), "SEND_RETRY_BASE_SECONDS:1", "SEND_MAX_ATTEMPTS:3"]);
  giving.migrate();
  await giving.start();
  try {
    const { api, key, path, hash } = await lenaHolding(page, request, giving.base);

    await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 1000 } });
    const sent = await api(`${path}/send/forsakringskassan`, { content_hash: hash });
    expect(sent.status()).toBe(202);
    const sendId = (await sent.json()).id;
    const status = async () => (await (await api(path)).json()).held.sends.find((s: { id: string }) => s.id === sendId).status;
    await expect.poll(status, { timeout: 180_000 }).toBe("failed");
    const attempts = async () => (await (await request.get(`${RECIPIENT}/test/received`)).json()).attempts[sendId] ?? 0;
    expect(await attempts()).toBe(3);

    // The patient sees that it was not sent.
    await page.goto(`${giving.base}/intyg/${encodeURIComponent(key)}`);
    await expect(page.getByText(/Kunde inte skickas till Försäkringskassan/)).toBeVisible();

    // The recipient answers again, and still nothing comes: given up is final (a retry would
    // come within 4 s; an overdue attempt is looked for 2 s after its time).
    await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 0 } });
    await holdsFor(12_000, async () => [await attempts(), await status()], [3, "failed"]);
  } finally {
    await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 0 } });
    await giving.stop();
  }
});
