// Privacy notices and breach notices served by the edge: readable without JavaScript,
// accessible, cacheable, linked from the banner, and inert to injected markup.
import { expect, test } from "@playwright/test";
import { ConsentUi, expectNoAxeViolations } from "./fixtures";

const PAGES = [
  ["/integritet", "Integritet och personuppgifter"],
  ["/en/integritet", "Privacy and personal data"],
  ["/integritet/intygstjansten", "Så behandlar vi dina personuppgifter i intygstjänsten"],
  ["/en/integritet/intygstjansten", "How we process your personal data in the certificate service"],
  ["/integritet/hudkliniken", "Integritetspolicy för Hudkliniken Exempel"],
  ["/en/integritet/hudkliniken", "Privacy policy of Hudkliniken Exempel"],
  ["/incident/incident-2026-10", "Personuppgiftsincident: felskickade påminnelser i oktober 2026"],
  ["/en/incident/incident-2026-10", "Personal data breach: reminders sent to the wrong people in October 2026"],
] as const;

for (const [path, heading] of PAGES) {
  test(`${path} renders without JavaScript and has zero axe violations`, async ({ browser, page: withJs }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    expect(await page.locator("html").getAttribute("lang")).toBe(path.startsWith("/en/") ? "en" : "sv");
    expect(await page.locator("script").count()).toBe(0);
    expect(response?.headers()["content-security-policy"]).toContain("default-src 'none'");
    await context.close();

    await withJs.goto(path);
    await expectNoAxeViolations(withJs);
  });
}

test("a notice lists data, legal bases, retention, rights, IMY and the configured cookies", async ({ page }) => {
  await page.goto("/integritet/intygstjansten");
  const main = page.getByRole("main");
  for (const text of ["Diagnos med ICD-10-kod", "GDPR Art. 9(2)(a)", "sparas i tio år", "Försäkringskassan", "Ta tillbaka ditt samtycke", "Integritetsskyddsmyndigheten (IMY)"]) {
    await expect(main.getByText(text, { exact: false }).first()).toBeVisible();
  }
  const cookies = page.getByRole("table");
  await expect(cookies.getByRole("cell", { name: "_pk_id.*" })).toBeVisible();
  await expect(cookies.getByRole("cell", { name: "Statistik (kräver samtycke)" }).first()).toBeVisible();
  await page.getByRole("link", { name: "In English" }).click();
  await expect(page).toHaveURL(/\/en\/integritet\/intygstjansten$/);
});

test("each hosted notice lists the cookies of the site it is published for, not the service's own", async ({ page }) => {
  // The certificate service's notice: its patient login's cookie.
  await page.goto("/integritet/intygstjansten");
  await expect(page.getByRole("table").getByRole("cell", { name: "__Host-samtycke-session" })).toBeVisible();
  // The clinic's notice: the clinic's site (config/sites/hudkliniken.json), with its own
  // booking cookie and analytics, and neither the patient login nor the service's analytics.
  await page.goto("/integritet/hudkliniken");
  const clinic = page.getByRole("table");
  await expect(clinic.getByRole("cell", { name: "hk_bokning" })).toBeVisible();
  await expect(clinic.getByRole("cell", { name: "_pk_id*", exact: true })).toBeVisible();
  await expect(clinic.getByRole("cell", { name: "__Host-samtycke-once" })).toBeVisible();
  await expect(clinic.getByRole("cell", { name: "__Host-samtycke-session" })).toHaveCount(0);
  await expect(clinic.getByRole("cell", { name: "_pk_id.*" })).toHaveCount(0);
});

test("the JSON form carries the same version, and the ETag makes a repeat visit a 304", async ({ request }) => {
  const json = await request.get("/integritet/intygstjansten.json");
  expect(json.status()).toBe(200);
  const body = await json.json();
  expect(body.version).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(body.document.slug).toBe("intygstjansten");

  const html = await request.get("/integritet/intygstjansten");
  expect(html.headers()["etag"]).toBe(`"${body.version}"`);
  expect(html.headers()["cache-control"]).toContain("max-age=");
  expect(await html.text()).toContain(body.version.slice(0, 19));
  const again = await request.get("/integritet/intygstjansten", { headers: { "If-None-Match": `"${body.version}"` } });
  expect(again.status()).toBe(304);

  const missing = await request.get("/integritet/finns-inte");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("not_found");
});

test("the banner's policy link opens the privacy notice", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.banner.getByRole("link", { name: "Läs mer i vår integritetspolicy" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Så behandlar vi dina personuppgifter i intygstjänsten");
});

test("'Cookie-inställningar' on a policy page opens the settings with the current choice and returns there", async ({ page, baseURL }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.rejectAll().click();
  await page.goto("/integritet/intygstjansten");
  await page.getByRole("contentinfo").getByRole("link", { name: "Cookie-inställningar" }).click();
  await page.waitForURL(/\/installningar\?/);
  await expect(page.getByRole("switch", { name: "Statistik" })).not.toBeChecked();
  await page.getByRole("button", { name: "Godkänn alla" }).click();
  await page.waitForURL(`${baseURL}/integritet/intygstjansten`);
  // The app on the next page reads the changed decision from the cookie.
  await ui.open("/");
  await expect(ui.banner).toBeHidden();
  await page.goto("/installningar");
  await expect(page.getByRole("switch", { name: "Statistik" })).toBeChecked();
});
