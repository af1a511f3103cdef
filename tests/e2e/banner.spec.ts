// The cookie banner, as the rules demand: nothing non-necessary before consent or after a
// rejection, equal first-layer choices, withdrawal as easy as consent, GPC, an outbox that
// survives being offline, re-asking on a new revision, keyboard use, no JavaScript, axe.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ConsentUi, expectNoAxeViolations, subjectOf, verifyOffline } from "./fixtures";

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (e) => {
    throw e;
  });
});

/** Every `gtag('consent', 'update', …)` the page has made so far, oldest first. */
async function consentUpdates(page: import("@playwright/test").Page) {
  return page.evaluate(() =>
    (window as unknown as { dataLayer: IArguments[] }).dataLayer
      .map((a) => Array.from(a))
      .filter((a) => a[0] === "consent" && a[1] === "update")
      .map((a) => a[2]),
  );
}

const DENIED = { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied" };
const ANALYTICS_ONLY = { ...DENIED, analytics_storage: "granted" };

function trackAnalyticsRequests(page: import("@playwright/test").Page) {
  const requests: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/analytics.js")) requests.push(r.url());
  });
  return requests;
}

test("before consent and after 'only necessary' nothing non-necessary runs or is stored", async ({ page }) => {
  const analytics = trackAnalyticsRequests(page);
  const ui = new ConsentUi(page);
  await ui.open();
  await expect(ui.banner).toBeVisible();
  // Watched until half a second passes without a request, not once.
  await page.waitForLoadState("networkidle");
  expect(analytics).toEqual([]);
  expect(await ui.analyticsRuns()).toBe(0);
  expect(await ui.cookieNames()).toEqual([]);
  expect(await ui.storedKeys()).toEqual([]);

  expect(await consentUpdates(page)).toEqual([]);
  await ui.rejectAll().click();
  await expect(ui.banner).toBeHidden();
  // Consent Mode hears the decision: every signal, all denied.
  expect(await consentUpdates(page)).toEqual([DENIED]);
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  expect(await ui.cookieNames()).toEqual(["samtycke"]);
  expect(await ui.storedKeys()).toEqual(["samtycke.decision", "samtycke.outbox", "samtycke.receipts", "samtycke.visitor-key"]);

  await page.reload();
  await expect(page.locator("html")).toHaveClass(/sc-decided/);
  await expect(ui.banner).toBeHidden();
  await page.locator("#samtycke[data-ready]").waitFor({ state: "attached" });
  await page.waitForLoadState("networkidle");
  expect(analytics).toEqual([]);
  expect(await ui.analyticsRuns()).toBe(0);
  const consentMode = await page.evaluate(() =>
    (window as unknown as { dataLayer: IArguments[] }).dataLayer.map((a) => Array.from(a)),
  );
  expect(consentMode[0]).toEqual([
    "consent",
    "default",
    { ad_storage: "denied", ad_user_data: "denied", ad_personalization: "denied", analytics_storage: "denied", wait_for_update: 500 },
  ]);
  // A later page load repeats the stored decision to Consent Mode, exactly.
  expect(await consentUpdates(page)).toEqual([DENIED]);
});

test("'accept all' runs analytics at once and on later visits, and says so to Consent Mode", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.acceptAll().click();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  expect(await ui.cookieNames()).toContain("_pk_id.1.demo");
  expect(await consentUpdates(page)).toEqual([ANALYTICS_ONLY]);

  await ui.open();
  await expect(ui.banner).toBeHidden();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
});

