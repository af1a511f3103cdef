// `samtycke-scan` against real sites in Debian's Chromium: the sample clinic site straight from
// its origin (no Samtycke: its pre-consent cookie and trackers are violations), the same site
// behind Samtycke in edge mode (none, in all three states), and a chat widget a web editor
// adds (drift, placed in the draft configuration, which samtycke-check accepts), and behind
// Samtycke, where the site's published configuration classifies and the consent policy refuses
// the widget before it loads (drift, no violation).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./fixtures";

const SCAN = process.env.SAMTYCKE_SCAN ?? "target/debug/samtycke-scan";
const CHECK = process.env.SAMTYCKE_CHECK ?? "target/debug/samtycke-check";
const ROOT = join(process.env.SAMTYCKE_EDGE!, "..");
const ports = () => JSON.parse(readFileSync(process.env.SAMTYCKE_SAMPLE_PORTS!, "utf8"));
const COOKIE_DB = join(ROOT, "tests/fixtures/cookie-db.csv");

type Finding = {
  item: { kind: string; name?: string; host?: string; key?: string };
  class: { category: string | null; source: string; service: string | null };
  phases: string[];
  set_by?: string;
  violation: boolean;
  drift: boolean;
  refused?: boolean;
};
type Report = { summary: { pages: number; visits: number; totals: { violations: number; drift: number } }; findings: Finding[] };

/** Run the scanner; its exit code, its report, and what it printed. */
function scan(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "samtycke-scan-"));
  const files = { json: join(dir, "scan.json"), html: join(dir, "scan.html"), draft: join(dir, "draft.json") };
  const run = spawnSync(
    SCAN,
    [...args, "--cookie-db", COOKIE_DB, "--json", files.json, "--html", files.html, "--draft", files.draft],
    { cwd: ROOT, encoding: "utf8", timeout: 400_000 },
  );
  const report: Report = JSON.parse(readFileSync(files.json, "utf8"));
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, report, files };
}

const find = (report: Report, kind: string, name: string) =>
  report.findings.find((f) => f.item.kind === kind && (f.item.name ?? f.item.host ?? f.item.key) === name);

test("the site without Samtycke: its pre-consent cookie and tracker requests are violations, and the scan fails", async ({ page }) => {
  test.setTimeout(300_000);
  const origin = `http://127.0.0.1:${ports().origin}/`;
  const { status, stdout, report, files } = scan([origin, "--pages", "1"]);
  expect(status, stdout).toBe(1);
  // No banner: only the state before a decision.
  expect(report.summary).toMatchObject({ pages: 1, visits: 1 });
  const cookie = find(report, "cookie", "_sa_id")!;
  expect(cookie).toMatchObject({ violation: true, phases: ["no-decision"], set_by: "header" });
  expect(cookie.class).toMatchObject({ category: "analytics", source: "cookie-database" });
  const tracker = find(report, "request", `analytics.localhost:${ports().analytics}`)!;
  expect(tracker).toMatchObject({ violation: true, phases: ["no-decision"] });
  expect(find(report, "request", `pixel.localhost:${ports().pixel}`)?.violation).toBe(true);
  expect(stdout).toMatch(/VIOLATION.*cookie _sa_id/);

  // The HTML report stands alone (nothing loaded from elsewhere) and passes axe.
  const html = readFileSync(files.html, "utf8");
  expect(html).not.toMatch(/<(script|link|img)\b/);
  await page.goto(pathToFileURL(files.html).href);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Samtycke scan");
  await expect(page.getByRole("row", { name: /cookie _sa_id/ })).toContainText("VIOLATION");
  await expectNoAxeViolations(page);
});

