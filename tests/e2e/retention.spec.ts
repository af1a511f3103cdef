// The scheduled retention job deletes exactly the receipts older than the retention period.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { subjectOf, visitorKey } from "./fixtures";

const auth = { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN ?? ""}` };
const DAY = 86_400_000;

test("the retention job deletes receipts older than three years and keeps the rest", async ({ request }) => {
  const now = Date.now();
  const key = visitorKey();
  const subject = subjectOf(key);
  // Rows as the edge stores them, but issued long ago: seeded straight into local D1.
  const rows = [
    [randomUUID(), now - 1200 * DAY],
    [randomUUID(), now - 1100 * DAY],
    [randomUUID(), now - 1090 * DAY],
  ];
  const values = rows.map(([id, at]) => `('${id}', '${subject}', ${at}, NULL, '{"receipt_id":"${id}"}')`).join(", ");
  execFileSync(
    "npx",
    ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", process.env.SAMTYCKE_STATE!,
      "--command", `INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES ${values}`],
    { cwd: process.env.SAMTYCKE_EDGE, stdio: "pipe" },
  );
  const fresh = await (await request.post("/api/receipts", {
    data: { visitor_key: key, choices: { necessary: true, analytics: false }, method: "reject-all", language: "sv", revision: 1 },
  })).json();

  const ids = async () => {
    const text = await (await request.get(`/api/admin/receipts?from=0&to=${now + DAY}`, { headers: auth })).text();
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line).receipt_id as string);
  };
  const before = await ids();
  for (const [id] of rows) expect(before).toContain(id);

  // wrangler dev --test-scheduled runs the cron handler on this path. Plain fetch: a browser-like
  // navigation request would be answered by the assets' single-page fallback instead.
  const run = await fetch(`${process.env.SAMTYCKE_URL}/__scheduled?cron=17+3+*+*+*`);
  expect(run.status).toBe(200);

  const after = await ids();
  expect(after).not.toContain(rows[0][0]);
  expect(after).not.toContain(rows[1][0]);
  expect(after).toContain(rows[2][0]); // 1090 days: inside the 1095-day retention
  expect(after).toContain(fresh.receipt_id);
});
