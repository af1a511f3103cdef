// Edge mode against markup written to slip past an HTML rewriter (scripts/sample-site.mjs,
// /__bypass/N: character references in URLs, <base>, SVG, srcdoc, CSS, script types, import
// maps, event handlers, data: frames, a failing rewriter), each streamed in 1-byte or random
// chunks, with JavaScript on and off. The third parties log every request they receive, and
// "nothing" is asserted after the page has loaded and the network has been quiet for 500 ms.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { thirdParties } from "./fixtures";

const siteUrl = process.env.SAMTYCKE_SITE_URL ?? "";
const ports = JSON.parse(readFileSync(process.env.SAMTYCKE_SAMPLE_PORTS ?? "", "utf8")) as Record<string, number>;
const originUrl = `http://127.0.0.1:${ports.origin}`;
const parties = ["analytics", "pixel", "chat"] as const;
type Party = (typeof parties)[number];

const { counts, reachedSince } = thirdParties(ports, parties);

const bypassCount = async () => (await (await fetch(`${originUrl}/__bypass`)).json()) as number;

/** A visitor who has decided `choice` on the sample site (through its banner). */
async function visitor(browser: Browser, choice: "Godkänn alla" | "Endast nödvändiga" | null, javaScriptEnabled = true) {
  const ctx = await browser.newContext({ baseURL: siteUrl });
  if (choice) {
    const page = await ctx.newPage();
    await page.goto("/om-oss");
    await page
      .getByRole("region", { name: "Kakor på den här webbplatsen" })
      .getByRole("button", { name: choice, exact: true })
      .click();
    await expect.poll(async () => (await ctx.cookies()).some((c) => c.name === "samtycke")).toBe(true);
    if (choice === "Godkänn alla") {
      // Under the enforced consent policy a wider grant reloads the page: let it finish.
      const navigation = () => page.evaluate(() => performance.getEntriesByType("navigation")[0]?.type).catch(() => "");
      await expect.poll(navigation).toBe("reload");
      await page.waitForLoadState("load");
    }
    await page.close();
  }
  if (javaScriptEnabled) return ctx;
  const state = await ctx.storageState();
  await ctx.close();
  return browser.newContext({ baseURL: siteUrl, javaScriptEnabled: false, storageState: state });
}

/** Open bypass page `n` and wait until its network has been quiet for 500 ms. */
async function visit(ctx: BrowserContext, n: number | "unknown", chunks: "1" | "random") {
  const page = await ctx.newPage();
  const response = await page.goto(`/__bypass/${n}?chunks=${chunks}`);
  await page.waitForLoadState("networkidle");
  return { page, response };
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "JavaScript on" : "JavaScript off";
  test(`no bypass reaches a third party before a decision or after only necessary (${mode})`, async ({ browser }) => {
    const n = await bypassCount();
    expect(n).toBeGreaterThan(20);
    for (const choice of [null, "Endast nödvändiga"] as const) {
      const ctx = await visitor(browser, choice, javaScriptEnabled);
      for (let i = 0; i < n; i++) {
        const before = await counts();
        const { page, response } = await visit(ctx, i, i % 2 === 0 ? "1" : "random");
        expect(response?.headers()["content-security-policy"], `page ${i}`).toContain("default-src 'self'");
        // Every page still shows the banner (or, after a decision, the way to change it).
        const shown = choice ? page.locator("#samtycke-reopen, .sc-reopen") : page.locator("#samtycke .sc-banner");
        await expect(shown.first(), `page ${i}`).toBeAttached();
        await expect(page.getByText("Slut"), `page ${i}`).toBeAttached();
        // With scripts running, half a second without a request (any script of the page's
        // own could still add a tracker): the check watches past the last one. Without them,
        // what the parser met is all there is.
        if (javaScriptEnabled) await page.waitForLoadState("networkidle");
        expect(await reachedSince(before), `page ${i} (${choice ?? "no decision"})`).toEqual([]);
        await page.close();
      }
      await ctx.close();
    }
  });
}

test("in report-only the rewriter alone holds every bypass, and an unknown vendor loads but is reported", async ({ browser, request }) => {
  test.setTimeout(300_000);
  const file = process.env.SAMTYCKE_SITE_CONFIG ?? "";
  const config = JSON.parse(readFileSync(file, "utf8"));
  config.site.csp = "report-only";
  const trial = file.replace(/\.json$/, "-report-only.json");
  writeFileSync(trial, JSON.stringify(config, null, 2));
  const publish = (f: string) =>
    execFileSync("bash", ["scripts/publish-site.sh", f, "--local", `${process.env.SAMTYCKE_STATE}`], {
      cwd: `${process.env.SAMTYCKE_EDGE}/..`,
      stdio: "pipe",
    });
  const policyHeader = async () => {
    const headers = (await request.get(`${siteUrl}/om-oss`)).headers();
    return headers["content-security-policy-report-only"] !== undefined ? "report-only" : "enforce";
  };
  publish(trial);
  try {
    // Each Worker rereads a published configuration after its cache time.
    await expect.poll(policyHeader, { timeout: 60_000 }).toBe("report-only");
    const n = await bypassCount();
    const ctx = await visitor(browser, null, false);
    for (let i = 0; i < n; i++) {
      const before = await counts();
      const { page, response } = await visit(ctx, i, i % 2 === 0 ? "random" : "1");
      expect(response?.headers()["content-security-policy-report-only"], `page ${i}`).toContain("default-src 'self'");
      expect(await reachedSince(before), `page ${i}`).toEqual([]);
      await page.close();
    }
    const before = await counts();
    await (await visit(ctx, "unknown", "random")).page.close();
    expect(await reachedSince(before)).toEqual(["chat"]);
    await ctx.close();
  } finally {
    publish(file);
    await expect.poll(policyHeader, { timeout: 60_000 }).toBe("enforce");
  }
});

