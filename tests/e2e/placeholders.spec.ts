// Placeholders for held embeds in edge mode: the sample clinic's /filmer page has two videos
// from the video service (category "media"), the first with a title, the second without.
// The video service logs every request it gets, so "loads only that frame" is counted there.
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type FrameLocator, type Page } from "@playwright/test";
import { expectNoAxeViolations, noJsReceiptsSince } from "./fixtures";

const siteUrl = process.env.SAMTYCKE_SITE_URL ?? "";
const ports = JSON.parse(readFileSync(process.env.SAMTYCKE_SAMPLE_PORTS ?? "", "utf8")) as Record<string, number>;

/** How many requests the analytics service has had. */
async function analyticsRequests(): Promise<number> {
  return ((await (await fetch(`http://127.0.0.1:${ports.analytics}/__requests`)).json()) as unknown[]).length;
}

/** The paths the video service was asked for since `from` (Unix ms). */
async function videoPathsSince(from: number): Promise<string[]> {
  const log = (await (await fetch(`http://127.0.0.1:${ports.video}/__requests`)).json()) as { path: string; at: number }[];
  return log.filter((r) => r.at >= from).map((r) => r.path);
}

async function visitor(browser: Browser, options: { javaScriptEnabled?: boolean; locale?: string; width?: number } = {}) {
  const ctx = await browser.newContext({
    baseURL: siteUrl,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? "sv-SE",
    viewport: { width: options.width ?? 1280, height: 800 },
  });
  return { ctx, page: await ctx.newPage() };
}

const frame = (page: Page, n: number): FrameLocator => page.frameLocator("main iframe").nth(n);
const SV = { once: "Visa en gång", always: "Tillåt alltid externa filmer" };

/** Both videos are placeholders: each names the service and the category. */
async function expectPlaceholders(page: Page, texts = SV, category = "Externa filmer") {
  for (const n of [0, 1]) {
    await expect(frame(page, n).getByText("Videotjänsten", { exact: true })).toBeVisible();
    await expect(frame(page, n).getByText(category, { exact: false }).first()).toBeVisible();
    await expect(frame(page, n).getByRole("button", { name: texts.once })).toBeVisible();
    await expect(frame(page, n).getByRole("button", { name: texts.always })).toBeVisible();
  }
}

