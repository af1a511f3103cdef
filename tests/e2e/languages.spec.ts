// Languages as a visitor meets them: the browser's language picks the banner's, the switch
// offers every language the site enables, Finnish and Arabic (right to left) are complete and
// accessible down to a 320 px screen, and a choice made in one language is recorded in it.
import { expect, test, type Page } from "@playwright/test";
import { ConsentUi, expectNoAxeViolations } from "./fixtures";

/** The banner and dialog at 320 px: nothing wider than the screen, the choices on it. */
async function fitsA320PxScreen(page: Page, ui: ConsentUi) {
  await page.setViewportSize({ width: 320, height: 640 });
  await expect(ui.rejectAll()).toBeInViewport();
  await expect(ui.acceptAll()).toBeInViewport();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
  );
  expect(overflow).toBe(false);
  await expectNoAxeViolations(page);
  await ui.settings().click();
  await expect(ui.dialog).toBeVisible();
  const dialogOverflow = await ui.dialog.evaluate((d) => d.scrollWidth > d.clientWidth);
  expect(dialogOverflow).toBe(false);
  await expectNoAxeViolations(page);
  await page.keyboard.press("Escape");
  await expect(ui.dialog).toBeHidden();
}

test.describe("a visitor whose browser asks for Finnish", () => {
  test.use({ locale: "fi-FI" });

  test("gets the banner and dialog in Finnish, accessible at 320 px, and the receipt records Finnish", async ({ page }) => {
    const ui = new ConsentUi(page, "fi");
    await ui.open();
    await expect(ui.banner).toBeVisible();
    await expect(ui.banner).toHaveAttribute("lang", "fi");
    await expect(ui.language("Suomi")).toHaveAttribute("aria-current", "true");
    await expectNoAxeViolations(page);
    await ui.settings().click();
    await expect(ui.dialog).toBeVisible();
    await expect(ui.analyticsSwitch()).not.toBeChecked();
    await expect(ui.dialog.getByText("Välttämättömät", { exact: true })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");

    await fitsA320PxScreen(page, ui);

    await ui.rejectAll().click();
    await expect(ui.banner).toBeHidden();
    await expect.poll(() => ui.receiptIds()).toHaveLength(1);
    const [id] = await ui.receiptIds();
    const receipt = await (await page.request.get(`/api/receipts/${id}`)).json();
    expect(receipt.language).toBe("fi");
  });

  test("without JavaScript the first paint is already Finnish, and the choice and the settings page stay Finnish", async ({ browser, page: withJs }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "fi-FI" });
    const page = await context.newPage();
    await page.goto("/");
    const ui = new ConsentUi(page, "fi");
    await expect(ui.banner).toBeVisible();
    await expect(ui.banner.locator("xpath=..")).toHaveAttribute("lang", "fi");
    await ui.rejectAll().click();
    await page.waitForURL((url) => url.pathname === "/");
    const consent = (await context.cookies()).find((c) => c.name === "samtycke");
    // s2.<revision>.<notice revision>.<time>.<method>.<language>.<granted>
    expect(consent?.value).toMatch(/^s2\.\d+\.\d+\.\d+\.no-js\.fi\.necessary$/);
    await expect(ui.banner).toBeHidden();
    // Withdrawing or changing without JavaScript: the reopen link, in Finnish.
    await page.getByRole("link", { name: "Evästeasetukset" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Evästeasetukset" })).toBeVisible();
    expect(await page.getAttribute("html", "lang")).toBe("fi");
    await expect(page.getByRole("switch", { name: "Tilastot" })).not.toBeChecked();
    const settings = page.url();
    await context.close();
    // The same settings page, checked by axe (which needs JavaScript to run).
    await withJs.goto(settings);
    await expect(withJs.getByRole("heading", { level: 1, name: "Evästeasetukset" })).toBeVisible();
    await expectNoAxeViolations(withJs);
  });

  test("the patient shell paints in Finnish too", async ({ request }) => {
    const html = await (await request.get("/intyg", { headers: { "Accept-Language": "fi-FI,fi;q=0.9" } })).text();
    expect(html).toContain('<html lang="fi">');
    expect(html).toContain("<h1>Omat todistukseni</h1>");
    expect(html).toContain("Evästeet tällä verkkosivustolla");
    const swedish = await (await request.get("/intyg", { headers: { "Accept-Language": "sv-SE" } })).text();
    expect(swedish).toContain("<h1>Mina intyg</h1>");
  });
});

test.describe("a visitor whose browser asks for Arabic", () => {
  test.use({ locale: "ar" });

  test("gets the banner and dialog right to left, accessible at 320 px", async ({ page }) => {
    const ui = new ConsentUi(page, "ar");
    await ui.open();
    await expect(ui.banner).toBeVisible();
    await expect(ui.banner).toHaveAttribute("dir", "rtl");
    expect(await ui.banner.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    // Right to left: the first choice stands to the right of the second.
    await page.setViewportSize({ width: 1000, height: 700 });
    const accept = await ui.acceptAll().boundingBox();
    const reject = await ui.rejectAll().boundingBox();
    expect(accept!.x).toBeGreaterThan(reject!.x);
    await expectNoAxeViolations(page);

    await ui.settings().click();
    await expect(ui.dialog).toBeVisible();
    await expect(ui.dialog).toHaveAttribute("dir", "rtl");
    // The close button sits at the dialog's inline end: the left, in Arabic.
    const dialog = await ui.dialog.boundingBox();
    const close = await ui.dialog.getByRole("button", { name: "إغلاق" }).boundingBox();
    expect(close!.x + close!.width / 2).toBeLessThan(dialog!.x + dialog!.width / 2);
    // …and clear of the heading, however long the heading is in this language.
    const heading = await ui.dialog.getByRole("heading", { level: 2, name: ui.words.dialog }).boundingBox();
    const overlaps =
      close!.x < heading!.x + heading!.width && heading!.x < close!.x + close!.width &&
      close!.y < heading!.y + heading!.height && heading!.y < close!.y + close!.height;
    expect(overlaps, "the close button overlaps the dialog's heading").toBe(false);
    await expect(ui.analyticsSwitch()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.keyboard.press("Escape");

    await fitsA320PxScreen(page, ui);
    await ui.acceptAll().click();
    await expect(ui.banner).toBeHidden();
    await expect.poll(() => ui.analyticsRuns()).toBe(1);
  });
});

test("the switch offers every enabled language by its own name, and the visitor's choice is remembered", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  const links = ui.banner.getByRole("group").getByRole("link");
  await expect(links).toHaveText(["Svenska", "English", "Suomi", "العربية"]);
  await expect(ui.language("Svenska")).toHaveAttribute("aria-current", "true");
  await ui.language("Suomi").click();
  const fi = new ConsentUi(page, "fi");
  await expect(fi.banner).toBeVisible();
  await expect(fi.language("Suomi")).toHaveAttribute("aria-current", "true");
  await page.reload();
  await page.locator("#samtycke[data-ready]").waitFor({ state: "attached" });
  await expect(fi.acceptAll()).toBeVisible();
  await fi.language("Svenska").click();
  await expect(ui.acceptAll()).toBeVisible();
});