test("withdrawing from 'Cookie-inställningar' is as easy as consenting and deletes the analytics cookies", async ({
  page,
  request,
}) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.acceptAll().click();
  await expect.poll(() => ui.cookieNames()).toContain("_pk_id.1.demo");
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);

  await ui.open();
  await ui.reopen().click();
  await expect(ui.dialog).toBeVisible();
  await expect(ui.analyticsSwitch()).toBeChecked();
  expect(await consentUpdates(page)).toEqual([ANALYTICS_ONLY]);
  await ui.rejectAll(ui.dialog).click();
  await expect(ui.dialog).toBeHidden();
  await expect.poll(() => ui.cookieNames()).not.toContain("_pk_id.1.demo");
  // The withdrawal reaches Consent Mode too.
  expect(await consentUpdates(page)).toEqual([ANALYTICS_ONLY, DENIED]);

  await expect.poll(() => ui.receiptIds()).toHaveLength(2);
  const [first, second] = await ui.receiptIds();
  const withdrawal = await (await request.get(`/api/receipts/${second}`)).json();
  expect(withdrawal.method).toBe("reject-all");
  expect(withdrawal.previous_receipt_id).toBe(first);
  expect(withdrawal.purposes.find((p: { category: string }) => p.category === "analytics").granted).toBe(false);
});

test("'Ladda ned mina kvitton' in the settings gives the visitor every receipt of theirs, each verifiable offline", async ({ page, request }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.acceptAll().click();
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  await ui.reopen().click();
  await ui.rejectAll(ui.dialog).click();
  await expect.poll(() => ui.receiptIds()).toHaveLength(2);
  const ids = await ui.receiptIds();
  const key = await page.evaluate(() => localStorage.getItem("samtycke.visitor-key"));

  await ui.reopen().click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    ui.dialog.getByRole("button", { name: "Ladda ned mina kvitton (JSON)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("samtycke-kvitton.json");
  const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(saved.subject).toBe(subjectOf(JSON.parse(key!)));
  expect(saved.receipts.map((r: { receipt_id: string }) => r.receipt_id).sort()).toEqual([...ids].sort());
  expect(saved.receipts.map((r: { method: string }) => r.method).sort()).toEqual(["accept-all", "reject-all"]);
  expect(await verifyOffline(request, saved.receipts)).toContain("2 of 2 receipts valid");
});

test("the settings dialog lists each category with its cookies and saves a custom choice", async ({ page, request }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.settings().click();
  await expect(ui.dialog).toBeVisible();
  const necessary = ui.dialog.getByRole("switch", { name: "Nödvändiga" });
  await expect(necessary).toBeChecked();
  await expect(necessary).toBeDisabled();
  await expect(ui.analyticsSwitch()).not.toBeChecked();
  await ui.dialog.getByText("Tjänster och kakor").nth(1).click();
  await expect(ui.dialog.getByText("_pk_id.*")).toBeVisible();
  await expect(ui.dialog.getByRole("link", { name: "Läs mer i vår integritetspolicy" })).toHaveAttribute(
    "href",
    "/integritet/intygstjansten#kakor",
  );

  await ui.analyticsSwitch().check();
  await ui.button("Spara mina val", ui.dialog).click();
  await expect(ui.dialog).toBeHidden();
  await expect(ui.banner).toBeHidden();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  const [id] = await ui.receiptIds();
  expect((await (await request.get(`/api/receipts/${id}`)).json()).method).toBe("custom");
});

test("accept and reject are equal in element, size and colour", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  const look = (l: import("@playwright/test").Locator) =>
    l.evaluate((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { tag: el.tagName, w: Math.round(r.width), h: Math.round(r.height), color: s.color, bg: s.backgroundColor, font: s.font };
    });
  expect(await look(ui.acceptAll())).toEqual(await look(ui.rejectAll()));
});

test("the app takes over the static banner without changing what the visitor sees", async ({ page }) => {
  const ui = new ConsentUi(page);
  // First the page as served, with the app held back: the static banner alone.
  await page.route("**/pkg/samtycke_app.js", (route) =>
    route.fulfill({ contentType: "text/javascript", body: "export default () => {};" }),
  );
  await page.goto("/");
  const staticText = await ui.banner.innerText();
  const staticBox = await ui.banner.boundingBox();
  await page.unroute("**/pkg/samtycke_app.js");
  await ui.open();
  expect(await ui.banner.innerText()).toBe(staticText);
  expect(await ui.banner.boundingBox()).toEqual(staticBox);
});

test("a choice clicked in the static banner while the app is still loading is kept: recorded once, no reload", async ({ page, request }) => {
  const analytics = trackAnalyticsRequests(page);
  const ui = new ConsentUi(page);
  // The app's code is held back until the visitor has clicked.
  let release!: () => void;
  const clicked = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/pkg/samtycke_app_bg.wasm", async (route) => {
    await clicked;
    await route.continue();
  });
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  await page.goto("/");
  await expect(page.locator("#samtycke[data-ready]")).toHaveCount(0);
  await ui.rejectAll().click();
  // Kept for the app, not posted as the no-JavaScript form (which would load a new page).
  await expect(page.locator("#samtycke")).toHaveAttribute("data-early-choice", "reject-all");
  release();
  await page.locator("#samtycke[data-ready]").waitFor({ state: "attached" });
  await expect(ui.banner).toBeHidden();
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  const [id] = await ui.receiptIds();
  expect((await (await request.get(`/api/receipts/${id}`)).json()).method).toBe("reject-all");
  expect(navigations).toHaveLength(1);
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem("samtycke.decision"))) ?? "{}").choices).toEqual({ necessary: true, analytics: false });
  expect(await consentUpdates(page)).toEqual([DENIED]);
  expect(analytics).toEqual([]);
  expect(await ui.analyticsRuns()).toBe(0);
});

