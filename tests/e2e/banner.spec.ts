// The cookie banner, as the rules demand: nothing non-necessary before consent or after a
// rejection, equal first-layer choices, withdrawal as easy as consent, GPC, an outbox that
// survives being offline, re-asking on a new revision, keyboard use, no JavaScript, axe.
import { expect, test } from "@playwright/test";
import { ConsentUi, expectNoAxeViolations } from "./fixtures";

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (e) => {
    throw e;
  });
});

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
  expect(analytics).toEqual([]);
  expect(await ui.analyticsRuns()).toBe(0);
  expect(await ui.cookieNames()).toEqual([]);
  expect(await ui.storedKeys()).toEqual([]);

  await ui.rejectAll().click();
  await expect(ui.banner).toBeHidden();
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  expect(await ui.cookieNames()).toEqual(["samtycke"]);
  expect(await ui.storedKeys()).toEqual(["samtycke.decision", "samtycke.outbox", "samtycke.receipts", "samtycke.visitor-key"]);

  await page.reload();
  await expect(page.locator("html")).toHaveClass(/sc-decided/);
  await expect(ui.banner).toBeHidden();
  await page.locator("#samtycke[data-ready]").waitFor({ state: "attached" });
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
  expect(consentMode.at(-1)?.[2]).toMatchObject({ analytics_storage: "denied" });
});

test("'accept all' runs analytics at once and on later visits, and says so to Consent Mode", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.acceptAll().click();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  expect(await ui.cookieNames()).toContain("_pk_id.1.demo");
  const last = await page.evaluate(() => Array.from((window as unknown as { dataLayer: IArguments[] }).dataLayer.at(-1)!));
  expect(last).toEqual(["consent", "update", expect.objectContaining({ analytics_storage: "granted", ad_storage: "denied" })]);

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
  await ui.rejectAll(ui.dialog).click();
  await expect(ui.dialog).toBeHidden();
  await expect.poll(() => ui.cookieNames()).not.toContain("_pk_id.1.demo");

  await expect.poll(() => ui.receiptIds()).toHaveLength(2);
  const [first, second] = await ui.receiptIds();
  const withdrawal = await (await request.get(`/api/receipts/${second}`)).json();
  expect(withdrawal.method).toBe("reject-all");
  expect(withdrawal.previous_receipt_id).toBe(first);
  expect(withdrawal.purposes.find((p: { category: string }) => p.category === "analytics").granted).toBe(false);
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
  await page.route("**/boot.js", (route) => route.fulfill({ contentType: "text/javascript", body: "" }));
  await page.goto("/");
  const staticText = await ui.banner.innerText();
  const staticBox = await ui.banner.boundingBox();
  await page.unroute("**/boot.js");
  await ui.open();
  expect(await ui.banner.innerText()).toBe(staticText);
  expect(await ui.banner.boundingBox()).toEqual(staticBox);
});

test("Global Privacy Control counts as 'only necessary' and the banner says so", async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true }));
  const analytics = trackAnalyticsRequests(page);
  const ui = new ConsentUi(page);
  await ui.open();
  await expect(ui.banner.getByText("Global Privacy Control")).toBeVisible();
  expect(analytics).toEqual([]);
  expect(await ui.analyticsRuns()).toBe(0);
});

test("a decision made offline is recorded once the edge is reachable again", async ({ page, context, request }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await context.setOffline(true);
  await ui.rejectAll().click();
  await expect(ui.banner).toBeHidden();
  await expect.poll(() => ui.outbox()).toHaveLength(1);
  expect(await ui.receiptIds()).toEqual([]);

  await context.setOffline(false);
  await expect.poll(() => ui.receiptIds(), { timeout: 15_000 }).toHaveLength(1);
  expect(await ui.outbox()).toEqual([]);
  const [id] = await ui.receiptIds();
  expect((await request.get(`/api/receipts/${id}`)).status()).toBe(200);
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
  await ui.button("In English").click();
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

  test("'only necessary' posts the form, records a no-js receipt and hides the banner", async ({ page }) => {
    const ui = new ConsentUi(page);
    await page.goto("/");
    await expect(ui.banner).toBeVisible();
    await ui.rejectAll().click();
    await expect(page).toHaveURL(/\/$/);
    await expect(ui.banner).toBeHidden();
    const cookie = (await page.context().cookies()).find((c) => c.name === "samtycke");
    expect(cookie?.value).toMatch(/^s2\.1\.1\.\d+\.no-js\.sv\.necessary$/);
    expect(cookie?.sameSite).toBe("Lax");
    expect(await ui.cookieNames()).toEqual(["samtycke"]);
  });
});
