// The patient flow through the real test e-ID provider (npm oidc-provider, started by
// scripts/serve-test.sh): consent before any data, withdraw and re-activate, isolation
// between patients, tampered sessions, verifiable history receipts, accessibility.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { ConsentUi, SESSION, TestWorker, d1, expectNoAxeViolations, freshPatient, login, patientApi, sessionCookie } from "./fixtures";

const VERIFIER = process.env.SAMTYCKE_VERIFIER ?? "target/debug/verify-receipt";
const BASE = process.env.SAMTYCKE_URL!;

// Seed persons of the test e-ID provider, for tests about logging in and sessions that assert
// nothing about the person's consent or certificates (those make a person of their own).
const TOLVAN = { name: "Tolvan Tolvansson" };
const LENA = { name: "Lena Provsson" };
/** A certificate's key in Samtycke: the test care system's provider id and its own id. */
const keyOf = (id: string) => `exempelregionen~${id}`;

async function newPatient(browser: Browser, who: { name: string }) {
  const context = await browser.newContext({ baseURL: BASE });
  const page = await context.newPage();
  await login(page, who);
  return { context, page };
}

/** Call the patient API with exactly the given session cookie value. */
const api = patientApi;

async function giveConsent(page: Page) {
  await page.getByRole("button", { name: "Jag ger mitt samtycke" }).click();
  await expect(page.getByRole("heading", { name: "Dina intyg", exact: true })).toBeVisible();
}

test("the session cookie is __Host-, HttpOnly, Secure and SameSite=Lax", async ({ page, context }) => {
  await login(page, TOLVAN);
  const cookie = await sessionCookie(context);
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
  expect(cookie.expires - Date.now() / 1000).toBeLessThanOrEqual(15 * 60 + 5);
  expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION);
});

/** Two diagnoses of the patients the first-login tests make. */
const ECZEMA = { code: "L20.9", text: "Atopiskt eksem" };
const FRACTURE = { code: "S82.6", text: "Fraktur på laterala malleolen" };

