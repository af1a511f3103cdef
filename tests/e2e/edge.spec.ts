// Edge mode: Samtycke's Worker in front of the sample clinic site (scripts/sample-site.mjs),
// with JavaScript on and off. The third parties log every request they receive, so "nothing
// before consent" is counted where it would happen, not inferred from the page.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAxeViolations, noJsReceiptsSince, thirdParties } from "./fixtures";

const siteUrl = process.env.SAMTYCKE_SITE_URL ?? "";
const ports = JSON.parse(readFileSync(process.env.SAMTYCKE_SAMPLE_PORTS ?? "", "utf8")) as Record<string, number>;
const parties = ["analytics", "video", "pixel", "tags"] as const;
const originUrl = `http://127.0.0.1:${ports.origin}`;

/** How many requests each third party has received so far, and which were reached since. */
const { counts: thirdPartyCounts, reachedSince } = thirdParties(ports, parties);

async function context(browser: Browser, javaScriptEnabled = true, headers: Record<string, string> = {}) {
  return browser.newContext({ baseURL: siteUrl, javaScriptEnabled, extraHTTPHeaders: headers });
}

const banner = (page: Page) => page.getByRole("region", { name: "Kakor på den här webbplatsen" });
const button = (page: Page, name: string) => banner(page).getByRole("button", { name, exact: true });

/** Wait until the page has loaded and the banner's app has taken over (or the page is idle). */
/** Loaded, the app in charge (or the way back to the settings in place), and then no request
 * for half a second (network idle): a "nothing was reached" check after it watches a stated
 * period after the last request, not one moment. */
async function settle(page: Page) {
  await page.waitForLoadState("load");
  await page.locator("#samtycke[data-ready], #samtycke-reopen").first().waitFor({ state: "attached" });
  await page.waitForLoadState("networkidle");
}

