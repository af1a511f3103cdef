// Auto-rejecters: DuckDuckGo's autoconsent (the real npm package, its Playwright content script)
// with Samtycke's rule (integrations/autoconsent/samtycke.json) finds and rejects the banner on
// the demo page, in edge mode and in embed mode, in every language each site offers; the
// decision stored is "only necessary", with its receipt. The Consent-O-Matic rule's selectors
// are checked against the same banners.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test, type Browser, type Frame, type Page } from "@playwright/test";

// The package exports only its entry point; the content script sits beside it in dist/.
const contentScript = readFileSync(join(dirname(require.resolve("@duckduckgo/autoconsent")), "autoconsent.playwright.js"), "utf8");
const rule = JSON.parse(readFileSync("integrations/autoconsent/samtycke.json", "utf8"));
const comRule = JSON.parse(readFileSync("integrations/consent-o-matic/samtycke.json", "utf8")).samtycke;

const demo = process.env.SAMTYCKE_URL ?? "";
const site = process.env.SAMTYCKE_SITE_URL ?? "";
const embed = process.env.SAMTYCKE_EMBED_URL ?? "";
const locales: Record<string, string> = { sv: "sv-SE", en: "en-GB", fi: "fi-FI", ar: "ar" };
const languagesOf = (file: string) => JSON.parse(readFileSync(file, "utf8")).languages as string[];

const pages = [
  { mode: "the demo page", url: `${demo}/`, languages: languagesOf("config/site.json") },
  { mode: "edge mode", url: `${site}/`, languages: languagesOf(process.env.SAMTYCKE_SITE_CONFIG ?? "") },
  { mode: "embed mode", url: `${embed}/`, languages: languagesOf(process.env.SAMTYCKE_SITE_CONFIG ?? "") },
];

type Message = { type: string; cmp?: string; result?: boolean };

/** Open `url` as a visitor in `locale` with autoconsent set to opt out; returns its messages. */
async function withAutoconsent(browser: Browser, url: string, locale: string) {
  const ctx = await browser.newContext({ locale });
  const page = await ctx.newPage();
  const messages: Message[] = [];
  await page.exposeBinding("autoconsentSendMessage", async ({ frame }: { frame: Frame }, message: Message) => {
    if (message.type === "report") return;
    messages.push(message);
    const reply = (answer: object) =>
      frame.evaluate((a) => (window as unknown as { autoconsentReceiveMessage: (m: object) => void }).autoconsentReceiveMessage(a), answer);
    if (message.type === "init") {
      await reply({
        type: "initResp",
        // Only Samtycke's rule and the package's built-in ones: no cosmetic hiding, no
        // heuristics, no generated rules, so what answers the banner is the rule.
        config: {
          enabled: true,
          autoAction: "optOut",
          disabledCmps: [],
          enablePrehide: false,
          enableCosmeticRules: false,
          enableGeneratedRules: false,
          enableHeuristicDetection: false,
          heuristicMode: "off",
          detectRetries: 20,
          isMainWorld: true,
        },
        rules: { autoconsent: [rule] },
      });
    }
    if (message.type === "autoconsentDone") await reply({ type: "selfTest" });
  });
  await page.goto(url, { waitUntil: "commit" });
  await page.evaluate(contentScript);
  return { ctx, page, messages };
}

/** The banner's root: in the page, or in the embed script's shadow root. */
const root = (page: Page) => page.locator("#samtycke").first();

for (const { mode, url, languages } of pages) {
  test(`autoconsent rejects Samtycke's banner on ${mode} in ${languages.join(", ")}, and the receipt says only necessary`, async ({ browser }) => {
    test.setTimeout(60_000 * languages.length);
    for (const language of languages) {
      const { ctx, page, messages } = await withAutoconsent(browser, url, locales[language] ?? language);
      await expect(root(page)).toHaveAttribute("lang", language);
      await expect.poll(() => messages.find((m) => m.type === "selfTestResult")?.result, { timeout: 45_000 }).toBe(true);
      const kinds = messages.map((m) => `${m.type}${m.cmp ? `:${m.cmp}` : ""}`);
      expect(kinds, language).toEqual(expect.arrayContaining(["cmpDetected:samtycke", "popupFound:samtycke", "optOutResult:samtycke", "autoconsentDone:samtycke"]));
      expect(messages.find((m) => m.type === "optOutResult")?.result).toBe(true);
      expect(messages.filter((m) => m.type === "autoconsentError")).toEqual([]);

      const cookie = (await ctx.cookies()).find((c) => c.name === "samtycke")?.value ?? "";
      expect(cookie).toMatch(new RegExp(`^s2\\.\\d+\\.\\d+\\.\\d+\\.reject-all\\.${language}\\.necessary$`));
      await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]").length)).toBe(1);
      const [id] = await page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]") as string[]);
      const receipt = await (await fetch(`${demo}/api/receipts/${id}`)).json();
      expect(receipt.method).toBe("reject-all");
      expect(receipt.language).toBe(language);
      expect(receipt.purposes.filter((p: { granted: boolean }) => p.granted).map((p: { category: string }) => p.category)).toEqual(["necessary"]);
      await ctx.close();
    }
  });
}

test("each selector of the Consent-O-Matic rule finds its element, in the page and in the shadow root", async ({ browser }) => {
  const [inPage, inShadow] = comRule.detectors;
  const save = comRule.methods.find((m: { name: string }) => m.name === "SAVE_CONSENT").action;
  for (const [url, detector, reject, accept] of [
    [`${site}/`, inPage, save.trueAction.falseAction, save.trueAction.trueAction],
    [`${embed}/`, inShadow, save.falseAction.falseAction, save.falseAction.trueAction],
  ]) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(url);
    await root(page).locator(".sc-banner").waitFor();
    // What Consent-O-Matic's DOM selection finds: `target` under `parent` (inside its shadow
    // root when it has one), else in the document; with `displayFilter`, only what is shown.
    type Matcher = { parent?: { selector: string }; target: { selector: string; displayFilter?: boolean } };
    const find = (m: Matcher) =>
      page.evaluate((m: Matcher) => {
        let scope: ParentNode = document;
        if (m.parent) {
          const parent = document.querySelector(m.parent.selector);
          if (!parent) return [];
          scope = parent.shadowRoot ?? parent;
        }
        return [...scope.querySelectorAll<HTMLElement>(m.target.selector)]
          .filter((el) => !m.target.displayFilter || el.offsetHeight !== 0)
          .map((el) => el.getAttribute("value") ?? el.tagName.toLowerCase());
      }, m);
    expect(await find(detector.presentMatcher[0])).toEqual(["reject-all"]);
    expect(await find(detector.showingMatcher[0])).toEqual(["section"]);
    // Which button "allow none" and "allow all" press: reject and accept, by their values.
    expect(await find(reject)).toEqual(["reject-all"]);
    expect(await find(accept)).toEqual(["accept-all"]);
    // In the page, the embed's detector does not match, and the other way round.
    const other = detector === inPage ? inShadow : inPage;
    expect(await find(other.presentMatcher[0])).toEqual([]);
    await ctx.close();
  }
});
