// Edge-mode benchmark (bench/edge.sh starts the servers): the sample clinic page through
// Samtycke's Worker against the same page straight from its origin, in one run.
//   node bench/edge.mjs EDGE_URL ORIGIN_URL RUNS OUT.json
// Measures first contentful paint (fresh Chromium context per load) and whether the banner
// was in that first paint (Element Timing on its heading), time to first byte over keep-alive
// HTTP, whole-page throughput on a 1 MB page, and the bytes the edge adds (brotli).
import { writeFileSync } from "node:fs";
import http from "node:http";
import { brotliCompressSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { pairedRatio } from "./ratio.mjs";

const [edge, origin, runsArg, out] = process.argv.slice(2);
const runs = Number(runsArg || 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.get(url, { agent, headers }, (res) => {
      const ttfb = Number(process.hrtime.bigint() - start) / 1e6;
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ ttfb, total: Number(process.hrtime.bigint() - start) / 1e6, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on("error", reject);
  });
}

async function paints(browser, url) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(url, { waitUntil: "load" });
  // Wait for the paint entries themselves (they can land after the load event).
  const result = await page.evaluate(
    () =>
      new Promise((resolve) => {
        let fcp = null;
        let banner = null;
        const done = () => fcp !== null && resolve({ fcp, banner });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (e.name === "first-contentful-paint") fcp = e.startTime;
          setTimeout(done, 50);
        }).observe({ type: "paint", buffered: true });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (e.identifier === "samtycke-banner") banner = e.renderTime;
        }).observe({ type: "element", buffered: true });
      }),
  );
  await ctx.close();
  return result;
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
// Warm-up: each side once, equally.
await paints(browser, `${origin}/`);
await paints(browser, `${edge}/`);
const fcp = { origin: [], edge: [] };
let bannerInFirstPaint = 0;
for (let i = 0; i < runs; i++) {
  const o = await paints(browser, `${origin}/`);
  const e = await paints(browser, `${edge}/`);
  fcp.origin.push(o.fcp);
  fcp.edge.push(e.fcp);
  if (e.banner !== null && e.fcp !== null && Math.abs(e.banner - e.fcp) < 1) bannerInFirstPaint++;
}
await browser.close();

const ttfb = { origin: [], edge: [], ownRoute: [] };
for (let i = 0; i < 20; i++) {
  await get(`${origin}/`);
  await get(`${edge}/`);
}
for (let i = 0; i < 200; i++) {
  ttfb.origin.push((await get(`${origin}/`)).ttfb);
  ttfb.edge.push((await get(`${edge}/`)).ttfb);
  ttfb.ownRoute.push((await get(`${edge}/_samtycke/api/health`)).ttfb);
}

// The 1 MB page, and the same megabyte as plain text, which the Worker passes on untouched:
// their difference is what rewriting costs, apart from what streaming through any Worker
// does. Alternated, so a busy moment of the machine falls on both.
const big = { origin: [], edge: [], edgePlain: [] };
let bigBytes = 0;
for (let i = 0; i < 32; i++) {
  const o = await get(`${origin}/stor`);
  const e = await get(`${edge}/stor`);
  const p = await get(`${edge}/stor.txt`);
  bigBytes = o.body.length;
  if (i >= 2) {
    big.origin.push(o.total);
    big.edge.push(e.total);
    big.edgePlain.push(p.total);
  }
}

const br = (buf) => brotliCompressSync(buf).length;
const originHtml = (await get(`${origin}/`)).body;
const firstVisit = (await get(`${edge}/`)).body;
const decided = await new Promise((resolve, reject) => {
  const req = http.request(`${edge}/_samtycke/consent`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" } }, (res) => {
    res.resume();
    resolve((res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c.startsWith("samtycke=")));
  });
  req.on("error", reject);
  req.end("choice=accept-all&lang=sv&return=/");
});
const returning = (await get(`${edge}/`, { Cookie: decided })).body;

const result = {
  runs,
  fcp: { origin: spread(fcp.origin), edge: spread(fcp.edge), ...pairedRatio(fcp.edge, fcp.origin) },
  bannerInFirstPaint,
  ttfb: {
    origin: spread(ttfb.origin),
    edge: spread(ttfb.edge),
    ownRoute: spread(ttfb.ownRoute),
    addedP50: median(ttfb.edge) - median(ttfb.origin),
  },
  bigPage: {
    bytes: bigBytes,
    originMBps: bigBytes / 1e6 / (median(big.origin) / 1000),
    edgeMBps: bigBytes / 1e6 / (median(big.edge) / 1000),
    edgePlainMBps: bigBytes / 1e6 / (median(big.edgePlain) / 1000),
    rewritingMs: median(big.edge) - median(big.edgePlain),
    rewritingMBps: bigBytes / 1e6 / ((median(big.edge) - median(big.edgePlain)) / 1000),
  },
  addedBrotli: { firstVisit: br(firstVisit) - br(originHtml), returning: br(returning) - br(originHtml) },
};
writeFileSync(out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result));