test.describe("edge mode, JavaScript on", () => {
  test("before a decision no third party is reached and the banner is on every page", async ({ browser }) => {
    const before = await thirdPartyCounts();
    const ctx = await context(browser);
    const page = await ctx.newPage();
    for (const path of ["/", "/om-oss", "/kontakt", "/integritet"]) {
      await page.goto(path);
      await expect(banner(page)).toBeVisible();
      await settle(page);
      // The site's own (necessary) script still runs.
      expect(await page.evaluate(() => (window as unknown as { __siteJs?: number }).__siteJs)).toBe(1);
    }
    expect(await reachedSince(before)).toEqual([]);
    const names = (await ctx.cookies()).map((c) => c.name);
    expect(names).toContain("klinik_session");
    expect(names).not.toContain("_sa_id");
    await ctx.close();
  });

  test("only necessary: nothing runs, after a reload or on other pages either, and a receipt is recorded", async ({ browser }) => {
    const before = await thirdPartyCounts();
    const ctx = await context(browser);
    const page = await ctx.newPage();
    await page.goto("/");
    await settle(page);
    await button(page, "Endast nödvändiga").click();
    await expect(banner(page)).toBeHidden();
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]").length)).toBe(1);
    const [id] = await page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]") as string[]);
    const receipt = await (await page.request.get(`/_samtycke/api/receipts/${id}`)).json();
    expect(receipt.method).toBe("reject-all");
    expect(receipt.controller.name).toBe("Hälsokliniken Exempel AB");
    expect(receipt.purposes.map((p: { category: string; granted: boolean }) => `${p.category}:${p.granted}`)).toEqual([
      "necessary:true",
      "analytics:false",
      "media:false",
      "marketing:false",
    ]);
    await page.reload();
    await settle(page);
    await expect(banner(page)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Cookie-inställningar" })).toBeVisible();
    await page.goto("/kontakt");
    await settle(page);
    expect(await reachedSince(before)).toEqual([]);
    expect((await ctx.cookies()).map((c) => c.name)).not.toContain("_sa_id");
    await ctx.close();
  });

  test("the edge sets the consent cookie itself on every page while the decision holds, never longer; the origin cannot set it", async ({ browser }) => {
    const ctx = await context(browser);
    const page = await ctx.newPage();
    await page.goto("/kampanj");
    await settle(page);
    // The origin's "accepted" never reaches the browser: the banner still asks.
    expect((await ctx.cookies()).map((c) => c.name)).not.toContain("samtycke");
    await expect(banner(page)).toBeVisible();
    await button(page, "Endast nödvändiga").click();
    await expect(banner(page)).toBeHidden();
    const scriptSet = (await ctx.cookies()).find((c) => c.name === "samtycke");
    expect(scriptSet?.value).toMatch(/\.reject-all\./);

    const response = await page.goto("/om-oss");
    const setCookie = (await response?.headerValue("set-cookie")) ?? "";
    const renewed = setCookie.split("\n").find((c) => c.startsWith("samtycke=")) ?? "";
    const [, value, maxAge] = renewed.match(/^samtycke=([^;]+); Path=\/; Max-Age=(\d+); SameSite=Lax; Secure$/) ?? [];
    expect(value).toBe(scriptSet?.value);
    const lifetime = JSON.parse(readFileSync(process.env.SAMTYCKE_SITE_CONFIG ?? "", "utf8")).cookie_lifetime_days * 86_400;
    expect(Number(maxAge)).toBeGreaterThan(lifetime - 600);
    expect(Number(maxAge)).toBeLessThanOrEqual(lifetime);

    // A decision made 400 days ago is no decision: the edge does not keep it alive.
    const old = scriptSet?.value.replace(/^(s2\.\d+\.\d+\.)\d+/, `$1${Math.floor(Date.now() / 1000) - 400 * 86_400}`) ?? "";
    await ctx.addCookies([{ name: "samtycke", value: old, url: siteUrl }]);
    const stale = await page.goto("/om-oss");
    expect((await stale?.headerValue("set-cookie")) ?? "").not.toContain("samtycke=");
    await ctx.close();
  });

  test("accept all: every tag runs at once, and after a reload the edge lets them through", async ({ browser }) => {
    const before = await thirdPartyCounts();
    const ctx = await context(browser);
    const page = await ctx.newPage();
    await page.goto("/");
    await settle(page);
    await button(page, "Godkänn alla").click();
    await expect(banner(page)).toBeHidden();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __analytics?: { runs: number } }).__analytics?.runs ?? 0)).toBe(1);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __tags?: number }).__tags ?? 0)).toBe(1);
    await expect(page.frameLocator("iframe[title^='Film']").getByText("Film om kliniken")).toBeVisible();
    await expect.poll(async () => (await reachedSince(before)).sort()).toEqual(["analytics", "pixel", "tags", "video"]);

    const wasm: string[] = [];
    page.on("request", (r) => r.url().includes("/_samtycke/pkg/") && wasm.push(r.url()));
    const response = await page.reload();
    const html = (await response?.text()) ?? "";
    expect(html).not.toContain("data-category");
    expect(html).toContain('id="samtycke-reopen"');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __analytics?: { runs: number } }).__analytics?.runs ?? 0)).toBe(1);
    expect(wasm).toEqual([]);
    // The origin's analytics cookie now passes.
    expect((await ctx.cookies()).map((c) => c.name)).toContain("_sa_id");
    await ctx.close();
  });

  test("the banner and dialog have no axe violations over the site's own styles", async ({ browser }) => {
    const ctx = await context(browser);
    const page = await ctx.newPage();
    await page.goto("/");
    await settle(page);
    await expectNoAxeViolations(page);
    // The site's `button` and `h2` rules do not reach the banner.
    const style = await button(page, "Godkänn alla").evaluate((b) => getComputedStyle(b).textTransform);
    expect(style).toBe("none");
    await button(page, "Inställningar").click();
    const dialog = page.getByRole("dialog", { name: "Inställningar för kakor" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("switch", { name: "Externa filmer" })).toBeVisible();
    await expectNoAxeViolations(page);
    await ctx.close();
  });

  test("on a phone, the banner and each of its choices fit the screen, also on a page wider than it", async ({ browser }) => {
    const ctx = await browser.newContext({ baseURL: siteUrl, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    for (const path of ["/", "/bred"]) {
      await page.goto(path);
      await settle(page);
      const screen = await page.evaluate(() => ({ width: visualViewport!.width, height: visualViewport!.height }));
      const box = await banner(page).boundingBox();
      expect(box, path).not.toBeNull();
      expect(box!.x, path).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, path).toBeLessThanOrEqual(screen.width);
      expect(Math.round(box!.y + box!.height), `${path}: on the screen's bottom edge`).toBe(Math.round(screen.height));
      for (const name of ["Godkänn alla", "Endast nödvändiga", "Inställningar"]) {
        const choice = await button(page, name).boundingBox();
        expect(choice!.x + choice!.width, `${path}: ${name}`).toBeLessThanOrEqual(screen.width);
        expect(choice!.y + choice!.height, `${path}: ${name}`).toBeLessThanOrEqual(screen.height);
      }
    }
    // The wide page is wider than the screen (else this test shows nothing).
    expect(await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)).toBe(true);
    await ctx.close();
  });

  test("Global Privacy Control is named in the banner and nothing runs", async ({ browser }) => {
    const before = await thirdPartyCounts();
    const ctx = await context(browser, true, { "Sec-GPC": "1" });
    const page = await ctx.newPage();
    const response = await page.goto("/");
    expect(await response?.text()).toContain("Global Privacy Control");
    await settle(page);
    expect(await reachedSince(before)).toEqual([]);
    await ctx.close();
  });
});

