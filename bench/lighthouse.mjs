// Runs Lighthouse's performance category against the demo page and edge mode's sample page
// (URLs from scripts/serve-test.sh's environment), RUNS times each, and writes the medians into
// the README's `bench:lighthouse` block. Fails (exit 1) when a page scores under 100.
//   node bench/lighthouse.mjs LIGHTHOUSE_DIR RUNS      (bench/lighthouse.sh runs it)
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { writeSection } from "./readme-section.mjs";

const [dir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const require = createRequire(`${dir}/package.json`);
const lighthouse = (await import(pathToFileURL(require.resolve("lighthouse")).href)).default;
const chromeLauncher = await import(pathToFileURL(require.resolve("chrome-launcher")).href);

const pages = [
  { label: "demo page `/`", url: `${process.env.SAMTYCKE_URL}/` },
  { label: "edge mode, the sample clinic's start page", url: `${process.env.SAMTYCKE_SITE_URL}/` },
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const audits = {
  fcp: "first-contentful-paint",
  lcp: "largest-contentful-paint",
  tbt: "total-blocking-time",
  cls: "cumulative-layout-shift",
  si: "speed-index",
};

const rows = [];
for (const page of pages) {
  const scores = [];
  const values = Object.fromEntries(Object.keys(audits).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    // A fresh browser per run: nothing cached, no decision stored (a first visit).
    const chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
      chromeFlags: ["--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const result = await lighthouse(page.url, { port: chrome.port, onlyCategories: ["performance"], logLevel: "error" });
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${page.url}: ${lhr.runtimeError.message}`);
      scores.push(Math.round(lhr.categories.performance.score * 100));
      for (const [key, id] of Object.entries(audits)) values[key].push(lhr.audits[id].numericValue);
    } finally {
      await chrome.kill();
    }
  }
  rows.push({ page, scores, values });
}

const ms = (xs) => `${Math.round(median(xs))} ms`;
const lines = [
  "| page | performance (each run) | FCP | LCP | TBT | CLS | Speed Index |",
  "|---|---|---|---|---|---|---|",
  ...rows.map(({ page, scores, values }) =>
    `| ${page.label} | **${median(scores)}** (${scores.join(", ")}) | ${ms(values.fcp)} | ${ms(values.lcp)} | ${ms(values.tbt)} | ${median(values.cls).toFixed(3)} | ${ms(values.si)} |`),
  "",
  `Lighthouse ${(await import(pathToFileURL(require.resolve("lighthouse/package.json")).href, { with: { type: "json" } })).default.version}, its default mobile settings (emulated mid-range phone, 4 × CPU slowdown, simulated slow 4G), performance category only, ${runs} runs per page in a fresh headless Chromium each (a first visit: no decision stored), medians shown; budget 100 on both pages.`,
];
console.log(lines.join("\n"));
writeSection("bench:lighthouse", lines.join("\n"));
const under = rows.filter(({ scores }) => median(scores) < 100);
if (under.length) {
  console.error(`under 100: ${under.map(({ page, scores }) => `${page.label} ${median(scores)}`).join("; ")}`);
  process.exitCode = 1;
}