test("first login shows the consent page and no data, and the API refuses certificates", async ({ page, context, request }) => {
  const who = await freshPatient(request, [ECZEMA]);
  const certificate = who.certificates[0];
  const diagnosis = `${ECZEMA.code} ${ECZEMA.text}`;
  await login(page, who);
  await expect(page.getByRole("heading", { level: 1, name: "Samtycke till att visa dina intyg" })).toBeVisible();
  const data = page.locator(".pt-data li");
  await expect(data).toHaveText([
    "namn", "personnummer eller samordningsnummer", "adress", "diagnos", "sjukdomsförlopp",
    "funktionsnedsättning", "aktivitetsbegränsning", "rekommendationer",
    "planerad eller pågående behandling", "arbetsförmåga", "prognos", "vårdkontakter",
  ]);
  await expect(page.getByText(/statistik om sjukskrivningar/)).toBeVisible();
  await expect(page.getByText(/Personuppgiftsansvarig:/)).toBeVisible();
  await expect(page.getByText(/när som helst återkalla/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Läs hela integritetspolicyn" })).toHaveAttribute("href", "/integritet/intygstjansten");
  await expect(page.getByText(diagnosis)).toHaveCount(0);
  await expectNoAxeViolations(page);
  // The same page in English, also without violations.
  await page.getByRole("button", { name: "English", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Consent to showing your certificates" })).toBeVisible();
  await expect(page.getByRole("button", { name: "I give my consent" })).toBeVisible();
  expect(await page.getAttribute("html", "lang")).toBe("en");
  await expectNoAxeViolations(page);
  // And in Finnish, a national minority language (a draft until a translator approves it).
  await page.getByRole("button", { name: "Suomi", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Suostumus todistustesi näyttämiseen" })).toBeVisible();
  await expect(page.locator(".pt-data li").first()).toHaveText("nimi");
  await expect(page.getByRole("button", { name: "Annan suostumukseni" })).toBeVisible();
  expect(await page.getAttribute("html", "lang")).toBe("fi");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Svenska", exact: true }).click();

  const { value } = await sessionCookie(context);
  const list = await api(page, "/api/patient/certificates", value);
  expect(list).toMatchObject({ status: 403, body: { error: { code: "consent_required" } } });
  const one = await api(page, `/api/patient/certificates/${encodeURIComponent(keyOf(certificate))}`, value);
  expect(one.status).toBe(403);
  expect((await api(page, "/api/patient/consent", value)).body.state).toBe("none");
  // Going straight to a certificate's address shows the consent page, not the certificate.
  await page.goto(`/intyg/${encodeURIComponent(keyOf(certificate))}`);
  await expect(page.getByRole("button", { name: "Jag ger mitt samtycke" })).toBeVisible();
  await expect(page.getByText(diagnosis)).toHaveCount(0);
});

test("consent shows the certificates; withdrawal hides them at once; consenting again brings them back", async ({
  page,
  context,
  request,
}) => {
  const who = await freshPatient(request, [ECZEMA, FRACTURE]);
  const held = { certificate: who.certificates[0], diagnosis: `${ECZEMA.code} ${ECZEMA.text}` };
  await login(page, who);
  await giveConsent(page);
  await expect(page.getByRole("link", { name: "Läkarintyg för sjukpenning", exact: true }).first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto(`/intyg/${encodeURIComponent(keyOf(held.certificate))}`);
  await expect(page.getByRole("heading", { level: 1, name: "Läkarintyg för sjukpenning" })).toBeVisible();
  await expect(page.getByText(held.diagnosis)).toBeVisible();
  await expect(page.getByText(who.number)).toBeVisible();
  await expect(page.getByRole("button", { name: "Skriv ut" })).toBeVisible();
  await expectNoAxeViolations(page);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Spara intyget" }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`intyg-${held.certificate}.txt`);
  expect(readFileSync((await saved.path())!, "utf8")).toContain(`Diagnos: ${held.diagnosis}`);
  // The print stylesheet leaves only the certificate.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Skriv ut" })).toBeHidden();
  await expect(page.getByRole("heading", { name: "Skicka intyget" })).toBeHidden();
  await expect(page.getByText(held.diagnosis)).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("link", { name: "Mina samtycken" }).click();
  await expect(page.getByText("Ditt samtycke: lämnat")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Återkalla mitt samtycke" }).click();
  await expect(page.getByRole("status")).toHaveText("Ditt samtycke är återkallat. Inga intyg visas längre.");
  await expect(page.getByText("Ditt samtycke: återkallat")).toBeVisible();

  const { value } = await sessionCookie(context);
  expect((await api(page, "/api/patient/certificates", value)).status).toBe(403);
  expect((await api(page, `/api/patient/certificates/${encodeURIComponent(keyOf(held.certificate))}`, value)).status).toBe(403);
  expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage))).not.toContain("eksem");

  await page.goto("/intyg");
  await expect(page.getByText(/Du har återkallat ditt samtycke/)).toBeVisible();
  await expect(page.getByText(held.diagnosis)).toHaveCount(0);
  await giveConsent(page);
  await expect(page.getByRole("link", { name: "Läkarintyg för sjukpenning", exact: true }).first()).toBeVisible();
  // Fetched again from the care system: both of the patient's certificates are back.
  const back = (await api(page, "/api/patient/certificates", value)).body.certificates;
  expect(back.map((l: { held: { certificate: { id: string } } }) => l.held.certificate.id).sort()).toEqual(
    [...who.certificates].sort(),
  );
  // Given under the notice in force now: nothing to renew.
  expect((await api(page, "/api/patient/consent", value)).body).toMatchObject({ state: "given", renewal_due: false });
});

test("the history lists every transition with a receipt that verifies offline", async ({ page, context, request }) => {
  const who = await freshPatient(request);
  await login(page, who);
  const { value } = await sessionCookie(context);
  expect((await api(page, "/api/patient/consent/history", value)).body.history).toEqual([]);
  await giveConsent(page);
  await page.goto("/intyg/mina-samtycken");
  await page.getByRole("button", { name: "Återkalla mitt samtycke" }).click();
  await expect(page.getByText("Ditt samtycke: återkallat")).toBeVisible();
  await page.getByRole("button", { name: "Jag ger mitt samtycke" }).click();
  await expect(page.getByText("Ditt samtycke: lämnat")).toBeVisible();

  const { history } = (await api(page, "/api/patient/consent/history", value)).body;
  // A withdrawal adds its receipt and the signed erasure of the certificates.
  const kinds = history.map((h: { kind: string; state: string }) => `${h.kind}:${h.state}`);
  expect(kinds).toEqual(["consent:given", "consent:withdrawn", "erasure:withdrawn", "consent:given"]);
  await expect(page.locator(".pt-table tbody tr")).toHaveCount(history.length);
  // Every consent receipt: signed, chained to the previous one, about this patient only, e-ID.
  const consents = history.filter((h: { kind: string }) => h.kind === "consent");
  consents.forEach((entry: { receipt: Record<string, any>; state: string }, i: number) => {
    expect(entry.receipt.method).toBe("e-id");
    expect(entry.receipt.subject).toMatch(/^p_[A-Za-z0-9_-]{43}$/);
    expect(entry.receipt.subject).not.toContain(who.number);
    expect(entry.receipt.previous_receipt_id).toBe(i === 0 ? null : consents[i - 1].receipt.receipt_id);
    expect(entry.receipt.purposes.map((p: { granted: boolean }) => p.granted)).toEqual(
      entry.receipt.purposes.map(() => entry.state === "given"),
    );
  });

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Ladda ned kvittona (JSON)" }).click();
  const file = (await (await download).path())!;
  const dir = mkdtempSync(join(tmpdir(), "patient-receipts-"));
  writeFileSync(join(dir, "keys.json"), await (await page.request.get("/.well-known/samtycke/keys.json")).text());
  const out = execFileSync(VERIFIER, [file, "--keys", join(dir, "keys.json")], { encoding: "utf8" });
  expect(out).toContain(`${history.length} of ${history.length} receipts valid`);

  // A changed receipt no longer verifies.
  const receipts = JSON.parse(readFileSync(file, "utf8"));
  receipts[receipts.length - 1].purposes[0].granted = false;
  writeFileSync(join(dir, "tampered.json"), JSON.stringify(receipts));
  let status = 0;
  try {
    execFileSync(VERIFIER, [join(dir, "tampered.json"), "--keys", join(dir, "keys.json")]);
  } catch (e) {
    status = (e as { status: number }).status;
  }
  expect(status).toBe(1);
});

test("one patient's session can never read another patient's consent or certificates", async ({ browser, request }) => {
  const [aWho, bWho] = [await freshPatient(request, [ECZEMA]), await freshPatient(request, [FRACTURE])];
  const a = await newPatient(browser, aWho);
  const b = await newPatient(browser, bWho);
  const aCookie = (await sessionCookie(a.context)).value;
  const bCookie = (await sessionCookie(b.context)).value;
  expect((await api(a.page, "/api/patient/consent", aCookie, "POST")).status).toBe(201);
  expect((await api(b.page, "/api/patient/consent", bCookie, "POST")).status).toBe(201);
  // Each holds their own certificate once the care system has sent it again after consent.
  const held = async (page: Page, cookie: string) =>
    (await api(page, "/api/patient/certificates", cookie)).body.certificates.map((c: { held: { certificate: { id: string } } }) => c.held.certificate.id);
  await expect.poll(() => held(a.page, aCookie)).toEqual(aWho.certificates);
  await expect.poll(() => held(b.page, bCookie)).toEqual(bWho.certificates);
  // B asks for A's certificate by id: not found, as if it did not exist.
  const stolen = await api(b.page, `/api/patient/certificates/${encodeURIComponent(keyOf(aWho.certificates[0]))}`, bCookie);
  expect(stolen).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
  const bList = (await api(b.page, "/api/patient/certificates", bCookie)).body.certificates;
  expect(JSON.stringify(bList)).not.toContain(aWho.name);
  expect(JSON.stringify(bList)).not.toContain(aWho.number);
  // Histories are per patient.
  const aSubjects = new Set((await api(a.page, "/api/patient/consent/history", aCookie)).body.history.map((h: any) => h.receipt.subject));
  const bSubjects = new Set((await api(b.page, "/api/patient/consent/history", bCookie)).body.history.map((h: any) => h.receipt.subject));
  expect(aSubjects.size).toBe(1);
  expect(bSubjects.size).toBe(1);
  expect([...aSubjects][0]).not.toBe([...bSubjects][0]);
  // B withdrawing changes nothing for A.
  expect((await api(b.page, "/api/patient/consent/withdraw", bCookie, "POST")).status).toBe(201);
  expect((await api(a.page, "/api/patient/certificates", aCookie)).status).toBe(200);
  expect((await api(b.page, "/api/patient/certificates", bCookie)).status).toBe(403);
  await a.context.close();
  await b.context.close();
});

test("a tampered, foreign or missing session is refused, and writes need this site's Origin", async ({ page, context }) => {
  await login(page, LENA);
  const { value } = await sessionCookie(context);
  // The cookie is sealed: neither the patient's name nor their subject can be read from it.
  const raw = Buffer.from(value, "base64url");
  expect(raw.toString("latin1")).not.toContain("Lena");
  expect(raw.toString("latin1")).not.toContain("p_");
  // Any changed byte (nonce, ciphertext or tag) is refused.
  for (const at of [0, 30, raw.length - 1]) {
    const flipped = Buffer.from(raw);
    flipped[at] ^= 1;
    const answer = await api(page, "/api/patient/consent", flipped.toString("base64url"));
    expect(answer).toMatchObject({ status: 401, body: { error: { code: "login_required" } } });
  }
  expect((await api(page, "/api/patient/consent", "")).status).toBe(401);
  // Cross-site writes are refused even with a valid session.
  const crossSite = await page.request.post("/api/patient/consent/withdraw", {
    headers: { Cookie: `${SESSION}=${value}`, Origin: "https://evil.example" },
    data: {},
  });
  expect(crossSite.status()).toBe(403);
  expect((await crossSite.json()).error.code).toBe("cross_origin_request");
  // Bad bodies get a clear 4xx, never a 500.
  const malformed = await page.request.post("/api/patient/consent", {
    headers: { Cookie: `${SESSION}=${value}`, Origin: BASE, "Content-Type": "application/json" },
    data: "{not json",
  });
  expect(malformed.status()).toBe(400);
});

test("logging out ends the session, including any copy of its cookie", async ({ page, context }) => {
  await login(page, TOLVAN);
  const { value } = await sessionCookie(context);
  expect((await api(page, "/api/patient/consent", value)).status).toBe(200);
  await page.getByRole("button", { name: "Logga ut" }).click();
  await expect(page.getByRole("link", { name: "Logga in med e-legitimation" })).toBeVisible();
  expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION);
  // The cookie's signature is still genuine, but the patient's object knows they logged out.
  expect(await api(page, "/api/patient/consent", value)).toMatchObject({
    status: 401,
    body: { error: { code: "login_required" } },
  });
  expect((await api(page, "/api/patient/certificates", value)).status).toBe(401);
  // Logging in again works at once, also within the same second as the logout.
  await login(page, TOLVAN);
  expect((await api(page, "/api/patient/consent", (await sessionCookie(context)).value)).status).toBe(200);
});

test("a cancelled login says so and logs nobody in", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open("/intyg");
  await ui.rejectAll().click();
  await page.getByRole("link", { name: "Logga in med e-legitimation" }).click();
  await page.getByRole("button", { name: "Avbryt" }).click();
  await page.waitForURL(/\/intyg\?inloggning=avbruten$/);
  await expect(page.getByRole("alert")).toHaveText("Inloggningen avbröts. Du kan försöka igen.");
  await expectNoAxeViolations(page);
  expect((await page.request.get("/api/patient/consent")).status()).toBe(401);
});

test("an e-ID login below assurance level 3 is refused and says why", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open("/intyg");
  await ui.rejectAll().click();
  await page.getByRole("link", { name: "Logga in med e-legitimation" }).click();
  await page.getByLabel("Tillitsnivå").selectOption({ label: "LoA2 (lägre)" });
  await page.getByRole("button", { name: new RegExp(TOLVAN.name) }).click();
  await page.waitForURL(/\/intyg\?inloggning=for-lag-tillitsniva$/);
  await expect(page.getByRole("alert")).toContainText("för låg säkerhetsnivå");
  expect((await page.request.get("/api/patient/consent")).status()).toBe(401);
});

test("a replayed callback is refused before it reaches the provider again", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open("/intyg");
  await ui.rejectAll().click();
  // Catch the callback as the browser sends it: its URL (code, state) and its login cookie.
  const callback = page.waitForRequest((r) => r.url().includes("/auth/callback?"));
  await page.getByRole("link", { name: "Logga in med e-legitimation" }).click();
  await page.getByRole("button", { name: new RegExp(LENA.name) }).click();
  const sent = await callback;
  const cookie = (await sent.allHeaders())["cookie"];
  await page.waitForURL(/\/intyg$/);
  await expect(page.getByText(`Inloggad som ${LENA.name}`)).toBeVisible();

  // The same request again, from anywhere: refused as a spent login (`for-gammal`). Sent on
  // to the provider, the used code would come back `invalid_grant` (`misslyckad`) instead.
  const replay = await page.request.get(sent.url(), { headers: { Cookie: cookie }, maxRedirects: 0 });
  expect(replay.status()).toBe(303);
  expect(replay.headers()["location"]).toBe("/intyg?inloggning=for-gammal");
  expect(replay.headers()["set-cookie"] ?? "").not.toMatch(new RegExp(`${SESSION}=[^;]`));
});

test("a callback without this browser's login in progress is refused", async ({ page }) => {
  await page.goto("/auth/callback?code=stolen&state=guess");
  await page.waitForURL(/inloggning=for-gammal/);
  expect((await page.request.get("/api/patient/consent")).status()).toBe(401);
});

test("the whole patient flow works with the keyboard alone", async ({ page, request }) => {
  // A patient of its own, so consent is given with the keyboard, always.
  const who = await freshPatient(request);
  const ui = new ConsentUi(page);
  await ui.open("/intyg");
  await ui.rejectAll().focus();
  await page.keyboard.press("Enter");
  await expect(ui.banner).toBeHidden();
  const tabTo = async (name: string) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() =>
        document.activeElement === document.body ? "" : (document.activeElement?.textContent?.trim() ?? ""),
      );
      if (focused.startsWith(name)) return;
    }
    throw new Error(`never reached "${name}" with Tab`);
  };
  await tabTo("Logga in med e-legitimation");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Test-e-legitimation" })).toBeVisible();
  await tabTo(who.name);
  await page.keyboard.press("Enter");
  await expect(page.getByText(`Inloggad som ${who.name}`)).toBeVisible();
  expect((await (await page.request.get("/api/patient/consent")).json()).state).toBe("none");
  await tabTo("Jag ger mitt samtycke");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Dina intyg", exact: true })).toBeVisible();
  await tabTo("Mina samtycken");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/intyg\/mina-samtycken$/);
  await expect(page.getByText("Ditt samtycke: lämnat")).toBeVisible();
  await tabTo("Återkalla mitt samtycke");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Ditt samtycke: återkallat")).toBeVisible();
});

