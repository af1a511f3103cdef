// Retention deletes exactly the receipts older than the retention period: the scheduled job in
// today's D1 table, and each shard of the receipt store on its own alarm. Each test runs on a
// Worker of its own whose database is written and read, as a maintainer's `wrangler d1
// execute` would, only while that Worker is stopped: a running local Worker holds the
// database (an outside write may find it locked, or not be seen at once).
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { TestWorker, d1, subjectOf, visitorKey } from "./fixtures";

const DAY = 86_400_000;
const RETENTION = 1095 * DAY;
/** The longest a test here may take. */
const LIFE_MS = 300_000;
const auth = { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN}` };

/** A Worker of this test's own, its database first given `seed`; started (its cold start on a
 * busy machine is waited for). */
async function seededWorker(name: string, seed: string[]) {
  const worker = new TestWorker(name);
  worker.migrate();
  for (const sql of seed) d1(sql, worker.state);
  await worker.start();
  return worker;
}

test("the retention job deletes D1 receipts older than three years, to the millisecond, and keeps the rest", async ({
  request,
}) => {
  test.setTimeout(LIFE_MS);
  const now = Date.now();
  const key = visitorKey();
  const subject = subjectOf(key);
  const rows = [
    [randomUUID(), now - 1200 * DAY],
    [randomUUID(), now - 1100 * DAY],
    [randomUUID(), now - 1090 * DAY],
  ] as const;
  const values = rows.map(([id, at]) => `('${id}', '${subject}', ${at}, NULL, '{"receipt_id":"${id}"}')`).join(", ");
  // The run's cutoff falls somewhere after `now - 1095 days`, as the run starts after this
  // line: one receipt for every millisecond of the test's whole life from there (however long
  // the Worker takes to start), under a subject of their own, so the exact millisecond the
  // job cuts at can be seen.
  const window = subjectOf(visitorKey());
  const WINDOW_MS = LIFE_MS;
  const worker = await seededWorker("retention-d1", [
    `INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ${values}`,
    `WITH RECURSIVE ms(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM ms WHERE i < ${WINDOW_MS - 1}) ` +
      `INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) ` +
      `SELECT 'w-' || i, '${window}', ${now - RETENTION} + i, NULL, '{}' FROM ms`,
  ]);
  const fresh = await (await request.post(`${worker.base}/api/receipts`, {
    data: { visitor_key: key, choices: { necessary: true, analytics: false }, method: "reject-all", language: "sv", revision: 1 },
  })).json();

  // wrangler dev --test-scheduled runs the cron handler on this path (asked for without a
  // browser's navigation headers, which the assets' single-page fallback would answer).
  const run = await request.get(`${worker.base}/__scheduled?cron=17+3+*+*+*`);
  expect(run.status()).toBe(200);
  expect((await request.get(`${worker.base}/api/receipts/${fresh.receipt_id}`)).status()).toBe(200);
  // The job says where it cut.
  const log = join(worker.state, "wrangler.log");
  let cutoff = 0;
  await expect
    .poll(() => {
      const match = [...readFileSync(log, "utf8").matchAll(/receipts issued before [^(]+\(unix ms (\d+)\)/g)].at(-1);
      cutoff = Number(match?.[1] ?? 0);
      return cutoff;
    })
    .toBeGreaterThan(now - RETENTION);
  expect(cutoff).toBeLessThan(now - RETENTION + WINDOW_MS);
  await worker.stop();

  const after = d1(`SELECT receipt_id FROM receipts WHERE subject = '${subject}'`, worker.state).map((r) => r.receipt_id);
  expect(after).not.toContain(rows[0][0]);
  expect(after).not.toContain(rows[1][0]);
  expect(after).toContain(rows[2][0]); // 1090 days: inside the 1095-day retention
  // Everything before that millisecond is gone, the receipt issued exactly at it and every
  // later one stays.
  const [kept] = d1(`SELECT min(issued_at) AS first, count(*) AS n FROM receipts WHERE subject = '${window}'`, worker.state);
  expect(kept.first).toBe(cutoff);
  expect(kept.n).toBe(now - RETENTION + WINDOW_MS - cutoff);
});

test("each shard of the receipt store deletes its receipts older than three years on its own, and keeps the rest", async ({
  request,
}) => {
  test.setTimeout(300_000);
  const now = Date.now();
  const subject = subjectOf(visitorKey());
  const old = randomUUID();
  const kept = randomUUID();
  // Receipts issued long ago reach a shard the way a maintainer brings them: moved from D1.
  const worker = await seededWorker("retention-shards", [
    `INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ` +
      `('${old}', '${subject}', ${now - 1200 * DAY}, NULL, '{"receipt_id":"${old}"}'), ` +
      `('${kept}', '${subject}', ${now - 1090 * DAY}, NULL, '{"receipt_id":"${kept}"}')`,
  ]);
  const moved = execFileSync("scripts/move-receipts.sh", [worker.base], {
    cwd: join(process.env.SAMTYCKE_EDGE!, ".."),
    env: { ...process.env, ADMIN_TOKEN: process.env.SAMTYCKE_ADMIN_TOKEN },
    encoding: "utf8",
  });
  // Both reached a shard (so the old one's absence below is the shard's own deletion).
  expect(moved).toContain("read 2 receipts from D1; 2 were new in the shard store");
  const inShards = async () => {
    const response = await request.get(`${worker.base}/api/admin/receipts?from=${now - 1300 * DAY}&to=${now - 1000 * DAY}`, { headers: auth });
    expect(response.status()).toBe(200);
    return (await response.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l).receipt_id as string);
  };
  // The shard's alarm falls due at once for the 1200-day-old receipt: waited for, not timed.
  await expect.poll(inShards, { timeout: 60_000 }).toEqual([kept]);
  await worker.stop();
});

test("the retention job forgets drift counts of the consent policy after 90 days and keeps newer ones", async ({ request }) => {
  test.setTimeout(300_000);
  const site = `retention-${randomUUID()}`;
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
  const rows = [
    [day(120), "https://old.example"],
    [day(91), "https://gone.example"],
    [day(80), "https://kept.example"],
    [day(0), "https://today.example"],
  ];
  const worker = await seededWorker("retention-drift", [
    `INSERT INTO csp_drift (site_id, day, origin, directive, reports) VALUES ` +
      rows.map(([d, origin]) => `('${site}', '${d}', '${origin}', 'script-src-elem', 3)`).join(", "),
  ]);
  const run = await request.get(`${worker.base}/__scheduled?cron=17+3+*+*+*`);
  expect(run.status()).toBe(200);
  await worker.stop();
  const left = d1(`SELECT origin FROM csp_drift WHERE site_id = '${site}' ORDER BY day`, worker.state).map((r) => r.origin);
  expect(left).toEqual(["https://kept.example", "https://today.example"]);
});
