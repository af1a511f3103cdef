// A chunked body that passes the cap is refused while it is still being sent. Run on a Worker
// of its own: once, on a busy machine, the local wrangler's proxy crashed right after this test
// had passed (a response sent before the request body ended) and refused every later
// connection. The product answered correctly; the crash is the dev server's, and now it can
// reach no other test.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { TestWorker } from "./fixtures";

const worker = new TestWorker("streaming-body");

test.beforeAll(async () => {
  test.setTimeout(240_000);
  worker.migrate();
  await worker.start();
});

test.afterAll(async () => {
  await worker.stop();
});

test("a chunked body is refused once it passes the cap, while it is still being sent", async () => {
  // 20 KiB sent in chunks with no Content-Length, and the body not ended: only a server that
  // counts while reading can answer. (Ended afterwards, so the local proxy's connection to the
  // runtime is left clean for the next test.)
  const url = new URL("/api/receipts", worker.base);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "Content-Type": "application/json" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.end("]");
      },
    );
    req.on("error", reject);
    req.write("[" + '"x",'.repeat(5 * 1024));
  });
  expect(status).toBe(413);
});