test("the maintainers' dashboard counts patients' grants and withdrawals per closed day, shows no count under five, and no identities", async ({
  page,
  context,
  request,
}) => {
  const token = process.env.SAMTYCKE_ADMIN_TOKEN!;
  const dashboard = async () =>
    (await page.request.get("/admin", { headers: { Authorization: `Bearer ${token}` } })).text();
  // A row of the patients' table: the day, then two counts (a number, or "färre än 5").
  const row = (html: string, day: string) =>
    new RegExp(`<td>${day}</td><td>(\\d+|färre än 5)</td><td>(\\d+|färre än 5)</td>`).exec(html)?.slice(1) ?? null;
  const recorded = (day: string, state: string) =>
    Number(d1(`SELECT COALESCE(SUM(n), 0) AS n FROM patient_consent_days WHERE day = '${day}' AND state = '${state}'`)[0].n);
  const who = await freshPatient(request);
  await login(page, who);
  const { value } = await sessionCookie(context);
  const today = new Date().toISOString().slice(0, 10);
  const before = { given: recorded(today, "given"), withdrawn: recorded(today, "withdrawn") };
  const grant = await api(page, "/api/patient/consent", value, "POST");
  expect(grant.status).toBe(201);
  const withdrawal = await api(page, "/api/patient/consent/withdraw", value, "POST");
  expect(withdrawal.status).toBe(201);
  // A refused transition (nothing to withdraw) is not counted.
  expect((await api(page, "/api/patient/consent/withdraw", value, "POST")).body.error.code).toBe("consent_not_given");
  // Each is counted on the day it was recorded (midnight may pass during the test).
  const grantDay = grant.body.at.slice(0, 10);
  const withdrawalDay = withdrawal.body.at.slice(0, 10);
  const base = (day: string, state: "given" | "withdrawn") => (day === today ? before[state] : 0);
  expect(recorded(grantDay, "given")).toBe(base(grantDay, "given") + 1);
  expect(recorded(withdrawalDay, "withdrawn")).toBe(base(withdrawalDay, "withdrawn") + 1);
  // The day still running is not shown: one more grant or withdrawal on it would tell whose.
  expect(row(await dashboard(), grantDay)).toBeNull();
  // A closed day: a count of five or more is shown, one under five is not.
  const closed = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  d1(
    `INSERT INTO patient_consent_days (day, state, n) VALUES ('${closed}', 'given', 7), ('${closed}', 'withdrawn', 2) ` +
      "ON CONFLICT (day, state) DO UPDATE SET n = excluded.n",
  );
  expect(row(await dashboard(), closed)).toEqual(["7", "färre än 5"]);
  await page.setExtraHTTPHeaders({ Authorization: `Bearer ${token}` });
  await page.goto("/admin");
  await expect(page.getByRole("img", { name: "Patienternas samtycken och återkallelser per dag" })).toBeVisible();
  await expectNoAxeViolations(page);
  const html = await page.content();
  expect(html).not.toMatch(/p_[A-Za-z0-9_-]{43}/);
  expect(html).not.toContain(who.number);
  expect(html).not.toContain(who.name);
});

