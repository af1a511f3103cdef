// The measuring half of bench/intake.sh: run under scripts/serve-test.sh (SAMTYCKE_URL,
// SAMTYCKE_CARE_URL, SAMTYCKE_STATE, SAMTYCKE_EDGE, SAMTYCKE_ADMIN_TOKEN are set), it writes
// one part's raw figures to OUT; `--report PART.json…` prints the table over all parts.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { chromium } from "@playwright/test";

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const ms = (v) => v.toFixed(1);

if (process.argv[2] === "--report") {
  const parts = process.argv.slice(3).map((f) => JSON.parse(readFileSync(f, "utf8")));
  const times = parts.flatMap((p) => p.times).sort((a, b) => a - b);
  const wall = parts.reduce((s, p) => s + p.wall, 0);
  const failed = parts.reduce((s, p) => s + p.failed, 0);
  const stats = parts.find((p) => p.query.length);
  // The first query publishes every month that has ended; the ones after it read what was
  // published.
  const [first, ...rest] = stats.query;
  const query = rest.sort((a, b) => a - b);
  console.log(`| measure | value |
|---|---|
| certificates posted | ${times.length} in ${parts.length} parts on a fresh Worker each (${parts[0].parallel} in flight), ${failed} not stored |
| intake requests/s | ${(times.length / wall).toFixed(0)} (${parts.map((p) => (p.times.length / p.wall).toFixed(0)).join(", ")} per part) |
| intake p50 / p99 | ${ms(quantile(times, 0.5))} ms / ${ms(quantile(times, 0.99))} ms |
| statistics rows | ${stats.rows} (${stats.cells} cells published, ${stats.total} patients across them) |
| statistics query, the first (publishes the ${stats.months ?? "?"} ended months) | ${ms(first)} ms |
| statistics query after it, median / p99 of ${query.length} | ${ms(quantile(query, 0.5))} ms / ${ms(quantile(query, 0.99))} ms |`);
  process.exit(0);
}

const BASE = process.env.SAMTYCKE_URL;
const CARE = process.env.SAMTYCKE_CARE_URL;
const CERTS = Number(process.env.CERTS ?? 10000);
const PARALLEL = Number(process.env.PARALLEL ?? 8);
const STATS_ROWS = Number(process.env.STATS_ROWS ?? 100000);
const QUERIES = Number(process.env.QUERIES ?? 21);
const PATIENT = { name: "Karin Intygsson", number: "198503152384" };

const post = (url, data) => fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(data) });

// 1. The patient logs in with the test e-ID and consents, in a real browser.
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
// A Swedish browser: the pages answer in the language the browser asks for.
const page = await browser.newPage({ baseURL: BASE, locale: "sv-SE" });
await page.goto("/intyg");
await page.locator("#samtycke[data-ready]").waitFor({ state: "attached" });
await page.getByRole("button", { name: "Endast nödvändiga", exact: true }).click();
await page.getByRole("link", { name: "Logga in med e-legitimation" }).click();
await page.getByRole("button", { name: new RegExp(PATIENT.name) }).click();
await page.waitForURL(/\/intyg$/);
await page.getByRole("button", { name: "Jag ger mitt samtycke" }).click();
await page.getByRole("heading", { name: "Dina intyg", exact: true }).waitFor();
await browser.close();

// 2. Certificates: a template from the care system, varied per request; signed beforehand.
const template = (await (await post(`${CARE}/test/issue`, { personal_identity_number: PATIENT.number })).json()).certificate;
const chapters = ["F32.1", "M54.5", "J06.9", "S82.6", "L20.9", "I10", "G43.9", "K58.9"];
const url = `${BASE}/api/intake/certificates`;
const bodies = Array.from({ length: CERTS }, (_, i) => {
  const month = String(1 + (i % 12)).padStart(2, "0");
  const degree = [25, 50, 75, 100][i % 4];
  return JSON.stringify({
    ...template,
    id: `bench-${i}`,
    diagnoses: [{ code: chapters[i % chapters.length], text: "Benchmark" }],
    sick_leave: [{ degree, from: `2027-${month}-01`, to: `2027-${month}-${String(5 + (i % 20)).padStart(2, "0")}` }],
  });
});
const times = [];
let next = 0, failed = 0;
const started = performance.now();
await Promise.all(Array.from({ length: PARALLEL }, async () => {
  while (next < CERTS) {
    const body = bodies[next++];
    const { headers } = await (await post(`${CARE}/test/sign`, { url, body })).json();
    const t0 = performance.now();
    const answer = await fetch(url, { method: "POST", headers, body });
    await answer.arrayBuffer();
    times.push(performance.now() - t0);
    if (answer.status !== 201) failed++;
  }
}));
const wall = (performance.now() - started) / 1000;
times.sort((a, b) => a - b);

// 3. Statistics at STATS_ROWS rows (when asked): fill up with synthetic rows of other subjects.
const query = [];
let cells = 0, total = 0, months = 0;
if (STATS_ROWS > 0) {
  const sql = [];
  for (let i = CERTS + 8; i < STATS_ROWS; i++) {
    // The twelve months of a year that has ended, so the query publishes them all.
    sql.push(`('p_bench${String(i % 20000).padStart(38, "0")}','x~${i}','2025-${String(1 + (i % 12)).padStart(2, "0")}','${["V", "XIII", "X", "XIX", "XII", "IX"][i % 6]}',${[25, 50, 75, 100][i % 4]},'${["1–14", "15–30", "31–90"][i % 3]}')`);
  }
  const file = join(process.env.SAMTYCKE_STATE, "..", "stats.sql");
  const chunks = [];
  for (let i = 0; i < sql.length; i += 500) chunks.push(`INSERT INTO certificate_statistics VALUES ${sql.slice(i, i + 500).join(",")};`);
  writeFileSync(file, chunks.join("\n"));
  execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", process.env.SAMTYCKE_STATE, "--file", file],
    { cwd: process.env.SAMTYCKE_EDGE, stdio: "ignore" });
  const admin = { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN}` };
  for (let i = 0; i < QUERIES; i++) {
    const t0 = performance.now();
    // A fresh connection each time: after the long seeding pause, fetch's pooled socket is one
    // local wrangler dev has already closed.
    const body = await new Promise((resolve, reject) => {
      get(`${BASE}/api/admin/statistics`, { headers: admin, agent: false }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk)).on("end", () => resolve(JSON.parse(text)));
      }).on("error", reject);
    });
    query.push(performance.now() - t0);
    cells = body.cells.length;
    total = body.cells.reduce((sum, c) => sum + c.patients, 0);
    months = new Set(body.cells.map((c) => c.month)).size;
  }
}
writeFileSync(process.env.OUT, JSON.stringify({ times, wall, failed, parallel: PARALLEL, rows: STATS_ROWS, query, cells, total, months }));
