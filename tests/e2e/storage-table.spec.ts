// The privacy notice's cookie and storage table against what a browser actually holds after
// each flow a visitor goes through: every cookie and localStorage key the browser has must be
// in the table (exactly, or by a `prefix*` pattern). Samtycke's own entries come from the
// code's constants, so the table cannot drift from what the code sets.
import { expect, test, type Page } from "@playwright/test";
import { ConsentUi, login } from "./fixtures";

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

/** The notice's cookie table as name → lifetime in seconds, for the rows with a lifetime in
 * minutes or days (local storage has none). */
async function tableLifetimes(page: Page): Promise<Map<string, number>> {
  const notice = await page.context().newPage();
  await notice.goto("/integritet/intygstjansten");
  const rows = await notice.locator("#kakor tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector("td:nth-child(3) code")?.textContent ?? "", tr.querySelector("td:nth-child(4)")?.textContent ?? ""]),
  );
  await notice.close();
  const unit: Record<string, number> = { minut: 60, minuter: 60, timme: 3600, timmar: 3600, dag: 86_400, dagar: 86_400 };
  const lifetimes = new Map<string, number>();
  for (const [name, text] of rows) {
    const match = /^(\d+) (\p{L}+)$/u.exec(text.trim());
    if (match && unit[match[2]]) lifetimes.set(name, Number(match[1]) * unit[match[2]]);
  }
  return lifetimes;
}

/** The stated lifetime of `name` (exactly, or by a `prefix*` pattern). */
const statedFor = (name: string, table: Map<string, number>) =>
  [...table].find(([entry]) => (entry.endsWith("*") ? name.startsWith(entry.slice(0, -1)) : name === entry))?.[1];

test("every cookie lives as long as the notice's table says, to the minute", async ({ page, request }) => {
  const table = await tableLifetimes(page);
  const checked: string[] = [];
  const expectLifetime = (name: string, seconds: number) => {
    const stated = statedFor(name, table);
    expect(stated, `"${name}" has no lifetime in the table`).toBeDefined();
    expect(Math.abs(seconds - stated!), `"${name}": lives ${seconds} s, the table says ${stated} s`).toBeLessThanOrEqual(60);
    checked.push(name);
  };
  const heldFor = async (name: string) => {
    const cookie = (await page.context().cookies()).find((c) => c.name === name || (name.endsWith("*") && c.name.startsWith(name.slice(0, -1))));
    expect(cookie, `"${name}" is not held`).toBeDefined();
    return [cookie!.name, cookie!.expires - Date.now() / 1000] as const;
  };

  // The visitor's choice, and the analytics cookies it allows.
  const ui = new ConsentUi(page);
  await ui.open();
  await ui.acceptAll().click();
  await expect.poll(() => ui.analyticsRuns()).toBe(1);
  // Every cookie the browser now holds for the site (the consent cookie and the analytics one).
  const now = Date.now() / 1000;
  for (const cookie of await page.context().cookies()) expectLifetime(cookie.name, cookie.expires - now);
  expect(checked).toEqual(expect.arrayContaining(["samtycke", "_pk_id.1.demo"]));

  // The login in progress (answered before the browser leaves for the e-ID provider) and the
  // session after it.
  const started = await request.get("/auth/login", { maxRedirects: 0 });
  const loginCookie = /__Host-samtycke-login=[^;]*;.*?Max-Age=(\d+)/.exec(started.headers()["set-cookie"] ?? "");
  expect(loginCookie, "starting a login sets its cookie").not.toBeNull();
  expectLifetime("__Host-samtycke-login", Number(loginCookie![1]));
  await login(page, { name: "Tolvan Tolvansson" });
  expectLifetime(...(await heldFor("__Host-samtycke-session")));
  expect(checked).toEqual(expect.arrayContaining(["__Host-samtycke-login", "__Host-samtycke-session"]));
});