test("a patient cannot grow their consent history without bound: 20 changes an hour", async ({ page, context, request }) => {
  await login(page, await freshPatient(request));
  const cookie = (await sessionCookie(context)).value;
  let state = (await api(page, "/api/patient/consent", cookie)).body.state;
  expect(state).toBe("none");
  let refused: { status: number; body: { error: { code: string } } } | undefined;
  for (let i = 0; i < 25 && !refused; i++) {
    const path = state === "given" ? "/api/patient/consent/withdraw" : "/api/patient/consent";
    const answer = await api(page, path, cookie, "POST");
    if (answer.status === 201) state = answer.body.state;
    else refused = answer;
  }
  expect(refused, "no refusal within 25 changes").toMatchObject({ status: 429, body: { error: { code: "too_many_requests" } } });
  const history = (await api(page, "/api/patient/consent/history", cookie)).body.history;
  const hourAgo = Date.now() - 3600_000;
  const changes = history.filter((h: { at: string; kind: string }) => h.kind === "consent" && Date.parse(h.at) > hourAgo);
  expect(changes).toHaveLength(20);
  // Reading still works.
  expect((await api(page, "/api/patient/consent", cookie)).status).toBe(200);
});

/** The session cookie's sealing, done here independently of the product with the local
 * `SESSION_KEY`: XChaCha20-Poly1305 under SHA-256("samtycke/cookie-key/1\0" + secret), the
 * cookie's name as associated data, `base64url(nonce ‖ ciphertext ‖ tag)`. */
