// Mina intyg for real: certificates come in from the test care system's record system
// (signed RFC 9421 requests), are held only while the patient's consent is in force, are
// erased on withdrawal and fetched again on renewed consent, and can be sent on to the
// stand-in for Försäkringskassan's intake through the queue, with a signed disclosure receipt.
// Statistics suppress small cells and drop a withdrawn patient.
import { execFileSync } from "node:child_process";
import { randomInt } from "node:crypto";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { d1, freshPatient, login, patientApi, sessionCookie, verifyOffline } from "./fixtures";

const CARE = process.env.SAMTYCKE_CARE_URL!;
const RECIPIENT = process.env.SAMTYCKE_RECIPIENT_URL!;
const VERIFIER = process.env.SAMTYCKE_VERIFIER ?? "target/debug/verify-receipt";
const ADMIN = { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN}` };
const TOLVAN = { name: "Tolvan Tolvansson", number: "191212121212" };
// The patient the sending, correction and statistics tests change; the other specs use the rest.

type Intake = { id: string; intake: { status: number; body: { error?: { code: string } } } };

async function issue(request: APIRequestContext, number: string, overrides: object = {}): Promise<Intake> {
  const answer = await request.post(`${CARE}/test/issue`, { data: { personal_identity_number: number, overrides } });
  expect(answer.ok()).toBe(true);
  return answer.json();
}

/** Bring the logged-in patient's consent to `want` through the API. */
async function consentTo(page: Page, cookie: string, want: "given" | "withdrawn") {
  const state = (await patientApi(page, "/api/patient/consent", cookie)).body.state;
  if (state === want || (want === "withdrawn" && state === "none")) return;
  const path = want === "given" ? "/api/patient/consent" : "/api/patient/consent/withdraw";
  expect((await patientApi(page, path, cookie, "POST")).status).toBe(201);
}

/** A patient of the test's own with one certificate (`diagnosis`), logged in, consented, and
 * holding it: the patient, the session cookie and the certificate's API path. */
async function holdingOne(page: Page, context: BrowserContext, request: APIRequestContext, diagnosis: { code: string; text: string }) {
  const who = await freshPatient(request, [diagnosis]);
  await login(page, who);
  const cookie = (await sessionCookie(context)).value;
  await consentTo(page, cookie, "given");
  const path = `/api/patient/certificates/${encodeURIComponent(`exempelregionen~${who.certificates[0]}`)}`;
  await expect.poll(async () => (await patientApi(page, path, cookie)).status).toBe(200);
  return { who, cookie, path };
}

/** The certificate ids a patient's object holds, read from its SQLite file in the local state. */
function heldInStore(subject: string): { certificates: string[]; sendBodies: number } {
  const dir = join(process.env.SAMTYCKE_STATE!, "v3", "do", "samtycke-PatientConsent");
  const script = `
import json, sqlite3, sys
for f in sys.argv[2:]:
    db = sqlite3.connect("file:" + f + "?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT receipt FROM consent_events").fetchall()
    except sqlite3.Error:
        continue
    if any(json.loads(r[0]).get("subject") == sys.argv[1] for r in rows):
        certs = [r[0] for r in db.execute("SELECT key FROM certificates")]
        bodies = db.execute("SELECT count(*) FROM sends WHERE body != ''").fetchone()[0]
        print(json.dumps({"certificates": certs, "sendBodies": bodies}))
        break