test("after accept all the same pages load what the categories grant", async ({ browser }) => {
  const n = await bypassCount();
  const ctx = await visitor(browser, "Godkänn alla");
  const before = await counts();
  const perPage: Party[][] = [];
  for (let i = 0; i < n; i++) {
    const start = await counts();
    const { page } = await visit(ctx, i, "random");
    perPage.push(await reachedSince(start));
    await page.close();
  }
  expect((await reachedSince(before)).sort()).toEqual(["analytics", "pixel"]);
  // The plain script spellings each load the analytics script once granted.
  for (const i of [0, 1, 2, 3, 4, 6, 7, 8]) expect(perPage[i], `page ${i}`).toContain("analytics");
  await ctx.close();
});

test("a vendor no service claims waits for classification and shows up as drift on the dashboard", async ({ browser }) => {
  const ctx = await visitor(browser, "Godkänn alla");
  const before = await counts();
  const { page, response } = await visit(ctx, "unknown", "random");
  expect(response?.headers()["content-security-policy"]).not.toContain("chat.localhost");
  await page.waitForLoadState("networkidle");
  expect(await reachedSince(before)).toEqual([]);
  await page.close();
  await ctx.close();
  const token = process.env.SAMTYCKE_ADMIN_TOKEN ?? "";
  await expect
    .poll(async () => {
      const html = await (await fetch(`${process.env.SAMTYCKE_URL}/admin`, { headers: { Authorization: `Bearer ${token}` } })).text();
      return html.includes(`http://chat.localhost:${ports.chat}`) && html.includes("&#34;hosts&#34;: [&#34;chat.localhost&#34;]");
    })
    .toBe(true);
});

test("nothing of Samtycke's reaches the origin, and its private routes do not answer on the site", async ({ request }) => {
  const sent = await request.get(`${siteUrl}/__headers`, {
    headers: {
      Authorization: "Bearer admin-token-for-samtycke",
      Cookie: "klinik_session=s1; __Host-samtycke-session=sealed; __Host-samtycke-login=x; samtycke=s2.y",
    },
  });
  expect(sent.status()).toBe(200);
  const seen = (await sent.json()) as Record<string, string>;
  expect(seen.authorization).toBeUndefined();
  expect(seen.cookie).toBe("klinik_session=s1; samtycke=s2.y");
  // Recorded by the origin itself, not only echoed through the Worker.
  const recorded = (await (await fetch(`${originUrl}/__headers`, { headers: { "x-read": "1" } })).json()) as Record<string, string>;
  expect(recorded.authorization).toBeUndefined();
  expect(recorded.cookie).not.toContain("samtycke-session");

  for (const [method, path] of [
    ["GET", "/admin"],
    ["GET", "/api/admin/receipts"],
    ["GET", "/api/patient/consent"],
    ["GET", "/auth/login"],
    ["POST", "/api/intake/certificates"],
    ["GET", "/intyg"],
  ] as const) {
    const response = await request.fetch(`${siteUrl}/_samtycke${path}`, { method, headers: { Authorization: "Bearer x" } });
    expect(response.status(), path).toBe(404);
    expect(response.headers()["www-authenticate"], path).toBeUndefined();
    expect(response.headers()["strict-transport-security"], path).toBeUndefined();
  }
  // What visitors use still answers there.
  expect((await request.get(`${siteUrl}/_samtycke/.well-known/samtycke/keys.json`)).status()).toBe(200);
  expect((await request.get(`${siteUrl}/_samtycke/installningar`)).status()).toBe(200);
});

test("a malformed or oversized CSP report is refused with a JSON error, and nothing is recorded", async ({ request }) => {
  const bad = await request.post(`${siteUrl}/_samtycke/csp-reports`, {
    headers: { "Content-Type": "application/csp-report" },
    data: "not json",
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe("malformed_report");
  const big = await request.post(`${siteUrl}/_samtycke/csp-reports`, {
    headers: { "Content-Type": "application/csp-report" },
    data: JSON.stringify({ "csp-report": { "blocked-uri": "http://a.example/", padding: "x".repeat(10_000) } }),
  });
  expect(big.status()).toBe(413);
  const wrongType = await request.post(`${siteUrl}/_samtycke/csp-reports`, { headers: { "Content-Type": "text/plain" }, data: "{}" });
  expect(wrongType.status()).toBe(415);
});