test("Global Privacy Control is recorded as 'only necessary' (method gpc), and the settings say so", async ({ page, request }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  const analytics = trackAnalyticsRequests(page);
  const ui = new ConsentUi(page);
  await ui.open();
  await expect(ui.banner).toBeHidden();
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem("samtycke.decision"))) ?? "null");
  expect(stored).toMatchObject({ method: "gpc", choices: { necessary: true, analytics: false } });
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  const [id] = await ui.receiptIds();
  const receipt = await (await request.get(`/api/receipts/${id}`)).json();
  expect(receipt.method).toBe("gpc");
  expect(receipt.purposes.find((p: { category: string }) => p.category === "analytics").granted).toBe(false);
  expect(await consentUpdates(page)).toEqual([DENIED]);
  expect(analytics).toEqual([]);
  expect(await ui.analyticsRuns()).toBe(0);

  // Reopening the settings names the signal; the visitor can still choose otherwise.
  await ui.reopen().click();
  await expect(ui.dialog.getByText("Global Privacy Control")).toBeVisible();
  await expect(ui.analyticsSwitch()).not.toBeChecked();
  // A later visit records nothing new.
  await ui.open();
  await expect(ui.banner).toBeHidden();
  expect(await ui.receiptIds()).toHaveLength(1);
});

test("a decision made offline is recorded once the edge is reachable again", async ({ page, context, request }) => {
  test.setTimeout(120_000);
  const ui = new ConsentUi(page);
  await ui.open();
  await context.setOffline(true);
  await ui.rejectAll().click();
  await expect(ui.banner).toBeHidden();
  await expect.poll(() => ui.outbox()).toHaveLength(1);
  expect(await ui.receiptIds()).toEqual([]);

  await context.setOffline(false);
  // Delivered when the connection returns ("online"), or by the next retry (backoff at most
  // 60 s): waited for, not timed.
  await expect.poll(() => ui.receiptIds(), { timeout: 75_000 }).toHaveLength(1);
  expect(await ui.outbox()).toEqual([]);
  const [id] = await ui.receiptIds();
  expect((await request.get(`/api/receipts/${id}`)).status()).toBe(200);
});

