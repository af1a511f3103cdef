// The privacy notice's cookie and storage table against what a browser actually holds after
// each flow a visitor goes through: every cookie and localStorage key the browser has must be
// in the table (exactly, or by a `prefix*` pattern). Samtycke's own entries come from the
// code's constants, so the table cannot drift from what the code sets.
import { expect, test, type Page } from "@playwright/test";
import { ConsentUi } from "./fixtures";

/** The names in the notice's cookie table (its third column). */
async function tableNames(page: Page): Promise<string[]> {
  const notice = await page.context().newPage();
  await notice.goto("/integritet/intygstjansten");
  const names = await notice.locator("#kakor tbody tr td:nth-child(3) code").allTextContents();
  await notice.close();
  expect(names.length).toBeGreaterThan(0);
  return names;
}

const listed = (name: string, table: string[]) =>
  table.some((entry) => (entry.endsWith("*") ? name.startsWith(entry.slice(0, -1)) : name === entry));

/** Names of cookies set by answers from other origins than the product's (the e-ID provider
 * is another site in real life; locally it shares the host, and cookies ignore ports). */
function setElsewhere(page: Page): Set<string> {
  const product = new URL(process.env.SAMTYCKE_URL!).origin;
  const names = new Set<string>();
  page.on("response", async (response) => {
    if (new URL(response.url()).origin === product) return;
    for (const header of await response.headerValues("set-cookie").catch(() => [])) {
      for (const line of header.split("\n")) names.add(line.split("=")[0].trim());
    }
  });
  return names;
}

/** Every cookie the browser holds for the product's host, and every localStorage key. */
async function held(page: Page, elsewhere = new Set<string>()) {
  const host = new URL(page.url()).hostname;
  const cookies = (await page.context().cookies())
    .filter((c) => c.domain.replace(/^\./, "") === host && !elsewhere.has(c.name))
    .map((c) => c.name);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  return { cookies, keys };
}

async function expectAllListed(page: Page, flow: string, elsewhere?: Set<string>) {
  const table = await tableNames(page);
  const { cookies, keys } = await held(page, elsewhere);
  for (const name of [...cookies, ...keys]) {
    expect(listed(name, table), `${flow}: "${name}" is held but not in the notice's table ${JSON.stringify(table)}`).toBe(true);
  }
  return { cookies, keys };
}

test("after accept all, everything the browser holds is in the notice's table", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.language("English").click();
  await new ConsentUi(page, "en").acceptAll().click();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  const { cookies, keys } = await expectAllListed(page, "accept all");
  // The flow really stored what the table must cover: the consent cookie, the analytics
  // cookie, the decision, the visitor key, the receipts and the language choice.
  expect(cookies).toEqual(expect.arrayContaining(["samtycke"]));
  expect(cookies.some((c) => c.startsWith("_pk_id."))).toBe(true);
  expect(keys).toEqual(
    expect.arrayContaining(["samtycke.decision", "samtycke.visitor-key", "samtycke.receipts", "samtycke.lang"]),
  );
});

test("after only necessary, everything the browser holds is in the notice's table", async ({ page }) => {
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.rejectAll().click();
  await expect.poll(() => ui.receiptIds()).toHaveLength(1);
  const { cookies } = await expectAllListed(page, "only necessary");
  expect(cookies).toEqual(["samtycke"]);
});

test("during and after a patient's login, everything the browser holds is in the notice's table", async ({ page }) => {
  const elsewhere = setElsewhere(page);
  const ui = new ConsentUi(page);
  await ui.open("/intyg");
  await ui.rejectAll().click();
  await page.getByRole("link", { name: "Logga in med e-legitimation" }).click();
  await expect(page.getByRole("heading", { name: "Test-e-legitimation" })).toBeVisible();
  // At the e-ID provider: the login in progress is held for Samtycke's host.
  const during = (await page.context().cookies(process.env.SAMTYCKE_URL!))
    .map((c) => c.name)
    .filter((name) => !elsewhere.has(name));
  expect(during).toContain("__Host-samtycke-login");
  const table = await tableNames(page);
  for (const name of during) expect(listed(name, table), `during login: "${name}"`).toBe(true);

  await page.getByRole("button", { name: /Tolvan Tolvansson/ }).click();
  await page.waitForURL(/\/intyg$/);
  await expect(page.getByText("Inloggad som Tolvan Tolvansson")).toBeVisible();
  const { cookies } = await expectAllListed(page, "patient login", elsewhere);
  expect(cookies).toContain("__Host-samtycke-session");
});
