// What a security review asked for (issue "Hardening"), tried the way an attacker would.
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect, test } from "@playwright/test";
import { burst, clientAddress, clientPrefix, visitorKey } from "./fixtures";

const ports = JSON.parse(readFileSync(process.env.SAMTYCKE_SAMPLE_PORTS ?? "", "utf8")) as Record<string, number>;

test("a foreign page cannot submit the no-JavaScript form for a visitor", async ({ page, context, baseURL }) => {
  // Any other site: here the sample clinic's origin under another host name.
  // (a page of its without a CSP, so nothing but our answer stops the form)
  await page.goto(`http://localhost:${ports.origin}/latin1`);
  const answer = page.waitForResponse((r) => r.url() === `${baseURL}/consent`);
  await page.evaluate((target) => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = target;
    for (const [name, value] of [["choice", "accept-all"], ["lang", "sv"], ["return", "/"]]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  }, `${baseURL}/consent`);
  const response = await answer;
  expect(response.status()).toBe(403);
  expect((await response.json()).error.code).toBe("cross_origin_request");
  expect((await context.cookies(baseURL)).map((c) => c.name)).not.toContain("samtycke");

  // The same form on the site's own page still works.
  await page.goto("/");
  await page.getByRole("region", { name: "Kakor på den här webbplatsen" }).getByRole("button", { name: "Endast nödvändiga" }).waitFor();
  const own = await page.request.post("/consent", {
    form: { choice: "reject-all", lang: "sv", return: "/" },
    headers: { Origin: baseURL ?? "", "Sec-Fetch-Site": "same-origin" },
    maxRedirects: 0,
  });
  expect(own.status()).toBe(303);
});

