// The sharded receipt store, run for real on its own `wrangler dev`: receipts land in the
// shard their subject maps to (computed here independently of the product), a retried write
// is idempotent across a restart of the Worker, a second generation of shards added by
// configuration keeps returning visitors where their chain began, and the export walks every
// shard of both generations in time order, each receipt exactly once.
import { createHash, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { TestWorker, subjectOf, visitorKey } from "./fixtures";

const auth = { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN}` };
// On a port of its own, found when it first starts.
const worker = new TestWorker("shard-store");

/** Start this spec's Worker with `layout` as `RECEIPT_SHARDS`, and wait until it answers. */
const start = (layout: string) => worker.start(undefined, [`RECEIPT_SHARDS:${layout}`]);
const stop = () => worker.stop();

/** The shard number of `subject` among `shards`, as docs/capacity.md defines it: the first
 * 8 bytes of SHA-256("samtycke/shard/1\0" + subject), big-endian, modulo the count. */
const shardOf = (subject: string, shards: number) =>
  Number(BigInt(`0x${createHash("sha256").update("samtycke/shard/1\0").update(subject).digest("hex").slice(0, 16)}`) % BigInt(shards));

/** The generation and shard a version-8 receipt id names (its first three bytes). */
const placeOf = (id: string) => {
  const hex = id.replaceAll("-", "");
  expect(hex[12], `receipt id ${id} is a version-8 UUID`).toBe("8");
  return { generation: parseInt(hex.slice(0, 2), 16), shard: parseInt(hex.slice(2, 6), 16) };
};

/** Visitors whose subjects cover every one of `shards` shards, at least `min` of them. */
function visitorsCovering(shards: number, min: number) {
  const keys: string[] = [];
  const seen = new Set<number>();
  while (seen.size < shards || keys.length < min) {
    const key = visitorKey();
    keys.push(key);
    seen.add(shardOf(subjectOf(key), shards));
  }
  return keys;
}

const decision = (visitor_key: string, extra: Record<string, unknown> = {}) => ({
  visitor_key,
  choices: { necessary: true, analytics: true },
  method: "accept-all",
  language: "sv",
  revision: 1,
  ...extra,
});

async function post(request: APIRequestContext, data: object, headers: Record<string, string> = {}) {
  const response = await request.post(`${worker.base}/api/receipts`, { data, headers });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  worker.migrate();
});

test.afterAll(async () => {
  await stop();
});

test("receipts go to their subject's shard, survive a restart and a new generation, and export in time order", async ({
  request,
}) => {
  // Two cold starts of a Worker on a busy 2-core machine, waited for with room to spare.
  test.setTimeout(600_000);
  await start("0:3");
  const posted: { receipt_id: string; issued_at: string }[] = [];

  // Generation 0: three shards, every one of them written.
  for (const key of visitorsCovering(3, 12)) {
    const receipt = await post(request, decision(key));
    expect(placeOf(receipt.receipt_id)).toEqual({ generation: 0, shard: shardOf(subjectOf(key), 3) });
    posted.push(receipt);
  }
  const returning = visitorKey();
  const retry = { "Idempotency-Key": randomUUID() };
  const first = await post(request, decision(returning), retry);
  posted.push(first);

  // A restart, and a second generation of four shards from now on, by configuration only.
  await stop();
  await start(`0:3,${Date.now()}:4`);

  // The retried write after the restart: the same receipt, not a second one.
  const replay = await request.post(`${worker.base}/api/receipts`, { data: decision(returning), headers: retry });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toEqual(first);
  // The returning visitor's chain stays in generation 0, where it began.
  const next = await post(request, decision(returning, { method: "reject-all", choices: { necessary: true, analytics: false }, previous_receipt_id: first.receipt_id }));
  expect(placeOf(next.receipt_id)).toEqual(placeOf(first.receipt_id));
  posted.push(next);
  // New visitors start in generation 1, all four of its shards.
  for (const key of visitorsCovering(4, 12)) {
    const receipt = await post(request, decision(key));
    expect(placeOf(receipt.receipt_id)).toEqual({ generation: 1, shard: shardOf(subjectOf(key), 4) });
    posted.push(receipt);
  }

  // Each receipt is readable by its id alone.
  for (const receipt of [first, next, posted[0], posted[posted.length - 1]]) {
    const read = await request.get(`${worker.base}/api/receipts/${receipt.receipt_id}`);
    expect(read.status()).toBe(200);
    expect(await read.json()).toEqual(receipt);
  }

  // The export, five a page: every receipt once, in (issued_at, receipt_id) order, over all
  // seven shards of both generations.
  const exported: { receipt_id: string; issued_at: string }[] = [];
  let cursor = "";
  let pages = 0;
  do {
    const response = await request.get(`${worker.base}/api/admin/receipts?limit=5&cursor=${encodeURIComponent(cursor)}`, { headers: auth });
    expect(response.status()).toBe(200);
    const text = await response.text();
    exported.push(...text.split("\n").filter(Boolean).map((line) => JSON.parse(line)));
    cursor = response.headers()["x-next-cursor"] ?? "";
    pages++;
  } while (cursor && pages < 100);
  expect(exported.map((r) => r.receipt_id).sort()).toEqual(posted.map((r) => r.receipt_id).sort());
  const order = (r: { receipt_id: string; issued_at: string }) => [Date.parse(r.issued_at), r.receipt_id] as const;
  const sorted = [...exported].sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
  });
  expect(exported.map((r) => r.receipt_id)).toEqual(sorted.map((r) => r.receipt_id));
  expect(new Set(exported.map((r) => JSON.stringify(placeOf(r.receipt_id)))).size).toBe(7);

  // Counted: the report's total over every shard, and the counters the dashboard reads.
  const report = await (await request.get(`${worker.base}/api/admin/report`, { headers: auth })).json();
  expect(report.receipts_in_period).toBe(posted.length);
  expect(report.chain_gaps_in_period).toBe(0);
  const dashboard = await (await request.get(`${worker.base}/admin`, { headers: auth })).text();
  const methods = Object.fromEntries(
    [...dashboard.matchAll(/<td>(accept-all|reject-all)<\/td><td>(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]),
  );
  expect(methods).toEqual({ "accept-all": posted.length - 1, "reject-all": 1 });
});