test("the outbox retries a 503 and a 429 with the same Idempotency-Key, and stores one receipt", async ({ page, request }) => {
  test.setTimeout(120_000);
  const keys: string[] = [];
  let answered = 0;
  await page.route("**/api/receipts", async (route) => {
    keys.push((await route.request().allHeaders())["idempotency-key"]);
    answered++;
    if (answered === 1) return route.fulfill({ status: 503, contentType: "application/json", body: '{"error":{"code":"internal","message":"down"}}' });
    if (answered === 2) return route.fulfill({ status: 429, contentType: "application/json", headers: { "Retry-After": "1" }, body: '{"error":{"code":"too_many_requests","message":"slow down"}}' });
    return route.continue();
  });
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.rejectAll().click();
  // Backoff between tries (1 s, 2 s, …): waited for, not timed.
  await expect.poll(() => ui.receiptIds(), { timeout: 75_000 }).toHaveLength(1);
  expect(keys).toHaveLength(3);
  expect(new Set(keys).size).toBe(1);
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(await ui.outbox()).toEqual([]);
  // The same key again is answered with the same receipt, not a second one.
  const [id] = await ui.receiptIds();
  const stored = await (await request.get(`/api/receipts/${id}`)).json();
  const key = await page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.visitor-key")!));
  const replay = await request.post("/api/receipts", {
    headers: { "Idempotency-Key": keys[0] },
    data: { visitor_key: key, choices: { necessary: true, analytics: false }, method: "reject-all", language: "sv", revision: 1 },
  });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toEqual(stored);
});

test("the outbox drops a decision the edge refuses for good (4xx), and records nothing", async ({ page }) => {
  let refused = 0;
  await page.route("**/api/receipts", (route) => {
    refused++;
    return route.fulfill({ status: 422, contentType: "application/json", body: '{"error":{"code":"stale_revision","message":"ask again"}}' });
  });
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.rejectAll().click();
  await expect.poll(() => ui.outbox()).toEqual([]);
  expect(refused).toBe(1);
  expect(await ui.receiptIds()).toEqual([]);
});

test("a decision from an older configuration revision, an older privacy notice, or an expired one, asks again", async ({
  page,
  context,
}) => {
  const ui = new ConsentUi(page);
  const now = Math.floor(Date.now() / 1000);
  const current = `s2.1.1.${now}.accept-all.sv.analytics+necessary`;
  await context.addCookies([{ name: "samtycke", value: current, url: process.env.SAMTYCKE_URL! }]);
  await ui.open();
  await expect(ui.banner).toBeHidden();
  for (const value of [
    `s2.0.1.${now}.accept-all.sv.analytics+necessary`,
    `s2.1.0.${now}.accept-all.sv.analytics+necessary`,
    `s2.1.1.${now - 200 * 86400}.accept-all.sv.analytics+necessary`,
  ]) {
    await context.clearCookies();
    await context.addCookies([{ name: "samtycke", value, url: process.env.SAMTYCKE_URL! }]);
    await ui.open();
    await expect(page.locator("html")).not.toHaveClass(/sc-decided/);
    await expect(ui.banner).toBeVisible();
    expect(await ui.analyticsRuns()).toBe(0);
  }
});

test("after a material change of the privacy notice, a visitor who accepted is asked again, and the old consent's cookies go", async ({
  page,
  context,
  request,
}) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.acceptAll().click();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  expect(await ui.cookieNames()).toContain("_pk_id.1.demo");

  // The notice this build serves is at material revision 1. What the browser stored is made
  // to be what it would hold had the visitor accepted under revision 0, the one before.
  const stored = (await context.cookies()).find((c) => c.name === "samtycke")!;
  expect(stored.value).toMatch(/^s2\.1\.1\./);
  await context.addCookies([{ ...stored, value: stored.value.replace(/^s2\.1\.1\./, "s2.1.0.") }]);
  await page.evaluate(() => {
    const decision = JSON.parse(localStorage.getItem("samtycke.decision")!);
    decision.policy_revision = 0;
    localStorage.setItem("samtycke.decision", JSON.stringify(decision));
  });

  await ui.open();
  await expect(ui.banner).toBeVisible();
  expect(await ui.analyticsRuns()).toBe(0);
  // What the earlier consent let analytics store does not outlive it.
  await expect.poll(() => ui.cookieNames()).not.toContain("_pk_id.1.demo");
  expect(await consentUpdates(page)).toEqual([]);

  await ui.acceptAll().click();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  await expect.poll(() => ui.receiptIds()).toHaveLength(2);
  const renewed = await (await request.get(`/api/receipts/${(await ui.receiptIds())[1]}`)).json();
  expect(renewed.method).toBe("accept-all");
  expect(renewed.policy.material_revision).toBe(1);
});