test.describe("edge mode, JavaScript off", () => {
  test("reject, then accept and withdraw from the settings page: each recorded, nothing before consent", async ({ browser }) => {
    const before = await thirdPartyCounts();
    const started = Date.now() - 1000;
    const ctx = await context(browser, false);
    const page = await ctx.newPage();
    await page.goto("/om-oss");
    await expect(banner(page)).toBeVisible();
    await button(page, "Endast nödvändiga").click();
    await expect(page).toHaveURL(`${siteUrl}/om-oss`);
    await expect(banner(page)).toHaveCount(0);
    expect(await reachedSince(before)).toEqual([]);
    expect((await ctx.cookies()).find((c) => c.name === "samtycke")?.value).toMatch(/\.no-js\.sv\.necessary$/);

    await page.getByRole("link", { name: "Cookie-inställningar" }).click();
    await expect(page.getByRole("heading", { name: "Inställningar för kakor" })).toBeVisible();
    // The site's own colours, without a script (the page's CSP allows them by hash).
    // (a condition, waited for: the stylesheet may still be loading when the heading shows)
    await expect(page.getByRole("button", { name: "Spara mina val" })).toHaveCSS("background-color", "rgb(31, 110, 67)");
    await page.getByRole("switch", { name: "Marknadsföring" }).check();
    await page.getByRole("button", { name: "Spara mina val" }).click();
    await expect(page).toHaveURL(`${siteUrl}/om-oss`);
    expect((await ctx.cookies()).find((c) => c.name === "samtycke")?.value).toMatch(/\.no-js\.sv\.marketing\+necessary$/);
    // Without JavaScript the page's <noscript> pixel is what a marketing grant lets through.
    await expect.poll(async () => (await reachedSince(before)).sort()).toEqual(["pixel"]);

    const afterGrant = await thirdPartyCounts();
    await page.getByRole("link", { name: "Cookie-inställningar" }).click();
    await page.getByRole("button", { name: "Endast nödvändiga" }).click();
    await page.goto("/");
    expect(await reachedSince(afterGrant)).toEqual([]);
    // One signed receipt per decision: reject, marketing granted, withdrawn.
    const granted = (await noJsReceiptsSince(started)).map((r) =>
      r.purposes.filter((p: { granted: boolean }) => p.granted).map((p: { category: string }) => p.category).join("+"),
    );
    expect(granted).toEqual(["necessary", "necessary+marketing", "necessary"]);
    await ctx.close();
  });

  test("the banner is in the page itself (first paint, no script needed) on every page", async ({ browser }) => {
    const ctx = await context(browser, false);
    const page = await ctx.newPage();
    for (const path of ["/", "/kontakt", "/finns-inte"]) {
      await page.goto(path);
      await expect(banner(page)).toBeVisible();
      await expect(button(page, "Godkänn alla")).toHaveAttribute("type", "submit");
    }
    await ctx.close();
  });
});

