// The first vertical slice: health, the banner, and a receipt recorded in D1 and read back.
import { expect, test, type Page } from "@playwright/test";
import { subjectOf } from "./fixtures";

const receiptIds = (page: Page): Promise<string[]> =>
  page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]"));

test("health answers with the build version", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.status).toBe("ok");
  expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(body.build).toBe("test");
});

for (const [button, granted] of [
  ["Godkänn alla", true],
  ["Endast nödvändiga", false],
] as const) {
  test(`clicking "${button}" records a receipt the API can read back`, async ({ page, request }) => {
    await page.goto("/");
    await page.locator("#samtycke[data-ready]").waitFor({ state: "attached" });
    const banner = page.getByRole("region", { name: "Kakor på den här webbplatsen" });
    await expect(banner).toBeVisible();

    await page.getByRole("button", { name: button }).click();
    await expect(banner).toBeHidden();

    // The app keeps the ids of the receipts the edge issued to this visitor.
    await expect.poll(() => receiptIds(page)).toHaveLength(1);
    const [receiptId] = await receiptIds(page);
    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem("samtycke.decision"))) ?? "null");
    expect(stored.choices).toEqual({ necessary: true, analytics: granted });

    const response = await request.get(`/api/receipts/${receiptId}`);
    expect(response.status()).toBe(200);
    const receipt = await response.json();
    expect(receipt.receipt_id).toBe(receiptId);
    // The receipt names the subject derived from the visitor key, never the key itself.
    const key = await page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.visitor-key")!));
    expect(key).toMatch(/^vk_[0-9a-f]{32}$/);
    expect(receipt.subject).toBe(subjectOf(key));
    expect(JSON.stringify(receipt)).not.toContain(key);
    expect(receipt.method).toBe(granted ? "accept-all" : "reject-all");
    expect(receipt.purposes.find((p: { category: string }) => p.category === "analytics").granted).toBe(granted);

    // The decision survives a reload: the banner stays away.
    await page.reload();
    await expect(page.getByRole("button", { name: "Endast nödvändiga" })).toBeHidden();
  });
}

test("a page read with HEAD answers as its GET does, without a body", async ({ request }) => {
  // Link checkers and uptime monitors ask with HEAD; the demo page and a notice must not be 405.
  for (const path of ["/", "/integritet/intygstjansten"]) {
    const response = await request.head(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toContain("text/html");
    expect((await response.body()).length, path).toBe(0);
  }
});

test("an address nothing answers is a 404 page, not the demo page", async ({ page, request }) => {
  for (const path of ["/favicon.ico", "/no/such/page"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain('id="samtycke"');
  }
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
  await page.getByRole("link", { name: "Till startsidan" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("an unknown receipt id answers 404 as JSON", async ({ request }) => {
  const response = await request.get("/api/receipts/does-not-exist");
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe("not_found");
});