test("a login callback's error text cannot forge a line in the log", async ({ request }) => {
  const marker = `forged-${Date.now()}`;
  const response = await request.get(`/auth/callback?error=${encodeURIComponent(`x\n${marker} admin logged in`)}`, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  const log = `${dirname(process.env.SAMTYCKE_STATE ?? "")}/wrangler.log`;
  // wrangler writes the Worker's console as it comes: wait for the line, not for a time.
  await expect.poll(() => readFileSync(log, "utf8").includes(marker), { timeout: 15_000 }).toBe(true);
  const lines = readFileSync(log, "utf8").split("\n");
  expect(lines.filter((line) => line.includes(marker))).toEqual([
    expect.stringContaining(`"x\\n${marker} admin logged in"`),
  ]);
  expect(lines.some((line) => line.trimStart().startsWith(marker))).toBe(false);
});

test("without JavaScript, a privacy notice's footer leads to a settings form that withdraws consent", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("region", { name: "Kakor på den här webbplatsen" }).getByRole("button", { name: "Godkänn alla" }).click();
  await page.waitForURL(`${baseURL}/`);

  await page.goto("/integritet/intygstjansten");
  await page.getByRole("contentinfo").getByRole("link", { name: "Cookie-inställningar" }).click();
  await page.waitForURL(/\/installningar\?/);
  const statistics = page.getByRole("switch", { name: "Statistik" });
  await expect(statistics).toBeChecked();
  await page.getByRole("button", { name: "Endast nödvändiga" }).click();
  // Back where the visitor was, with the decision changed.
  await page.waitForURL(`${baseURL}/integritet/intygstjansten`);
  await page.getByRole("contentinfo").getByRole("link", { name: "Cookie-inställningar" }).click();
  await expect(page.getByRole("switch", { name: "Statistik" })).not.toBeChecked();

  // The English notice leads to the English form.
  await page.goto("/en/integritet/intygstjansten");
  await page.getByRole("contentinfo").getByRole("link", { name: "Cookie settings" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cookie settings");
  await context.close();
});

test("patient data is refused a home outside the EU: no jurisdiction on a public host answers 503", async ({ request, baseURL }) => {
  // The test Worker runs without a jurisdiction (local workerd has none), which only a
  // loopback host may do; the same Worker reached under a public name refuses patient routes.
  const local = await request.get("/auth/login", { maxRedirects: 0 });
  expect(local.status()).toBe(303);
  const host = new URL(baseURL ?? "").host;
  for (const path of ["/auth/login", "/api/patient/consent"]) {
    const response = await request.get(path, { headers: { Host: "intyg.region.example" }, maxRedirects: 0 });
    expect(response.status(), path).toBe(503);
    const body = await response.json();
    expect(body.error.code).toBe("misconfigured");
    expect(body.error.message).toContain("PATIENT_JURISDICTION");
  }
  // Everything else still answers under that name.
  expect((await request.get("/api/health", { headers: { Host: host } })).status()).toBe(200);
});

test("visitors' receipts are refused a home outside the EU: an unplaced shard generation on a public host answers 503", async ({ request, baseURL }) => {
  // The test Worker's receipt shards are unplaced (local workerd has no jurisdictions), which
  // only a loopback host may use; under a public name every receipt route refuses, and
  // nothing is written.
  const choice = (key: string) => ({
    visitor_key: key, choices: { necessary: true, analytics: false }, method: "reject-all", language: "sv", revision: 1,
  });
  const local = await request.post("/api/receipts", { data: choice(visitorKey()) });
  expect(local.status()).toBe(201);
  const stored = (await local.json()).receipt_id as string;
  const publicName = { Host: "samtycke.region.example" };
  const key = visitorKey();
  const writes = await request.post("/api/receipts", { data: choice(key), headers: { ...publicName, "CF-Connecting-IP": clientAddress() } });
  expect(writes.status()).toBe(503);
  const body = await writes.json();
  expect(body.error.code).toBe("misconfigured");
  expect(body.error.message).toContain("RECEIPT_SHARDS generation 0 is not placed in the EU");
  for (const read of [`/api/receipts/${stored}`, "/api/receipts"]) {
    const response = await request.get(read, { headers: { ...publicName, Authorization: `Bearer ${key}` } });
    expect(response.status(), read).toBe(503);
  }
  // The refused choice was not stored under the loopback name either: the key has no receipts.
  const mine = await request.get("/api/receipts", { headers: { Authorization: `Bearer ${key}` } });
  expect(mine.status()).toBe(200);
  expect((await mine.json()).receipts).toEqual([]);
  expect((await request.get(`/api/receipts/${stored}`)).status()).toBe(200);
  expect(new URL(baseURL ?? "").hostname).toBe("127.0.0.1");
});

test("logins are rate-limited per client, every address of one IPv6 /64 counting as one client", async ({ request }) => {
  // 150 logins, 10 at a time, fall into at most two of the limiter's one-minute windows
  // unless each took over half a second, so one window holds more than the limit of 60 if
  // they count as one client.
  const logins = (address: (i: number) => string) =>
    burst(150, 10, (i) => request.get("/auth/login", { headers: { "CF-Connecting-IP": address(i) }, maxRedirects: 0 }));
  const locations = (responses: Awaited<ReturnType<typeof logins>>) =>
    responses.map((r) => (r.headers()["location"] ?? "").includes("inloggning=for-manga"));

  // Each from its own /64: nobody is over the limit.
  const spreadOver = clientPrefix();
  const spread = await logins((i) => `${spreadOver}:${i.toString(16)}::1`);
  expect(spread.every((r) => r.status() === 303)).toBe(true);
  expect(locations(spread).filter(Boolean)).toEqual([]);

  // Each from another address of the same /64: one client, refused past the limit, and told why.
  const oneNetwork = clientPrefix();
  const same = await logins((i) => `${oneNetwork}:1::${(i + 1).toString(16)}`);
  expect(same.every((r) => r.status() === 303)).toBe(true);
  expect(locations(same).filter(Boolean).length).toBeGreaterThan(0);
});

test("refused calls to the admin routes are rate-limited per client; authorized ones are not", async ({ request }) => {
  // 300 refusals, 10 at a time: more than the budget of 120 in one window.
  const client = clientAddress();
  const answers = await burst(300, 10, () =>
    request.get("/api/admin/report?from=0&to=1", { headers: { "CF-Connecting-IP": client, Authorization: "Bearer wrong" } }),
  );
  const statuses = new Set(answers.map((r) => r.status()));
  expect([...statuses].sort()).toEqual([401, 429]);
  // Refusals spend the budget; a maintainer's own calls do not, so a long export (one call a
  // page) from the same address is never cut off: more calls than the budget, one after
  // another as an export makes them, all answered.
  const admin = { "CF-Connecting-IP": client, Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN}` };
  for (let page = 0; page < 130; page++) {
    expect((await request.get("/api/admin/receipts?from=0&to=1&limit=1", { headers: admin })).status()).toBe(200);
  }
});

test("the no-JavaScript form speaks English when asked, never redirects off the site, and is rate-limited", async ({ request, baseURL }) => {
  const own = clientAddress();
  const post = (form: Record<string, string>, client = own) =>
    request.post("/consent", {
      form,
      headers: { Origin: baseURL ?? "", "Sec-Fetch-Site": "same-origin", "CF-Connecting-IP": client },
      maxRedirects: 0,
    });
  const english = await post({ choice: "accept-all", lang: "en", return: "/en/integritet" });
  expect(english.status()).toBe(303);
  expect(english.headers()["location"]).toBe("/en/integritet");
  expect(english.headers()["set-cookie"]).toMatch(/^samtycke=s2\.1\.1\.\d+\.no-js\.en\.analytics\+necessary;/);
  const receipt = await (await request.get(`/api/receipts/${english.headers()["samtycke-receipt"]}`)).json();
  expect(receipt).toMatchObject({ method: "no-js", language: "en" });

  for (const target of ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
    const answer = await post({ choice: "reject-all", lang: "sv", return: target });
    expect(answer.headers()["location"], target).toBe("/");
  }

  // The form writes receipts, so it spends the same budget as the API: 130 from one client,
  // 10 at a time, fall into at most two 10 s windows, one of them over the limit of 60.
  const flooder = clientAddress();
  const flood = await burst(130, 10, () => post({ choice: "reject-all", lang: "sv", return: "/" }, flooder));
  const statuses = flood.map((r) => r.status());
  expect(statuses.filter((s) => s !== 303 && s !== 429)).toEqual([]);
  expect(statuses).toContain(429);
});