test.describe("edge mode, what passes through", () => {
  test("non-HTML answers are the origin's bytes; redirects and necessary cookies pass; tracking cookies do not", async ({ request }) => {
    for (const path of ["/rapport.bin", "/site.css", "/logo.svg", "/data.json"]) {
      const viaEdge = await request.get(`${siteUrl}${path}`);
      const direct = await request.get(`${originUrl}${path}`);
      expect(viaEdge.status()).toBe(200);
      expect(Buffer.compare(await viaEdge.body(), await direct.body()), path).toBe(0);
      expect(viaEdge.headers()["content-type"]).toBe(direct.headers()["content-type"]);
    }
    const json = await request.get(`${siteUrl}/data.json`);
    expect(json.headers()["set-cookie"] ?? "").not.toContain("_sa_ses");
    const moved = await request.get(`${siteUrl}/gammal-sida`, { maxRedirects: 0 });
    expect(moved.status()).toBe(301);
    expect(moved.headers()["location"]).toBe("/om-oss");
    const missing = await request.get(`${siteUrl}/finns-inte`);
    expect(missing.status()).toBe(404);
    expect(await missing.text()).toContain('id="samtycke"');
  });

  test("the configuration a page reads is cached per site: by its ?site=, else per origin", async ({ request }) => {
    const byOrigin = await request.get(`${process.env.SAMTYCKE_URL}/config.json`, { headers: { Origin: process.env.SAMTYCKE_EMBED_URL ?? "" } });
    expect((await byOrigin.json()).controller.name).toBe("Hälsokliniken Exempel AB");
    expect(byOrigin.headers()["vary"]).toContain("Origin");
    const own = await request.get(`${process.env.SAMTYCKE_URL}/config.json`);
    expect((await own.json()).controller.name).not.toBe("Hälsokliniken Exempel AB");
    const byId = await request.get(`${process.env.SAMTYCKE_URL}/config.json?site=klinik`);
    expect((await byId.json()).controller.name).toBe("Hälsokliniken Exempel AB");
    expect(byId.headers()["vary"] ?? "").not.toContain("Origin");
  });

  test("a compressed page is rewritten and sent compressed", async ({ request }) => {
    const response = await request.get(`${siteUrl}/komprimerad`, { headers: { "Accept-Encoding": "gzip" } });
    expect(response.headers()["content-encoding"]).toBe("gzip");
    const html = await response.text();
    expect(html).toContain('id="samtycke"');
    expect(html).toContain(`analytics.localhost:${ports.analytics}/a.js" type="text/plain" data-category="analytics">`);
  });

  test("a page in another charset is rewritten in its own bytes", async ({ request }) => {
    const response = await request.get(`${siteUrl}/latin1`);
    // This page has no CSP of its own: the consent policy is its only one.
    expect(response.headers()["content-security-policy"]).toMatch(/^default-src 'self'; script-src 'self' 'unsafe-inline'/);
    const body = await response.body();
    expect(body.includes(Buffer.from("Åter till vården", "latin1"))).toBe(true);
    expect(body.includes(Buffer.from('type="text/plain" data-category="analytics"'))).toBe(true);
    expect(body.includes(Buffer.from("Godk\u00e4nn alla", "latin1"))).toBe(true);
  });

  test("the site's CSP keeps working: the injected pieces' hashes and Samtycke's path are added", async ({ request }) => {
    const response = await request.get(`${siteUrl}/`);
    const csp = response.headers()["content-security-policy"];
    const direct = (await request.get(`${originUrl}/`)).headers()["content-security-policy"];
    expect(csp.startsWith(direct.split(";")[0])).toBe(true);
    expect(csp).toContain(`${siteUrl}/_samtycke/`);
    expect(csp).toContain("'wasm-unsafe-eval'");
    const html = await response.text();
    const inlineScripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const { createHash } = await import("node:crypto");
    for (const script of inlineScripts) {
      const hash = `'sha256-${createHash("sha256").update(script).digest("base64")}'`;
      expect(csp, script.slice(0, 40)).toContain(hash);
    }
  });

  test("a configuration change published with the documented command is live without a rebuild", async ({ request }) => {
    const file = process.env.SAMTYCKE_SITE_CONFIG ?? "";
    const original = readFileSync(file, "utf8");
    const changed = JSON.parse(original);
    changed.texts.banner_title = { sv: "Vi frågar om kakor", en: "We ask about cookies" };
    changed.site.theme.accent = "#7a1f5c";
    const changedFile = file.replace(/\.json$/, "-changed.json");
    writeFileSync(changedFile, JSON.stringify(changed, null, 2));
    const state = `${process.env.SAMTYCKE_STATE}`;
    const receiptHash = async () => {
      const response = await request.post(`${siteUrl}/_samtycke/api/receipts`, {
        data: {
          visitor_key: `vk_${crypto.randomUUID().replaceAll("-", "")}`,
          choices: { necessary: true, analytics: false, media: false, marketing: false },
          method: "reject-all",
          language: "sv",
          revision: 1,
          previous_receipt_id: null,
        },
      });
      expect(response.status()).toBe(201);
      return (await response.json()).config.hash as string;
    };
    const hashBefore = await receiptHash();
    execFileSync("bash", ["scripts/publish-site.sh", changedFile, "--local", state], { cwd: `${process.env.SAMTYCKE_EDGE}/..`, stdio: "pipe" });
    try {
      await expect
        .poll(async () => (await (await request.get(`${siteUrl}/`)).text()).includes("Vi frågar om kakor"), { timeout: 60_000 })
        .toBe(true);
      const html = await (await request.get(`${siteUrl}/`)).text();
      expect(html).toContain("--sc-accent:#7a1f5c");
      // Receipts cite the configuration they were given under.
      const hashAfter = await receiptHash();
      expect(hashAfter).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(hashAfter).not.toBe(hashBefore);
    } finally {
      execFileSync("bash", ["scripts/publish-site.sh", file, "--local", state], { cwd: `${process.env.SAMTYCKE_EDGE}/..`, stdio: "pipe" });
      // Waited out (the configuration cache, 10 s), so no later test meets the changed site.
      await expect
        .poll(async () => (await (await request.get(`${siteUrl}/`)).text()).includes("Vi frågar om kakor"), { timeout: 60_000 })
        .toBe(false);
    }
  });
});

