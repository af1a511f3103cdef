// Retention deletes exactly the receipts older than the retention period: the scheduled job in
// today's D1 table, and each shard of the receipt store on its own alarm.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, test } from "@playwright/test";
import { d1, subjectOf, visitorKey } from "./fixtures";

const DAY = 86_400_000;
const RETENTION = 1095 * DAY;

test("the retention job deletes D1 receipts older than three years, to the millisecond, and keeps the rest", async ({
  request,
}) => {
  test.setTimeout(180_000);
  const now = Date.now();
  const key = visitorKey();
  const subject = subjectOf(key);
  const rows = [
    [randomUUID(), now - 1200 * DAY],
    [randomUUID(), now - 1100 * DAY],
    [randomUUID(), now - 1090 * DAY],
  ] as const;
  const values = rows.map(([id, at]) => `('${id}', '${subject}', ${at}, NULL, '{"receipt_id":"${id}"}')`).join(", ");
  d1(`INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ${values}`);
  // The run's cutoff falls somewhere after `now - 1095 days`, as the run starts after this
  // line: one receipt for every millisecond of the next two minutes from there, under a
  // subject of their own, so the exact millisecond the job cuts at can be seen.
  const window = subjectOf(visitorKey());
  const WINDOW_MS = 120_000;
  d1(
    `WITH RECURSIVE ms(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM ms WHERE i < ${WINDOW_MS - 1}) ` +
      `INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) ` +
      `SELECT 'w-' || i, '${window}', ${now - RETENTION} + i, NULL, '{}' FROM ms`,
  );
  const fresh = await (await request.post("/api/receipts", {
    data: { visitor_key: key, choices: { necessary: true, analytics: false }, method: "reject-all", language: "sv", revision: 1 },
  })).json();

  const ids = (): string[] =>
    d1(`SELECT receipt_id FROM receipts WHERE subject = '${subject}'`).map((r) => r.receipt_id as string);
  const before = ids();
  for (const [id] of rows) expect(before).toContain(id);

  // wrangler dev --test-scheduled runs the cron handler on this path (asked for without a
  // browser's navigation headers, which the assets' single-page fallback would answer).
  const run = await request.get("/__scheduled?cron=17+3+*+*+*");
  expect(run.status()).toBe(200);

  const after = ids();
  expect(after).not.toContain(rows[0][0]);
  expect(after).not.toContain(rows[1][0]);
  expect(after).toContain(rows[2][0]); // 1090 days: inside the 1095-day retention
  expect((await request.get(`/api/receipts/${fresh.receipt_id}`)).status()).toBe(200);

  // The job says where it cut; everything before that millisecond is gone, the receipt
  // issued exactly at it and every later one stays.
  const log = `${dirname(process.env.SAMTYCKE_STATE!)}/wrangler.log`;
  let cutoff = 0;
  await expect
    .poll(() => {
      const match = [...readFileSync(log, "utf8").matchAll(/receipts issued before [^(]+\(unix ms (\d+)\)/g)].at(-1);
      cutoff = Number(match?.[1] ?? 0);
      return cutoff;
    })
    .toBeGreaterThan(now - RETENTION);
  expect(cutoff).toBeLessThan(now - RETENTION + WINDOW_MS);
  const [kept] = d1(`SELECT min(issued_at) AS first, count(*) AS n FROM receipts WHERE subject = '${window}'`);
  expect(kept.first).toBe(cutoff);
  expect(kept.n).toBe(now - RETENTION + WINDOW_MS - cutoff);
  d1(`DELETE FROM receipts WHERE subject = '${window}'`);
});

test("each shard of the receipt store deletes its receipts older than three years on its own, and keeps the rest", async ({
  request,
}) => {
  const now = Date.now();
  const subject = subjectOf(visitorKey());
  const old = randomUUID();
  const kept = randomUUID();
  // Receipts issued long ago reach a shard the way a maintainer brings them: moved from D1.
  d1(
    `INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ` +
      `('${old}', '${subject}', ${now - 1200 * DAY}, NULL, '{"receipt_id":"${old}"}'), ` +
      `('${kept}', '${subject}', ${now - 1090 * DAY}, NULL, '{"receipt_id":"${kept}"}')`,
  );
  execFileSync("scripts/move-receipts.sh", [process.env.SAMTYCKE_URL!], {
    cwd: join(process.env.SAMTYCKE_EDGE!, ".."),
    env: { ...process.env, ADMIN_TOKEN: process.env.SAMTYCKE_ADMIN_TOKEN },
    stdio: "pipe",
  });
  d1(`DELETE FROM receipts WHERE subject = '${subject}'`); // only the shard holds them now
  const inShards = async () => {
    const response = await request.get(`/api/admin/receipts?from=${now - 1300 * DAY}&to=${now - 1000 * DAY}`, {
      headers: { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN}` },
    });
    return (await response.text()).split("\n").filter(Boolean).map((l) => JSON.parse(l).receipt_id as string);
  };
  // The shard's alarm falls due at once for the 1200-day-old receipt: waited for, not timed.
  await expect.poll(inShards, { timeout: 60_000 }).not.toContain(old);
  expect(await inShards()).toContain(kept);
});

test("the retention job forgets drift counts of the consent policy after 90 days and keeps newer ones", async ({ request }) => {
  const site = `retention-${randomUUID()}`;
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);
  const rows = [
    [day(120), "https://old.example"],
    [day(91), "https://gone.example"],
    [day(80), "https://kept.example"],
    [day(0), "https://today.example"],
  ];
  d1(
    `INSERT INTO csp_drift (site_id, day, origin, directive, reports) VALUES ` +
      rows.map(([d, origin]) => `('${site}', '${d}', '${origin}', 'script-src-elem', 3)`).join(", "),
  );
  const run = await request.get("/__scheduled?cron=17+3+*+*+*");
  expect(run.status()).toBe(200);
  const left = d1(`SELECT origin FROM csp_drift WHERE site_id = '${site}' ORDER BY day`).map((r) => r.origin);
  expect(left).toEqual(["https://kept.example", "https://today.example"]);
});
