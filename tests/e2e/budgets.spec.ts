// The bytes edge mode adds to a site's page, held to their budgets (issue #26): at most 10 KB
// of brotli for a first-time visitor (the banner's markup, styles and pre-paint check; the app
// follows later), at most 1 KB for a returning one (the way back to the settings). Measured as
// `make bench-edge` measures them: the page through the Worker against the origin's own.
import { readFileSync } from "node:fs";
import { brotliCompressSync } from "node:zlib";
import { expect, test } from "@playwright/test";

const siteUrl = process.env.SAMTYCKE_SITE_URL ?? "";
const ports = JSON.parse(readFileSync(process.env.SAMTYCKE_SAMPLE_PORTS ?? "", "utf8")) as Record<string, number>;
const originUrl = `http://127.0.0.1:${ports.origin}`;

const brotli = (text: string) => brotliCompressSync(Buffer.from(text)).length;

test("edge mode adds at most 10 KB brotli to a first visit and 1 KB to a returning visitor's page", async ({ request }) => {
  const origin = brotli(await (await request.get(`${originUrl}/`)).text());
  const firstVisit = brotli(await (await request.get(`${siteUrl}/`)).text());
  const answer = await request.post(`${siteUrl}/_samtycke/consent`, {
    form: { choice: "accept-all", lang: "sv", return: "/" },
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(303);
  const cookie = answer
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value.split(";")[0])
    .find((c) => c.startsWith("samtycke="));
  expect(cookie, "the form sets the consent cookie").toBeTruthy();
  const returning = brotli(await (await request.get(`${siteUrl}/`, { headers: { Cookie: `${cookie}` } })).text());
  expect(firstVisit - origin, "bytes added to a first visit").toBeGreaterThan(0);
  expect(firstVisit - origin, "bytes added to a first visit").toBeLessThanOrEqual(10_000);
  expect(returning - origin, "bytes added for a returning visitor").toBeLessThanOrEqual(1_000);
});