test.describe("embed mode", () => {
  const embedUrl = process.env.SAMTYCKE_EMBED_URL ?? "";
  const shadowBanner = (page: Page) => page.locator("#samtycke-embed").getByRole("region", { name: "Kakor på den här webbplatsen" });

  test("the banner shows in a shadow root; nothing runs before a choice; accept runs the tags and records a receipt", async ({ browser }) => {
    const before = await thirdPartyCounts();
    const ctx = await browser.newContext({ baseURL: embedUrl });
    const page = await ctx.newPage();
    await page.goto("/");
    await expect(shadowBanner(page)).toBeVisible();
    expect(await page.evaluate(() => document.getElementById("samtycke-embed")?.shadowRoot?.getElementById("samtycke") !== null)).toBe(true);
    await page.locator("#samtycke-embed #samtycke[data-ready]").waitFor({ state: "attached" });
    expect(await reachedSince(before)).toEqual([]);
    await expectNoAxeViolations(page);

    await shadowBanner(page).getByRole("button", { name: "Godkänn alla", exact: true }).click();
    await expect(shadowBanner(page)).toHaveCount(0);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __analytics?: { runs: number } }).__analytics?.runs ?? 0)).toBe(1);
    await expect.poll(async () => (await reachedSince(before)).sort()).toEqual(["analytics", "pixel", "tags", "video"]);
    // The consent cookie is the site's own, and the receipt is signed by the consent host.
    const cookie = (await ctx.cookies()).find((c) => c.name === "samtycke");
    expect(cookie?.domain).toBe("127.0.0.1");
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]").length)).toBe(1);
    const [id] = await page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]") as string[]);
    const receipt = await (await page.request.get(`${process.env.SAMTYCKE_URL}/api/receipts/${id}`)).json();
    expect(receipt.method).toBe("accept-all");
    expect(receipt.controller.name).toBe("Hälsokliniken Exempel AB");

    // Returning: no banner, the reopen control, and the granted tags run again.
    await page.reload();
    await page.locator("#samtycke-embed #samtycke[data-ready]").waitFor({ state: "attached" });
    await expect(shadowBanner(page)).toHaveCount(0);
    await expect(page.locator("#samtycke-embed").getByRole("button", { name: "Cookie-inställningar" })).toBeVisible();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __analytics?: { runs: number } }).__analytics?.runs ?? 0)).toBe(1);
    await ctx.close();
  });

  test("only necessary: nothing runs now or after a reload", async ({ browser }) => {
    const before = await thirdPartyCounts();
    const ctx = await browser.newContext({ baseURL: embedUrl });
    const page = await ctx.newPage();
    await page.goto("/kontakt");
    await shadowBanner(page).getByRole("button", { name: "Endast nödvändiga", exact: true }).click();
    await expect(shadowBanner(page)).toHaveCount(0);
    await page.reload();
    await page.locator("#samtycke-embed #samtycke[data-ready]").waitFor({ state: "attached" });
    await expect(shadowBanner(page)).toHaveCount(0);
    expect(await reachedSince(before)).toEqual([]);
    await ctx.close();
  });

  test("the site's CSS does not reach the banner and the banner's CSS changes nothing on the site", async ({ browser }) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const siteStyles = () =>
      page.evaluate(() =>
        ["body", "h1", "main p", "nav a", "footer", "form button"].map((selector) => {
          const s = getComputedStyle(document.querySelector(selector) as Element);
          return `${selector}: ${s.fontFamily} ${s.fontSize} ${s.color} ${s.backgroundColor} ${s.margin} ${s.padding} ${s.textTransform}`;
        }),
      );
    await page.goto(`${originUrl}/kontakt`);
    const without = await siteStyles();
    await page.goto(`${embedUrl}/kontakt`);
    // Measured once the app has taken the banner over (it replaces the server's markup).
    await page.locator("#samtycke-embed #samtycke[data-ready]").waitFor({ state: "attached" });
    expect(await siteStyles()).toEqual(without);
    const accept = shadowBanner(page).getByRole("button", { name: "Godkänn alla", exact: true });
    const look = await accept.evaluate((b) => {
      const s = getComputedStyle(b);
      return [s.textTransform, s.backgroundColor, s.color, s.fontSize, s.borderRadius];
    });
    // The site styles every button uppercase, red on yellow, 2rem, round: not this one.
    expect(look).toEqual(["none", "rgb(31, 110, 67)", "rgb(255, 255, 255)", "16px", "4px"]);
    const heading = await shadowBanner(page).getByRole("heading").evaluate((h) => getComputedStyle(h).color);
    expect(heading).toBe("rgb(27, 27, 31)");
    await ctx.close();
  });
});