test("the same site behind Samtycke: no violation in any state, and what accept-all allows is seen", async () => {
  test.setTimeout(600_000);
  const site = `${process.env.SAMTYCKE_SITE_URL}/`;
  const { status, stdout, stderr, report } = scan([site, "--pages", "2", "--config", process.env.SAMTYCKE_SITE_CONFIG!]);
  expect(status, `${stdout}\n${stderr}`).toBe(0);
  // A second page found by following the first one's links, each in three states.
  expect(report.summary, `${stdout}\n${stderr}`).toMatchObject({ pages: 2, visits: 6, totals: { violations: 0 } });
  expect(stderr).toContain("[2/2]");
  // Accepting runs the configured analytics: its cookie and requests, only after the answer.
  const analytics = find(report, "request", `analytics.localhost:${ports().analytics}`)!;
  expect(analytics).toMatchObject({ phases: ["accept-all"], violation: false, drift: false });
  expect(analytics.class).toMatchObject({ category: "analytics", source: "configuration", service: "besoksstatistik" });
  expect(find(report, "cookie", "_sa_id")?.phases).toEqual(["accept-all"]);
  // Samtycke's own cookie is necessary and known.
  expect(find(report, "cookie", "samtycke")?.class.source).toBe("samtycke");
});

test("a tag a web editor adds shows up as drift and in the draft configuration, which the check accepts", async ({ request }) => {
  test.setTimeout(300_000);
  const originUrl = `http://127.0.0.1:${ports().origin}`;
  expect((await request.post(`${originUrl}/__chat-tag`)).status()).toBe(204);
  try {
    // Scanned at its origin: behind Samtycke the consent policy refuses a vendor no service
    // claims before it loads (edge-bypass.spec.ts shows it there as drift on the dashboard).
    const site = `${originUrl}/`;
    const { status, stdout, report, files } = scan([site, "--pages", "1", "--config", process.env.SAMTYCKE_SITE_CONFIG!, "--fail-on", "drift"]);
    expect(status, stdout).toBe(1);
    const chatHost = `chat.localhost:${ports().chat}`;
    // Unknown to the configuration, it loads before any decision: drift and a violation.
    expect(find(report, "request", chatHost)).toMatchObject({ drift: true, violation: true });
    expect(find(report, "cookie", "_chat_visitor")).toMatchObject({ drift: true, class: { category: "marketing", service: "Chattjänst" } });

    const draft = JSON.parse(readFileSync(files.draft, "utf8"));
    const marketing = draft.categories.find((c: { id: string }) => c.id === "marketing");
    const chat = marketing.services.find((s: { id: string }) => s.id === "chattjanst");
    expect(chat.hosts).toEqual(["chat.localhost"]);
    expect(chat.cookies).toEqual([{ name: "_chat_visitor", domain: "", lifetime_days: 365 }]);
    // Everything the site had configured is still there.
    const configured = JSON.parse(readFileSync(process.env.SAMTYCKE_SITE_CONFIG!, "utf8"));
    expect(draft.categories.map((c: { id: string }) => c.id)).toEqual(configured.categories.map((c: { id: string }) => c.id));
    execFileSync(CHECK, [files.draft], { cwd: ROOT, encoding: "utf8" });
  } finally {
    await request.delete(`${originUrl}/__chat-tag`);
  }
});

test("behind Samtycke without --config: the published configuration classifies, and a tag no service claims is refused by the consent policy and listed as drift", async ({ request }) => {
  test.setTimeout(300_000);
  const originUrl = `http://127.0.0.1:${ports().origin}`;
  expect((await request.post(`${originUrl}/__chat-tag`)).status()).toBe(204);
  try {
    const site = `${process.env.SAMTYCKE_SITE_URL}/`;
    const { status, stdout, stderr, report, files } = scan([site, "--pages", "1"]);
    expect(stderr).toContain(`classified by the configuration ${site} publishes`);
    // Nothing reached a third party before consent: the scan passes.
    expect(status, `${stdout}\n${stderr}`).toBe(0);
    expect(report.summary.totals.violations).toBe(0);
    // The site's necessary session cookie and its configured analytics are known, not drift.
    expect(find(report, "cookie", "klinik_session")).toMatchObject({ violation: false, drift: false, class: { source: "configuration" } });
    expect(find(report, "request", `analytics.localhost:${ports().analytics}`)).toMatchObject({ drift: false, phases: ["accept-all"] });
    // The editor's chat widget: refused by the browser in every state, so drift only.
    const chat = find(report, "request", `chat.localhost:${ports().chat}`);
    expect(chat).toMatchObject({ refused: true, drift: true, violation: false });
    expect(stdout).toMatch(/drift, refused by CSP\s+request to chat\.localhost/);
    expect(readFileSync(files.html, "utf8")).toContain("Classified by the configuration");
  } finally {
    await request.delete(`${originUrl}/__chat-tag`);
  }
});