const cookieKey = () => {
  const vars = readFileSync(`${process.env.SAMTYCKE_EDGE}/.dev.vars`, "utf8");
  const secret = /^SESSION_KEY='(.*)'$/m.exec(vars)![1];
  return createHash("sha256").update("samtycke/cookie-key/1\0").update(secret).digest();
};
type SessionContent = { subject: string; name: string; started: number; started_ms: number; seen: number };
function openSession(value: string): SessionContent {
  const raw = Buffer.from(value, "base64url");
  const plain = xchacha20poly1305(cookieKey(), raw.subarray(0, 24), Buffer.from(SESSION)).decrypt(raw.subarray(24));
  return JSON.parse(Buffer.from(plain).toString("utf8"));
}
function sealSession(session: SessionContent): string {
  const nonce = randomBytes(24);
  const sealed = xchacha20poly1305(cookieKey(), nonce, Buffer.from(SESSION)).encrypt(Buffer.from(JSON.stringify(session)));
  return Buffer.concat([nonce, sealed]).toString("base64url");
}
/** The patient API called from outside any browser, with exactly this session cookie. */
async function withSession(request: APIRequestContext, value: string) {
  const response = await request.get("/api/patient/consent", { headers: { Cookie: `${SESSION}=${value}` } });
  const maxAge = /__Host-samtycke-session=[^;]*; Max-Age=(\d+)/.exec(response.headers()["set-cookie"] ?? "")?.[1];
  return { status: response.status(), body: await response.json(), maxAge: maxAge === undefined ? undefined : Number(maxAge) };
}