`;
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite")).map((f) => join(dir, f));
  return JSON.parse(execFileSync("python3", ["-c", script, subject, ...files], { encoding: "utf8" }));
}

test("a certificate is held and shown only while consent is in force; withdrawal erases it; consent brings it back", async ({
  page,
  context,
  request,
}) => {
  // A patient of the test's own whose care provider already holds one certificate for them
  // (sent in before they ever consented, and refused).
  const who = await freshPatient(request, [{ code: "J45.9", text: "Astma" }]);
  await login(page, who);
  const cookie = (await sessionCookie(context)).value;
  expect((await patientApi(page, "/api/patient/consent", cookie)).body.state).toBe("none");

  // Without consent the care system's certificate is refused, so the provider keeps it.
  const kept = await issue(request, who.number, { diagnoses: [{ code: "J06.9", text: "Förkylning med feber" }] });
  expect(kept.intake).toMatchObject({ status: 409, body: { error: { code: "patient_consent_missing" } } });
  expect((await patientApi(page, "/api/patient/certificates", cookie)).status).toBe(403);

  // Consent: the care system is asked again and sends everything it holds for the patient.
  await page.goto("/intyg");
  await page.getByRole("button", { name: "Jag ger mitt samtycke" }).click();
  await expect(page.getByRole("heading", { name: "Dina intyg", exact: true })).toBeVisible();
  const listed = (await patientApi(page, "/api/patient/certificates", cookie)).body.certificates;
  const ids = listed.map((l: { held: { certificate: { id: string } } }) => l.held.certificate.id);
  expect(ids).toContain(kept.id);
  expect(ids).toContain(who.certificates[0]);

  // A new certificate from the care system appears at once.
  const fresh = await issue(request, who.number, { diagnoses: [{ code: "M54.5", text: "Ländryggsvärk, ny episod" }] });
  expect(fresh.intake.status).toBe(201);
  await page.goto("/intyg");
  await page.getByRole("link", { name: "Läkarintyg för sjukpenning" }).first().click();
  await page.goto(`/intyg/${encodeURIComponent(`exempelregionen~${fresh.id}`)}`);
  await expect(page.getByText("M54.5 Ländryggsvärk, ny episod")).toBeVisible();

  // A correction replaces it, with its version.
  const corrected = await request.post(`${CARE}/test/correct`, { data: { id: fresh.id } });
  expect((await corrected.json()).intake).toMatchObject({ status: 200, body: { status: "replaced", version: 2 } });

  const subject = (await patientApi(page, "/api/patient/consent/history", cookie)).body.history.at(-1).receipt.subject;
  expect(heldInStore(subject).certificates).toContain(`exempelregionen~${fresh.id}`);

  // Withdrawal erases the copies; the very next read is refused.
  await page.goto("/intyg/mina-samtycken");
  await page.getByRole("button", { name: "Återkalla mitt samtycke" }).click();
  await expect(page.getByText("Ditt samtycke: återkallat")).toBeVisible();
  expect((await patientApi(page, "/api/patient/certificates", cookie)).status).toBe(403);
  expect(heldInStore(subject)).toEqual({ certificates: [], sendBodies: 0 });
  const history = (await patientApi(page, "/api/patient/consent/history", cookie)).body.history;
  const erasure = history.at(-1);
  expect(erasure.kind).toBe("erasure");
  expect(erasure.receipt.certificates.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([kept.id, fresh.id]));
  await expect(page.getByRole("cell", { name: "Intyg raderade" }).last()).toBeVisible();

  // Renewed consent fetches them again from the care system, the corrected version included.
  await page.getByRole("button", { name: "Jag ger mitt samtycke" }).click();
  await expect(page.getByText("Ditt samtycke: lämnat")).toBeVisible();
  const again = (await patientApi(page, "/api/patient/certificates", cookie)).body.certificates;
  const back = again.find((l: { held: { certificate: { id: string } } }) => l.held.certificate.id === fresh.id);
  expect(back.held.certificate.version).toBe(2);
});

test("renewed consent asks only the care providers that sent the patient a certificate; the others learn nothing", async ({
  page,
  context,
  request,
}) => {
  // A patient of the test's own, to whom Region Exempel has sent a certificate.
  const who = await freshPatient(request, [{ code: "J45.9", text: "Astma" }]);
  await login(page, who);
  const cookie = (await sessionCookie(context)).value;
  await consentTo(page, cookie, "given");
  // Another of the three providers of the test care network sends them a certificate.
  const sent = await (await request.post(`${CARE}/test/issue`, {
    data: { personal_identity_number: who.number, provider: "norrvarden", overrides: { diagnoses: [{ code: "F32.1", text: "Medelsvår depressiv episod" }] } },
  })).json();
  expect(sent.intake.status).toBe(201);

  await consentTo(page, cookie, "withdrawn");
  const before = ((await (await request.get(`${CARE}/test/resends`)).json()).resends as unknown[]).length;
  await consentTo(page, cookie, "given");

  const resends: { provider: string; personal_identity_number: string }[] = (await (await request.get(`${CARE}/test/resends`)).json()).resends.slice(before);
  const asked = resends.map((r) => r.provider);
  expect(asked).toContain("norrvarden");
  // Söderkliniken never sent the patient anything: it is never told their number.
  expect(asked).not.toContain("soderkliniken");
  expect(resends.every((r) => r.personal_identity_number === who.number)).toBe(true);
  // Region Exempel sent them one before they consented: it is asked too, once.
  expect(asked.filter((p) => p === "exempelregionen")).toHaveLength(1);
  expect(asked.filter((p) => p === "norrvarden")).toHaveLength(1);

  // Norrvården sent it in again: it is shown.
  const listed = (await patientApi(page, "/api/patient/certificates", cookie)).body.certificates;
  expect(listed.map((l: { held: { key: string } }) => l.held.key)).toContain(`norrvarden~${sent.id}`);
});

test("forged, unsigned, replayed and invalid intake requests are refused with the JSON error", async ({ request }) => {
  const intake = "/api/intake/certificates";
  // Unsigned.
  const unsigned = await request.post(intake, { data: { id: "x" } });
  expect(unsigned.status()).toBe(401);
  expect((await unsigned.json()).error.code).toBe("signature_missing");

  // Replayed: the care system's last signed request, sent again byte for byte.
  await issue(request, TOLVAN.number);
  const last = await (await request.get(`${CARE}/test/last-push`)).json();
  const replay = await request.fetch(last.url, { method: "POST", headers: last.headers, data: last.body });
  expect(replay.status()).toBe(401);
  expect((await replay.json()).error.code).toBe("request_replayed");

  // Forged: signed for one body, sent with another.
  const url = new URL(intake, process.env.SAMTYCKE_URL).toString();
  const signed = await (await request.post(`${CARE}/test/sign`, { data: { url, body: last.body } })).json();
  const forgedBody = last.body.replace(/"degree":\s*\d+/, '"degree":100');
  const forged = await request.fetch(url, { method: "POST", headers: signed.headers, data: forgedBody });
  expect(forged.status()).toBe(401);
  expect((await forged.json()).error.code).toBe("digest_mismatch");

  // Signed correctly, but not a valid certificate: named field, 422.
  const invalid = await issue(request, TOLVAN.number, { sick_leave: [{ degree: 40, from: "2026-11-02", to: "2026-11-20" }] });
  expect(invalid.intake.status).toBe(422);
  expect(JSON.stringify(invalid.intake.body)).toContain("sick_leave[0].degree");
});

test("sending to Försäkringskassan: preview, confirm, delivered once although the recipient was down, receipt verifies offline", async ({
  page,
  context,
  request,
}) => {
  await request.post(`${RECIPIENT}/test/reset`);
  const karin = await freshPatient(request);
  await login(page, karin);
  const cookie = (await sessionCookie(context)).value;
  await consentTo(page, cookie, "given");
  const { id } = await issue(request, karin.number, { diagnoses: [{ code: "F43.8", text: "Reaktion på svår stress" }] });
  const key = `exempelregionen~${id}`;
  await page.goto(`/intyg/${encodeURIComponent(key)}`);
  await expect(page.getByText(/längre än 14 dagar/)).toBeVisible();

  // The recipient is down for the first two attempts.
  await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 2 } });
  await page.getByRole("button", { name: "Skicka till Försäkringskassan" }).click();
  const preview = page.locator(".pt-preview");
  await expect(preview.getByRole("heading", { name: "Så här ser det ut som skickas till Försäkringskassan" })).toBeVisible();
  await expect(preview.getByText("F43.8 Reaktion på svår stress")).toBeVisible();
  await expect(preview.getByText(karin.number)).toBeVisible();
  await preview.getByRole("button", { name: "Bekräfta och skicka" }).click();

  await expect
    .poll(async () => (await (await request.get(`${RECIPIENT}/test/received`)).json()).deliveries.length, { timeout: 60_000 })
    .toBe(1);
  const received = await (await request.get(`${RECIPIENT}/test/received`)).json();
  const delivery = received.deliveries[0];
  expect(delivery.certificate_id).toBe(id);
  expect(received.attempts[delivery.send_id]).toBe(3);
  // The page shows the delivery by itself, without a reload.
  await expect(page.getByText(/Skickat till Försäkringskassan/)).toBeVisible({ timeout: 30_000 });
  // No second send is offered, and the server refuses one.
  await expect(page.getByRole("button", { name: "Skicka till Försäkringskassan" })).toHaveCount(0);
  const hash = (await patientApi(page, `/api/patient/certificates/${encodeURIComponent(key)}`, cookie)).body.held.content_hash;
  const twice = await patientApi(page, `/api/patient/certificates/${encodeURIComponent(key)}/send/forsakringskassan`, cookie, "POST", JSON.stringify({ content_hash: hash }));
  expect(twice).toMatchObject({ status: 409, body: { error: { code: "already_sent" } } });

  // The disclosure receipt: in the history, naming what went where, verifiable offline.
  const history = (await patientApi(page, "/api/patient/consent/history", cookie)).body.history;
  const disclosures = history.filter((h: { kind: string; receipt: { send_id: string } }) => h.kind === "disclosure" && h.receipt.send_id === delivery.send_id);
  expect(disclosures).toHaveLength(1);
  const receipt = disclosures[0].receipt;
  expect(receipt).toMatchObject({
    action: "sent_at_patients_request",
    recipient: { id: "forsakringskassan", name: "Försäkringskassan" },
    certificate: { id, content_hash: hash },
  });
  expect(receipt.recipient_reference).toBe(delivery.reference);
  const dir = mkdtempSync(join(tmpdir(), "disclosure-"));
  writeFileSync(join(dir, "keys.json"), await (await page.request.get("/.well-known/samtycke/keys.json")).text());
  writeFileSync(join(dir, "receipt.json"), JSON.stringify(receipt));
  expect(execFileSync(VERIFIER, [join(dir, "receipt.json"), "--keys", join(dir, "keys.json")], { encoding: "utf8" })).toContain("1 of 1 receipts valid");
  receipt.recipient.id = "arbetsgivaren";
  writeFileSync(join(dir, "forged.json"), JSON.stringify(receipt));
  expect(() => execFileSync(VERIFIER, [join(dir, "forged.json"), "--keys", join(dir, "keys.json")])).toThrow();
  // The patient sees the send in the history in Stockholm time.
  await page.goto("/intyg/mina-samtycken");
  await expect(page.getByRole("cell", { name: "Intyg skickat: Försäkringskassan" })).toBeVisible();
});

test("a certificate corrected after it was sent: the page shows what changed, the corrected version is sent, and Försäkringskassan is told, signed, which delivery it replaces", async ({
  page,
  context,
  request,
}) => {
  const karin = await freshPatient(request);
  await login(page, karin);
  const cookie = (await sessionCookie(context)).value;
  await consentTo(page, cookie, "given");
  const { id } = await issue(request, karin.number, { diagnoses: [{ code: "M75.1", text: "Rotatorkuffsyndrom" }] });
  const key = `exempelregionen~${id}`;
  const deliveriesOf = async () =>
    ((await (await request.get(`${RECIPIENT}/test/received`)).json()).deliveries as { certificate_id: string; version: number; send_id: string; supersedes?: string; superseded_by?: string }[])
      .filter((d) => d.certificate_id === id);

  // Version 1 is sent.
  await page.goto(`/intyg/${encodeURIComponent(key)}`);
  await page.getByRole("button", { name: "Skicka till Försäkringskassan" }).click();
  await page.locator(".pt-preview").getByRole("button", { name: "Bekräfta och skicka" }).click();
  await expect.poll(async () => (await deliveriesOf()).length, { timeout: 60_000 }).toBe(1);
  await expect(page.getByText(/Skickat till Försäkringskassan/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/rättat intyget/)).toHaveCount(0);

  // The care provider corrects it: the page says a newer version exists and what changed.
  const corrected = await request.post(`${CARE}/test/correct`, {
    data: { id, overrides: { sick_leave: [{ degree: 100, from: "2026-11-02", to: "2026-11-29" }] } },
  });
  expect((await corrected.json()).intake.body).toMatchObject({ status: "replaced", version: 2 });
  await page.reload();
  const notice = page.locator(".pt-corrected");
  await expect(notice).toContainText("efter att version 1 skickades till Försäkringskassan. Det du ser nu är version 2.");
  await expect(notice.getByRole("listitem")).toHaveText(["Sjukskrivning", "Prognos"]);

  // The corrected version goes out with preview and confirmation, as any send.
  await page.getByRole("button", { name: "Skicka den rättade versionen till Försäkringskassan" }).click();
  const preview = page.locator(".pt-preview");
  await expect(preview.getByText("100 % 2026-11-02 – 2026-11-29")).toBeVisible();
  await preview.getByRole("button", { name: "Bekräfta och skicka" }).click();
  await expect.poll(async () => (await deliveriesOf()).length, { timeout: 60_000 }).toBe(2);
  const [first, second] = await deliveriesOf();
  expect([first.version, second.version]).toEqual([1, 2]);
  // The recipient verified the signed delivery of version 2, which names the one it replaces.
  expect(second.supersedes).toBe(first.send_id);
  expect(first.superseded_by).toBe(second.send_id);
  await expect(page.getByRole("button", { name: /Skicka .*Försäkringskassan/ })).toHaveCount(0, { timeout: 30_000 });

  // Both deliveries are in the history; the second receipt names the first, and verifies.
  const history = (await patientApi(page, "/api/patient/consent/history", cookie)).body.history;
  const sent = history.filter((h: { kind: string; receipt: { certificate: { id: string } } }) => h.kind === "disclosure" && h.receipt.certificate.id === id);
  expect(sent.map((h: { receipt: { certificate: { version: number } } }) => h.receipt.certificate.version)).toEqual([1, 2]);
  expect(sent[1].receipt.supersedes).toMatchObject({ send_id: first.send_id, version: 1, content_hash: sent[0].receipt.certificate.content_hash });
  expect(await verifyOffline(request, [sent[1].receipt])).toContain("1 of 1 receipts valid");
});

test("a send names what the patient saw: a certificate corrected since the preview is not sent (409 certificate_changed), and an older version is never taken (409 stale_version)", async ({
  page,
  context,
  request,
}) => {
  const { who, cookie, path } = await holdingOne(page, context, request, { code: "J20.9", text: "Akut bronkit" });

  // The patient previews version 1; the care provider corrects it before the patient confirms.
  const preview = await patientApi(page, `${path}/send/forsakringskassan`, cookie);
  expect(preview.status).toBe(200);
  const shown = preview.body.content_hash;
  const corrected = await request.post(`${CARE}/test/correct`, { data: { id: who.certificates[0] } });
  expect((await corrected.json()).intake.body).toMatchObject({ status: "replaced", version: 2 });
  const send = await patientApi(page, `${path}/send/forsakringskassan`, cookie, "POST", JSON.stringify({ content_hash: shown }));
  expect(send).toMatchObject({ status: 409, body: { error: { code: "certificate_changed" } } });
  const held = (await patientApi(page, path, cookie)).body.held;
  expect(held.sends).toEqual([]);

  // Version 1 arriving late (a retry from the record system) does not replace version 2.
  const first = { ...held.certificate, version: 1 };
  const url = new URL("/api/intake/certificates", process.env.SAMTYCKE_URL).toString();
  const signed = await (await request.post(`${CARE}/test/sign`, { data: { url, body: JSON.stringify(first) } })).json();
  const late = await request.fetch(url, { method: "POST", headers: signed.headers, data: signed.body });
  expect(late.status()).toBe(409);
  expect((await late.json()).error.code).toBe("stale_version");
  expect((await patientApi(page, path, cookie)).body.held.certificate.version).toBe(2);
});

test("a withdrawal stops a send still on its way: it is cancelled, and the recipient never receives it", async ({
  page,
  context,
  request,
}) => {
  const { cookie, path } = await holdingOne(page, context, request, { code: "M51.1", text: "Diskbråck i ländryggen" });
  const hash = (await patientApi(page, path, cookie)).body.held.content_hash;

  // The recipient is down: the send stays queued, attempt after attempt.
  await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 1000 } });
  try {
    const sent = await patientApi(page, `${path}/send/forsakringskassan`, cookie, "POST", JSON.stringify({ content_hash: hash }));
    expect(sent.status).toBe(202);
    const sendId = sent.body.id;
    const attempts = async () => (await (await request.get(`${RECIPIENT}/test/received`)).json()).attempts[sendId] ?? 0;
    await expect.poll(attempts, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);

    await consentTo(page, cookie, "withdrawn");
    await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 0 } });
    // Consent again: the send is still cancelled, not revived.
    await consentTo(page, cookie, "given");
    const after = await attempts();
    await expect.poll(async () => (await patientApi(page, path, cookie)).status, { timeout: 60_000 }).toBe(200);
    const cancelled = (await patientApi(page, path, cookie)).body.held.sends.find((s: { id: string }) => s.id === sendId);
    expect(cancelled.status).toBe("cancelled");
    // Watched until a send made after it has gone all the way (the cancelled one's retry was
    // due before that one's first attempt): the cancelled send was never tried again.
    const again = await patientApi(page, `${path}/send/forsakringskassan`, cookie, "POST", JSON.stringify({ content_hash: hash }));
    expect(again.status).toBe(202);
    const delivered = async () => (await (await request.get(`${RECIPIENT}/test/received`)).json()).deliveries.map((d: { send_id: string }) => d.send_id);
    await expect.poll(delivered, { timeout: 60_000 }).toContain(again.body.id);
    expect(await delivered()).not.toContain(sendId);
    expect(await attempts()).toBe(after);
  } finally {
    await request.post(`${RECIPIENT}/test/fail-next`, { data: { count: 0 } });
  }
});

test("statistics count people, not certificates: a month is published once it has ended, names no small cell, and a later withdrawal changes nothing published", async ({ page, context, request }) => {
  // Two cells of their own in a month that has ended and that no other test (or earlier run of
  // this one) has used: five certificates of one patient's alone, and one of theirs beside four
  // other patients'.
  const unused = (m: string) => d1(`SELECT COUNT(*) AS n FROM certificate_statistics WHERE month = '${m}'`)[0].n === 0;
  let month = "";
  while (!month || !unused(month)) month = `${1950 + randomInt(70)}-${String(1 + randomInt(12)).padStart(2, "0")}`;
  const alone = { sick_leave: [{ degree: 75, from: `${month}-06`, to: `${month}-25` }], diagnoses: [{ code: "F32.1", text: "Depression" }] };
  const shared = { sick_leave: [{ degree: 100, from: `${month}-13`, to: `${month}-20` }], diagnoses: [{ code: "L40.0", text: "Psoriasis" }] };
  const today = new Date();
  const thisMonth = today.toISOString().slice(0, 7);
  const open = { sick_leave: [{ degree: 50, from: `${thisMonth}-01`, to: `${thisMonth}-02` }], diagnoses: [{ code: "J45.9", text: "Astma" }] };
  const karin = await freshPatient(request);
  await login(page, karin);
  const cookie = (await sessionCookie(context)).value;
  await consentTo(page, cookie, "given");
  for (let i = 0; i < 5; i++) expect((await issue(request, karin.number, alone)).intake.status).toBe(201);
  expect((await issue(request, karin.number, shared)).intake.status).toBe(201);
  for (let i = 0; i < 5; i++) expect((await issue(request, karin.number, open)).intake.status).toBe(201);
  // Four other patients' rows in the shared cell, as their own consent objects write them.
  d1(
    "INSERT INTO certificate_statistics (subject, certificate_key, month, chapter, degree, duration) VALUES " +
      [1, 2, 3, 4].map((i) => `('p_statistics_${month}_${i}', 'care~${month}~${i}', '${month}', 'XII', 100, '1–14')`).join(", "),
  );
  const karinRows = () => d1(`SELECT COUNT(*) AS n FROM certificate_statistics WHERE month = '${month}' AND degree = 75`)[0].n;
  await expect.poll(karinRows).toBe(5);

  const statistics = async () => (await (await request.get("/api/admin/statistics", { headers: ADMIN })).json());
  const first = await statistics();
  const cells = first.cells.filter((c: { month: string }) => c.month === month);
  // Five people: published. Five certificates of one person: not there at all.
  expect(cells).toEqual([{ month, chapter: "XII", degree: 100, duration: "1–14", patients: 5 }]);
  expect(first.months).toContain(month);
  // The month still running is not published.
  expect(first.months).not.toContain(thisMonth);
  expect(first.cells.some((c: { month: string }) => c.month === thisMonth)).toBe(false);
  expect(first.cells.every((c: { patients: number }) => c.patients >= 5)).toBe(true);
  const page2 = await context.newPage();
  await page2.setExtraHTTPHeaders(ADMIN);
  await page2.goto("/admin/statistics");
  await expect(page2.getByRole("row", { name: new RegExp(`${month} XII 100 % 1–14 5`) })).toBeVisible();
  await expect(page2.getByRole("row", { name: new RegExp(`${month} V 75 %`) })).toHaveCount(0);

  // The patient withdraws: their rows go, but what was published does not move, so comparing the
  // two readings tells nothing about her.
  await consentTo(page, cookie, "withdrawn");
  await expect.poll(karinRows).toBe(0);
  expect(await statistics()).toEqual(first);
  await consentTo(page, cookie, "given");
});