test("withdrawing deletes the analytics cookies on the host and on its parent domains", async ({ page, context }) => {
  // A host with parent domains (Chromium resolves every *.localhost name to this machine).
  const site = `http://www.demo.localhost:${new URL(process.env.SAMTYCKE_URL!).port}`;
  const ui = new ConsentUi(page);
  await ui.open(`${site}/`);
  await ui.acceptAll().click();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  // As an analytics tag configured with a cookie domain sets them: on each parent domain.
  await context.addCookies([
    { name: "_pk_ses.1.demo", value: "1", domain: ".demo.localhost", path: "/" },
    { name: "_pk_id.1.wide", value: "1", domain: ".www.demo.localhost", path: "/" },
  ]);
  const analyticsCookies = async () =>
    (await context.cookies(site)).filter((c) => c.name.startsWith("_pk_")).map((c) => `${c.name}@${c.domain}`).sort();
  expect(await analyticsCookies()).toEqual(["_pk_id.1.demo@www.demo.localhost", "_pk_id.1.wide@.www.demo.localhost", "_pk_ses.1.demo@.demo.localhost"]);

  await ui.reopen().click();
  await ui.rejectAll(ui.dialog).click();
  await expect.poll(analyticsCookies).toEqual([]);
  expect((await context.cookies(site)).map((c) => c.name)).toContain("samtycke");
});

test("keyboard only: reach the choices, open settings, Tab stays inside, Escape returns focus", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  for (let i = 0; i < 15 && !(await ui.settings().evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(ui.settings()).toBeFocused();
  const outline = await ui.settings().evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");

  await page.keyboard.press("Enter");
  await expect(ui.dialog).toBeVisible();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => !!document.activeElement?.closest("dialog"));
    const onPage = await page.evaluate(() => document.activeElement !== document.body);
    if (onPage) expect(inside).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(ui.dialog).toBeHidden();
  await expect(ui.settings()).toBeFocused();

  await page.keyboard.press("Shift+Tab");
  await expect(ui.rejectAll()).toBeFocused();
  await page.keyboard.press("Space");
  await expect(ui.banner).toBeHidden();
});

test("in English the banner and dialog speak English", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.language("English").click();
  const en = new ConsentUi(page, "en");
  await expect(en.banner).toBeVisible();
  await expect(en.acceptAll()).toBeVisible();
  await en.settings().click();
  await expect(en.dialog).toBeVisible();
  await expect(en.analyticsSwitch()).not.toBeChecked();
  await expectNoAxeViolations(page);
});

test("zero axe violations with the banner, then with the dialog open, also at 320 px", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await expectNoAxeViolations(page);
  await ui.settings().click();
  await expect(ui.dialog).toBeVisible();
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");

  await page.setViewportSize({ width: 320, height: 640 });
  await expect(ui.rejectAll()).toBeInViewport();
  await expect(ui.acceptAll()).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  expect(overflow).toBe(false);
  await expectNoAxeViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("'only necessary' posts the form, records a no-js receipt and hides the banner", async ({ page, request }) => {
    const ui = new ConsentUi(page);
    await page.goto("/");
    await expect(ui.banner).toBeVisible();
    const posted = page.waitForResponse((r) => r.url().endsWith("/consent") && r.request().method() === "POST");
    await ui.rejectAll().click();
    // The receipt itself, stored and signed, found by the id the answer names.
    const id = (await posted).headers()["samtycke-receipt"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const receipt = await (await request.get(`/api/receipts/${id}`)).json();
    expect(receipt).toMatchObject({ receipt_id: id, method: "no-js", language: "sv" });
    expect(receipt.purposes.map((p: { granted: boolean }) => p.granted)).toEqual([true, false]);
    await expect(page).toHaveURL(/\/$/);
    await expect(ui.banner).toBeHidden();
    const cookie = (await page.context().cookies()).find((c) => c.name === "samtycke");
    expect(cookie?.value).toMatch(/^s2\.1\.1\.\d+\.no-js\.sv\.necessary$/);
    expect(cookie?.sameSite).toBe("Lax");
    expect(await ui.cookieNames()).toEqual(["samtycke"]);
  });
});