test("a session ends after 15 minutes without a request and 2 hours after login, however active", async ({
  page,
  context,
  request,
}) => {
  await login(page, LENA);
  const real = openSession((await sessionCookie(context)).value);
  expect(real.subject).toMatch(/^p_/);
  const now = Math.floor(Date.now() / 1000);
  // The same session, as if its last request or its login had been earlier.
  const aged = (change: Partial<SessionContent>) => withSession(request, sealSession({ ...real, ...change }));

  // A request within the idle time restarts it: the renewed cookie lives 15 minutes again.
  const active = await aged({ seen: now - 14 * 60 });
  expect(active.status).toBe(200);
  expect(active.maxAge).toBeGreaterThan(14 * 60);
  expect(active.maxAge).toBeLessThanOrEqual(15 * 60);

  const idle = await aged({ seen: now - 15 * 60 - 30 });
  expect(idle).toMatchObject({ status: 401, body: { error: { code: "login_required" } } });
  expect(idle.body.error.message).toContain("15 minutes without activity");

  // Close to the absolute limit, the renewed cookie lives only until it.
  const late = await aged({ started: now - 2 * 3600 + 60, seen: now });
  expect(late.status).toBe(200);
  expect(late.maxAge).toBeLessThanOrEqual(60);

  const expired = await aged({ started: now - 2 * 3600 - 30, seen: now });
  expect(expired).toMatchObject({ status: 401, body: { error: { code: "login_required" } } });
  expect(expired.body.error.message).toContain("at most two hours");

  // In the browser: the idle session no longer shows anything, and asks for a new login.
  const idled = sealSession({ ...real, seen: now - 15 * 60 - 30 });
  await context.addCookies([{ name: SESSION, value: idled, domain: new URL(BASE).hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
  await page.reload();
  await expect(page.getByRole("link", { name: "Logga in med e-legitimation" })).toBeVisible();
  await expect(page.getByText(`Inloggad som ${LENA.name}`)).toBeHidden();
});

/** Ask the test e-ID provider to change: rotate its signing key, or stop answering the
 * relying party's back-channel (discovery, keys, token). */
async function provider(request: APIRequestContext, change: "rotate-key" | "outage-on" | "outage-off") {
  const response = await request.post(`${process.env.SAMTYCKE_IDP_URL}/test/${change}`);
  expect(response.status()).toBe(204);
}

test("after the e-ID provider rotates its signing key, the next login fetches the new key and works", async ({
  page,
  context,
  request,
}) => {
  await login(page, TOLVAN); // the Worker now holds the provider's current keys
  await page.getByRole("button", { name: "Logga ut" }).click();
  await provider(request, "rotate-key");
  await login(page, TOLVAN); // signed with a key the Worker has not seen
  expect((await withSession(request, (await sessionCookie(context)).value)).status).toBe(200);
});

test("while the e-ID provider does not answer, a login says so and nobody is logged in; afterwards it works", async ({
  page,
  context,
  request,
}) => {
  const ui = new ConsentUi(page);
  await ui.open("/intyg");
  if (await ui.banner.isVisible()) await ui.rejectAll().click();
  await page.getByRole("link", { name: "Logga in med e-legitimation" }).click();
  await provider(request, "outage-on");
  // Waits inside stay well within the test's time, so the outage always ends here.
  try {
    await page.getByRole("button", { name: new RegExp(TOLVAN.name) }).click();
    await page.waitForURL(/\/intyg\?inloggning=ej-tillganglig$/, { timeout: 45_000 });
    await expect(page.getByRole("alert")).toHaveText("Tjänsten för e-legitimation svarar inte just nu. Försök igen om en stund.");
    expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION);
  } finally {
    await provider(request, "outage-off");
  }
  await login(page, TOLVAN);
});

test("when the e-ID provider cannot be reached at all, starting a login says so on the patient pages and sets no cookie", async ({ page, context }) => {
  test.setTimeout(300_000);
  // A Worker of its own whose provider address answers nothing (port 9 on loopback is
  // closed): its discovery document cannot be fetched, and nothing was cached before.
  const cut = new TestWorker("idp-unreachable", ["OIDC_ISSUER:http://127.0.0.1:9"]);
  cut.migrate();
  await cut.start();
  try {
    const started = await page.request.get(`${cut.base}/auth/login`, { maxRedirects: 0 });
    expect(started.status()).toBe(303);
    expect(started.headers()["location"]).toBe("/intyg?inloggning=ej-tillganglig");
    expect(started.headers()["set-cookie"] ?? "").toBe("");
    await page.goto(`${cut.base}/auth/login`);
    await expect(page).toHaveURL(`${cut.base}/intyg?inloggning=ej-tillganglig`);
    await expect(page.getByRole("alert")).toHaveText("Tjänsten för e-legitimation svarar inte just nu. Försök igen om en stund.");
    expect((await context.cookies(cut.base)).map((c) => c.name)).not.toContain(SESSION);
  } finally {
    await cut.stop();
  }
});

test("logging out with a copy of the session that has idled out still ends every copy of it", async ({ page, context, request }) => {
  const patient = await freshPatient(request);
  await login(page, patient);
  const active = (await sessionCookie(context)).value;
  expect((await withSession(request, active)).status).toBe(200);
  // Another tab's copy of the same session, last used over 15 minutes ago.
  const idled = sealSession({ ...openSession(active), seen: Math.floor(Date.now() / 1000) - 15 * 60 - 30 });
  expect((await withSession(request, idled)).status).toBe(401);
  const out = await request.post("/auth/logout", { headers: { Cookie: `${SESSION}=${idled}`, Origin: BASE }, maxRedirects: 0 });
  expect(out.status()).toBe(303);
  expect(out.headers()["set-cookie"]).toMatch(new RegExp(`^${SESSION}=;.*Max-Age=0`));
  // The logout stands for the whole session: the copy still in use elsewhere is refused.
  expect(await withSession(request, active)).toMatchObject({ status: 401, body: { error: { code: "login_required" } } });
  await page.reload();
  await expect(page.getByRole("link", { name: "Logga in med e-legitimation" })).toBeVisible();
});
