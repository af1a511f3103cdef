// Shared fixtures: a page object for the banner and dialog, and an axe-core check.
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** JSON with members sorted, no whitespace: RFC 8785 for the ASCII-only receipts used here. */
export const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(",")}]`
    : v !== null && typeof v === "object"
      ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`
      : JSON.stringify(v);

/** Run SQL on a test Worker's local D1 (by default the one `make test` serves), as a
 * maintainer with `wrangler d1 execute` would: the rows of its one statement's result. */
export function d1(sql: string, state = process.env.SAMTYCKE_STATE!): Record<string, unknown>[] {
  // A running Worker holds the database, and a write of its own may hold the lock at that
  // moment: the statement is tried again (it ran not at all when SQLite says it is busy).
  for (let attempt = 1; ; attempt++) {
    try {
      const out = execFileSync(
        "npx",
        ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", state, "--json", "--command", sql],
        { cwd: process.env.SAMTYCKE_EDGE, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
      );
      return JSON.parse(out)[0].results;
    } catch (e) {
      const said = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}`;
      if (attempt >= 10 || !/SQLITE_BUSY|database is locked/.test(said)) throw e;
    }
  }
}

/** A /48 of the IPv6 documentation prefix of the caller's own (`2001:db8:xxxx`): the clients
 * under it spend no rate-limit budget another test (or another run of this one) spends. */
export const clientPrefix = () => `2001:db8:${randomBytes(2).toString("hex")}`;

/** A client address of the caller's own (in a /64 of its own, as the limiter counts). */
export const clientAddress = () => `${clientPrefix()}:1::1`;

/** A fresh visitor key, as the app makes one (`vk_` and a random UUID's hex). */
export const visitorKey = () => `vk_${randomUUID().replaceAll("-", "")}`;

/** The subject receipts of `key`'s holder carry, computed here independently of the product:
 * `v_` and the first 32 hex digits of SHA-256("samtycke/visitor-subject/1\0" + key). */
export const subjectOf = (key: string) =>
  `v_${createHash("sha256").update("samtycke/visitor-subject/1\0").update(key).digest("hex").slice(0, 32)}`;

/** `count` calls of `call`, at most `parallel` in flight: a burst fast enough to fill a rate
 * limiter's window, which the local runtime keeps up with on a busy machine (hundreds of
 * requests at once did not finish in 90 s there). Results in call order. */
export async function burst<T>(count: number, parallel: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await call(i);
      }
    }),
  );
  return results;
}

/** What the banner and dialog say, per language (written out here, not read from the
 * product's catalogue, so a wrong or missing text fails). */
const WORDS = {
  sv: { title: "Kakor på den här webbplatsen", dialog: "Inställningar för kakor", accept: "Godkänn alla", reject: "Endast nödvändiga", settings: "Inställningar", reopen: "Cookie-inställningar", analytics: "Statistik" },
  en: { title: "Cookies on this website", dialog: "Cookie settings", accept: "Accept all", reject: "Only necessary", settings: "Settings", reopen: "Cookie settings", analytics: "Analytics" },
  fi: { title: "Evästeet tällä verkkosivustolla", dialog: "Evästeasetukset", accept: "Hyväksy kaikki", reject: "Vain välttämättömät", settings: "Asetukset", reopen: "Evästeasetukset", analytics: "Tilastot" },
  ar: { title: "ملفات تعريف الارتباط على هذا الموقع", dialog: "إعدادات ملفات تعريف الارتباط", accept: "قبول الكل", reject: "الضرورية فقط", settings: "الإعدادات", reopen: "إعدادات ملفات تعريف الارتباط", analytics: "الإحصاءات" },
} as const;

/** The cookie banner and settings dialog as a visitor meets them. */
export class ConsentUi {
  readonly banner: Locator;
  readonly dialog: Locator;
  readonly words: (typeof WORDS)[keyof typeof WORDS];

  constructor(readonly page: Page, readonly lang: keyof typeof WORDS = "sv") {
    this.words = WORDS[lang];
    this.banner = page.getByRole("region", { name: this.words.title });
    this.dialog = page.getByRole("dialog", { name: this.words.dialog });
  }

  /** Open the demo page and wait until the wasm app has taken over from the static banner. */
  async open(path = "/") {
    await this.page.goto(path);
    await this.page.locator("#samtycke[data-ready]").waitFor({ state: "attached" });
  }

  button(name: string, within: Locator = this.page.locator("body")) {
    return within.getByRole("button", { name, exact: true });
  }

  acceptAll(within: Locator = this.banner) {
    return this.button(this.words.accept, within);
  }

  rejectAll(within: Locator = this.banner) {
    return this.button(this.words.reject, within);
  }

  settings() {
    return this.button(this.words.settings, this.banner);
  }

  reopen() {
    return this.button(this.words.reopen);
  }

  analyticsSwitch() {
    return this.dialog.getByRole("switch", { name: this.words.analytics });
  }

  /** The banner's switch to another language, by that language's own name. */
  language(name: string) {
    return this.banner.getByRole("link", { name, exact: true });
  }

  /** How often the demo analytics script has run on this page. */
  analyticsRuns() {
    return this.page.evaluate(() => (window as unknown as { __analytics?: { runs: number } }).__analytics?.runs ?? 0);
  }

  storedKeys() {
    return this.page.evaluate(() => Object.keys(localStorage).sort());
  }

  receiptIds() {
    return this.page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.receipts") ?? "[]") as string[]);
  }

  outbox() {
    return this.page.evaluate(() => JSON.parse(localStorage.getItem("samtycke.outbox") ?? "[]") as unknown[]);
  }

  async cookieNames() {
    return (await this.page.context().cookies()).map((c) => c.name).sort();
  }
}

/** Zero axe-core violations (WCAG 2.1 A and AA) on the page as it is now. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary).toEqual([]);
}

/** The patient session cookie. */
export const SESSION = "__Host-samtycke-session";

/** Log in as a test patient through the e-ID provider; leaves the page on /intyg. */
export async function login(page: Page, who: { name: string }) {
  const ui = new ConsentUi(page);
  await ui.open("/intyg");
  if (await ui.banner.isVisible()) await ui.rejectAll().click();
  await page.getByRole("link", { name: "Logga in med e-legitimation" }).click();
  await expect(page.getByRole("heading", { name: "Test-e-legitimation" })).toBeVisible();
  await page.getByRole("button", { name: new RegExp(who.name) }).click();
  await page.waitForURL(/\/intyg$/);
  await expect(page.getByText(`Inloggad som ${who.name}`)).toBeVisible();
}

/** The patient session cookie of `context`. */
export async function sessionCookie(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === SESSION);
  expect(cookie, "session cookie").toBeTruthy();
  return cookie!;
}

/** Call the patient API with exactly the given session cookie value. */
export async function patientApi(page: Page, path: string, cookie: string, method = "GET", data = "{}") {
  const headers = { Cookie: `${SESSION}=${cookie}`, Origin: process.env.SAMTYCKE_URL!, "Content-Type": "application/json" };
  const response = await page.request.fetch(path, { method, headers, data: method === "POST" ? data : undefined });
  return { status: response.status(), body: await response.json() };
}

/** The sample site's third parties `names` (scripts/sample-site.mjs: each logs every request
 * it receives at /__requests): how many requests each has received, and which of them were
 * reached since such a count. */
export function thirdParties<P extends string>(ports: Record<string, number>, names: readonly P[]) {
  const counts = async (): Promise<Record<P, number>> => {
    const entries = await Promise.all(
      names.map(async (name) => {
        const log = (await (await fetch(`http://127.0.0.1:${ports[name]}/__requests`)).json()) as unknown[];
        return [name, log.length] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<P, number>;
  };
  const reachedSince = async (before: Record<P, number>): Promise<P[]> => {
    const now = await counts();
    return names.filter((name) => now[name] > before[name]);
  };
  return { counts, reachedSince };
}

/** The no-JavaScript receipts of the sample clinic recorded since `from` (Unix ms), oldest first. */
export async function noJsReceiptsSince(from: number) {
  const response = await fetch(`${process.env.SAMTYCKE_URL}/api/admin/receipts?from=${from}&to=${Date.now() + 60_000}`, {
    headers: { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN ?? ""}` },
  });
  expect(response.status).toBe(200);
  return (await response.text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((r) => r.method === "no-js" && r.controller.name === "Hälsokliniken Exempel AB");
}

/** A TCP port free on loopback right now. */
async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A `wrangler dev` of the Worker started by a test beside the suite's own, on a port found
 * free moments before it binds it, with state of its own (a new directory each `migrate()`)
 * and extra `--var NAME:value`s; `config` names another wrangler file in edge/ (another
 * build). `stop()` ends it and waits until the port is free; `start()` again resumes the
 * same state. */
export class TestWorker {
  private process: ReturnType<typeof spawn> | undefined;
  private chosen: string | undefined;
  private dir: string | undefined;

  /** `name` tells its state directory apart (under the suite's run directory). */
  constructor(readonly name: string, readonly vars: string[] = []) {}

  /** Its state directory (known once migrated). */
  get state(): string {
    if (!this.dir) throw new Error("the test Worker's state has not been made yet: call migrate()");
    return this.dir;
  }

  /** Where it answers (known once started, for a worker without a fixed port). */
  get base(): string {
    if (!this.chosen) throw new Error("the test Worker has not been started yet");
    return `http://127.0.0.1:${this.chosen}`;
  }

  /** Make new, empty state for it and migrate it: nothing an earlier test (or an earlier
   * repetition of this one) left is there. */
  migrate() {
    const runs = dirname(process.env.SAMTYCKE_STATE!);
    mkdirSync(runs, { recursive: true });
    this.dir = mkdtempSync(join(runs, `${this.name}-`));
    execFileSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", this.state], {
      cwd: process.env.SAMTYCKE_EDGE,
      stdio: "ignore",
    });
  }

  /** Start it (with `config`, if given, and `extra` variables besides its own) and wait until
   * it answers: a cold start on a busy machine. */
  async start(config?: string, extra: string[] = []) {
    this.chosen ??= String(await freePort());
    // The test e-ID provider lets patients log in back to this Worker, as a relying party
    // registered with it.
    const registered = await fetch(`${process.env.SAMTYCKE_IDP_URL}/test/relying-parties?origin=${encodeURIComponent(this.base)}`, { method: "POST" });
    expect(registered.status).toBe(204);
    const log = openSync(join(this.state, "wrangler.log"), "a");
    const args = ["wrangler", "dev", "--test-scheduled", "--ip", "127.0.0.1", "--port", this.chosen, "--persist-to", this.state];
    if (config) args.push("--config", config);
    for (const v of [...this.vars, ...extra]) args.push("--var", v);
    this.process = spawn("npx", args, { cwd: process.env.SAMTYCKE_EDGE, detached: true, stdio: ["ignore", log, log] });
    await expect
      .poll(async () => (await fetch(`${this.base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 200_000 })
      .toBe(200);
  }

  /** Stop it, and wait until nothing answers on its port. */
  async stop() {
    const running = this.process;
    if (!running?.pid) return;
    if (running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running.once("exit", resolve));
      try {
        process.kill(-running.pid, "SIGTERM");
      } catch {
        // Its group is already gone.
      }
      await exited;
    }
    this.process = undefined;
    await expect.poll(async () => (await fetch(`${this.base}/api/health`).catch(() => null)) === null, { timeout: 60_000 }).toBe(true);
  }
}

/** One of patient `number`'s certificates from the test care network (Region Exempel), under a
 * new id, pushed to the intake of the Worker at `base`, signed by the provider: its key. */
export async function pushCertificate(request: APIRequestContext, base: string, number: string) {
  const care = process.env.SAMTYCKE_CARE_URL!;
  const records = (await (await request.get(`${care}/test/records?patient=${number}`)).json()).records;
  const certificate = { ...records[0].certificate, id: `lisjp-test-${randomBytes(4).toString("hex")}`, version: 1 };
  const url = `${base}/api/intake/certificates`;
  const signed = await (await request.post(`${care}/test/sign`, { data: { url, body: JSON.stringify(certificate) } })).json();
  const answer = await request.fetch(url, { method: "POST", headers: signed.headers, data: signed.body });
  expect(answer.status()).toBe(201);
  return `exempelregionen~${certificate.id}`;
}

/** A patient of the test's own: a new person minted by the test e-ID provider (a valid personal
 * identity number nobody else logs in with), with `certificates` sick-leave certificates their
 * care provider (Region Exempel, the test care network) has issued and tried to send in. */
export async function freshPatient(request: APIRequestContext, certificates: { code: string; text: string }[] = []) {
  const minted = await request.post(`${process.env.SAMTYCKE_IDP_URL}/test/persons`);
  expect(minted.status()).toBe(201);
  const person: { name: string; personal_identity_number: string } = await minted.json();
  const ids: string[] = [];
  for (const diagnosis of certificates) {
    const issued = await request.post(`${process.env.SAMTYCKE_CARE_URL}/test/issue`, {
      data: { personal_identity_number: person.personal_identity_number, overrides: { diagnoses: [diagnosis] } },
    });
    expect(issued.ok()).toBe(true);
    ids.push((await issued.json()).id);
  }
  return { name: person.name, number: person.personal_identity_number, certificates: ids };
}

/** Check `receipts` offline with `verify-receipt` against the keys the Worker at `base`
 * publishes, as anyone holding them would: its report (it throws if any is invalid). */
export async function verifyOffline(request: APIRequestContext, receipts: object[], base = process.env.SAMTYCKE_URL!) {
  const dir = mkdtempSync(join(tmpdir(), "receipts-"));
  writeFileSync(join(dir, "keys.json"), await (await request.get(`${base}/.well-known/samtycke/keys.json`)).text());
  writeFileSync(join(dir, "receipts.ndjson"), receipts.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const verifier = process.env.SAMTYCKE_VERIFIER ?? "target/debug/verify-receipt";
  return execFileSync(verifier, [join(dir, "receipts.ndjson"), "--keys", join(dir, "keys.json")], { encoding: "utf8" });
}

/** The variables a test's own Worker needs to run the patient flow against the suite's test
 * e-ID provider, care network and recipient. */
export const patientWorkerVars = () => [
  `OIDC_ISSUER:${process.env.SAMTYCKE_IDP_URL}`,
  process.env.SAMTYCKE_CARE_PROVIDERS_VAR!,
  process.env.SAMTYCKE_RECIPIENTS_VAR!,
];

/** Watch that `observe()` keeps giving `expected` for `ms` from now (call it after the last
 * event that could change it): a check that nothing happens, made for a stated period, not
 * once. Sampled every quarter of a second. */
export async function holdsFor<T>(ms: number, observe: () => Promise<T>, expected: T) {
  const until = Date.now() + ms;
  for (;;) {
    expect(await observe()).toEqual(expected);
    if (Date.now() >= until) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