test.describe("placeholders for held embeds", () => {
  test("each video keeps its size and shows who and what is held, without an axe violation, in each offered language", async ({ browser }) => {
    for (const [locale, texts, category, title] of [
      ["sv-SE", SV, "Externa filmer", "Blockerat innehåll från Videotjänsten"],
      ["en-GB", { once: "Show once", always: "Always allow external videos" }, "External videos", "Blocked content from Videotjänsten"],
    ] as const) {
      // The frames' size on the site itself, without Samtycke.
      const { ctx, page } = await visitor(browser, { locale });
      await page.goto(`http://127.0.0.1:${ports.origin}/filmer`);
      const size = () =>
        page.locator("main iframe").evaluateAll((frames) =>
          frames.map((f) => [f.getBoundingClientRect().width, f.getBoundingClientRect().height]),
        );
      const original = await size();
      expect(original).toHaveLength(2);

      const from = Date.now();
      await page.goto("/filmer");
      await expectPlaceholders(page, texts, category);
      expect(await size()).toEqual(original);
      // The site's own title kept; a title naming the service where it had none.
      expect(await page.locator("main iframe").evaluateAll((frames) => frames.map((f) => f.getAttribute("title")))).toEqual([
        "Film: så går ett besök till",
        title,
      ]);
      await expectNoAxeViolations(page);
      expect(await videoPathsSince(from)).toEqual([]);
      await ctx.close();
    }
  });

  test("at 320 px the buttons fit inside the frame", async ({ browser }) => {
    const { ctx, page } = await visitor(browser, { width: 320 });
    await page.goto("/filmer");
    await expectPlaceholders(page);
    const frameBox = await page.locator("main iframe").first().boundingBox();
    expect(frameBox?.width).toBeLessThanOrEqual(320);
    for (const name of [SV.once, SV.always]) {
      const box = await frame(page, 0).getByRole("button", { name }).boundingBox();
      expect(box && frameBox && box.x >= frameBox.x && box.x + box.width <= frameBox.x + frameBox.width, name).toBe(true);
    }
    // Nothing inside the placeholder scrolls sideways.
    const inner = page.frames().find((f) => f.url() === "about:srcdoc");
    expect(await inner?.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await ctx.close();
  });

  test("show once, by keyboard: only that video loads, nothing is recorded, and the next view holds it again", async ({ browser }) => {
    const from = Date.now();
    const { ctx, page } = await visitor(browser);
    await page.goto("/filmer");
    await expectPlaceholders(page);
    // Tab from the top of the page until the first video's "show once" has the focus.
    const showOnce = frame(page, 0).getByRole("button", { name: SV.once });
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await showOnce.evaluate((b) => b === document.activeElement && document.hasFocus()).catch(() => false);
    }
    expect(reached).toBe(true);
    await page.keyboard.press("Enter");
    await expect(frame(page, 0).getByText("Film om kliniken")).toBeVisible();
    await expect(frame(page, 1).getByRole("button", { name: SV.once })).toBeVisible();
    expect(await videoPathsSince(from)).toEqual(["/embed/intro"]);
    expect(await noJsReceiptsSince(from)).toEqual([]);
    expect((await ctx.cookies()).map((c) => c.name)).not.toContain("samtycke");

    await page.reload();
    await expectPlaceholders(page);
    expect(await videoPathsSince(from)).toEqual(["/embed/intro"]);
    await ctx.close();
  });

  test("without JavaScript, show once and always allow work the same; always allow records a receipt and loads every video", async ({ browser }) => {
    const from = Date.now();
    const { ctx, page } = await visitor(browser, { javaScriptEnabled: false });
    await page.goto("/filmer");
    await expectPlaceholders(page);
    await frame(page, 0).getByRole("button", { name: SV.once }).click();
    await expect(frame(page, 0).getByText("Film om kliniken")).toBeVisible();
    await expect(frame(page, 1).getByRole("button", { name: SV.once })).toBeAttached();
    expect(await videoPathsSince(from)).toEqual(["/embed/intro"]);

    // Once is once: the next view holds it again. "Always allow" then loads both.
    await page.reload();
    await expectPlaceholders(page);
    await frame(page, 0).getByRole("button", { name: SV.always }).click();
    await expect(frame(page, 0).getByText("Film om kliniken")).toBeVisible();
    await expect(frame(page, 1).getByText("Så hittar du hit")).toBeVisible();
    const receipts = await noJsReceiptsSince(from);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].purposes.map((p: { category: string; granted: boolean }) => `${p.category}:${p.granted}`)).toEqual([
      "necessary:true",
      "analytics:false",
      "media:true",
      "marketing:false",
    ]);
    // The banner is answered; the reopen control is there instead.
    await expect(page.getByRole("region", { name: "Kakor på den här webbplatsen" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Cookie-inställningar" })).toBeVisible();
    await page.goto("/");
    await expect(page.frameLocator("iframe[title^='Film']").getByText("Film om kliniken")).toBeVisible();
    await ctx.close();
  });

  test("with JavaScript, always allow keeps the earlier answer for the other categories", async ({ browser }) => {
    const { ctx, page } = await visitor(browser);
    await page.goto("/filmer");
    await page.locator("#samtycke[data-ready], #samtycke .sc-banner").first().waitFor();
    await page.getByRole("region", { name: "Kakor på den här webbplatsen" }).getByRole("button", { name: "Endast nödvändiga", exact: true }).click();
    await expect(page.getByRole("region", { name: "Kakor på den här webbplatsen" })).toBeHidden();
    const analytics = await analyticsRequests();
    await frame(page, 0).getByRole("button", { name: SV.always }).click();
    await expect(frame(page, 0).getByText("Film om kliniken")).toBeVisible();
    await expect(frame(page, 1).getByText("Så hittar du hit")).toBeVisible();
    // The earlier "only necessary" still holds for statistics: nothing of it runs.
    await expect(page.getByRole("link", { name: "Cookie-inställningar" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Kakor på den här webbplatsen" })).toHaveCount(0);
    expect(await analyticsRequests()).toBe(analytics);
    const cookie = (await ctx.cookies()).find((c) => c.name === "samtycke")?.value ?? "";
    expect(cookie).toMatch(/\.no-js\.sv\.media\+necessary$/);
    await ctx.close();
  });

  test("show once refuses an address no service of the site claims, and a foreign page", async ({ request }) => {
    const post = (url: string, origin = siteUrl) =>
      request.post(`${siteUrl}/_samtycke/show-once`, {
        form: { url, return: "/filmer" },
        headers: { Origin: origin },
        maxRedirects: 0,
      });
    const ok = await post(`http://video.localhost:${ports.video}/embed/intro`);
    expect(ok.status()).toBe(303);
    expect(ok.headers()["location"]).toBe("/filmer");
    expect(ok.headers()["set-cookie"]).toMatch(/^__Host-samtycke-once=[^;]+; Path=\/; Max-Age=120; HttpOnly/);
    for (const [url, code] of [
      ["https://evil.example/", "unknown_service"],
      ["javascript:alert(1)", "invalid_url"],
    ]) {
      const refused = await post(url);
      expect(refused.status()).toBe(400);
      expect((await refused.json()).error.code).toBe(code);
    }
    const foreign = await post(`http://video.localhost:${ports.video}/embed/intro`, "https://evil.example");
    expect(foreign.status()).toBe(403);
  });
});
