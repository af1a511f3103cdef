// Turns the harness's summaries into the comparison table (bench/results/banner.md) and the
// README's "Banner" section, with the budgets checked against the control page.
// Usage: node bench/banner-table.mjs RESULTS_DIR OUT.md, or --paired-only RESULTS_DIR for the
// first-paint budget's line alone (bench-banner with BANNER_CONFIGS).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, pairedRatio } from "./ratio.mjs";
import { writeSection } from "./readme-section.mjs";

const pairedOnly = process.argv[2] === "--paired-only";
const [dir, out] = process.argv.slice(pairedOnly ? 3 : 2);
// A missing or unreadable summary fails the table: no column is silently left out.
const load = (name) => JSON.parse(readFileSync(join(dir, `${name}.summary.json`), "utf8"));
/** Every load of `name` in the alternating pairs (results/paired/<name>.<k>.json), by pair. */
const pairedRunsOf = (name) => {
  const pair = (f) => Number(f.split(".")[1]);
  const files = readdirSync(join(dir, "paired"))
    .filter((f) => f.startsWith(`${name}.`) && f.endsWith(".json"))
    .sort((a, b) => pair(a) - pair(b));
  if (!files.length) throw new Error(`no alternating loads of ${name} in ${dir}/paired`);
  return files.flatMap((f) => JSON.parse(readFileSync(join(dir, "paired", f), "utf8")).perRun);
};
/** The first-paint budget's line: like for like, per page load, the later of the banner's
 * visibility and the page's own first paint (a banner "visible" before anything is painted is
 * not seen any sooner), against the control page's first paint, from the alternating loads;
 * with a 90 % bootstrap interval (pairs resampled), since one load varies by a fifth. */
const seenLine = () => {
  const control = pairedRunsOf("control").map((r) => r.fcp);
  const ours = pairedRunsOf("samtycke").map((r) => Math.max(r.t.bannerVisible, r.fcp));
  const base = median(control);
  const seen = median(ours);
  const { low, high } = pairedRatio(ours, control);
  return `- banner seen (the later of banner visible and first contentful paint, median ${Math.round(seen)} ms): **${(seen / base).toFixed(3)} ×** the control page's first contentful paint (median ${Math.round(base)} ms; ${ours.length} loads each, alternating with the control page's; 90 % interval ${low.toFixed(2)}–${high.toFixed(2)}; budget ≤ 1.05)`;
};
if (pairedOnly) {
  console.log(seenLine());
  process.exit(0);
}

const columns = [
  ["samtycke", "Samtycke"],
  ["vanilla", "vanilla-cookieconsent 3.1.0"],
  ["klaro", "Klaro 0.7.22"],
  ["osano", "Osano cookieconsent 3.1.1"],
  ["control", "control page"],
].map(([k, label]) => [label, load(k)]);

const fmt = (st) => (st && st.n ? `${Math.round(st.min)} / ${Math.round(st.median)} / ${Math.round(st.max)}` : "–");
const tally = (t) => (t && t.n ? `${t.true}/${t.n}` : "n/a");
const rows = [
  ["banner visible", (s) => fmt(s.summary.timings_ms.bannerVisible)],
  ["reject clickable", (s) => fmt(s.summary.timings_ms.rejectClickable)],
  ["accept clickable", (s) => fmt(s.summary.timings_ms.acceptClickable)],
  ["first contentful paint", (s) => fmt(s.summary.timings_ms.firstContentfulPaint)],
  ["load event", (s) => fmt(s.summary.timings_ms.loadEvent)],
  ["accept click → analytics ran", (s) => fmt(s.summary.timings_ms.acceptClickToAnalytics)],
  ["reject click → banner hidden", (s) => fmt(s.summary.timings_ms.rejectClickToBannerHidden)],
  ["CLS (total)", (s) => { const c = s.summary.cls.total; return c.n ? `${c.min.toFixed(3)} / ${c.median.toFixed(3)} / ${c.max.toFixed(3)}` : "–"; }],
  ["long tasks, ms", (s) => fmt(s.summary.longTasks.total_ms)],
  ["asset bytes transferred (median)", (s) => String(Math.round(s.summary.wireBytes.transfer.median ?? 0))],
  ["ran before consent", (s) => tally(s.summary.consent.ranBeforeConsent)],
  ["ran after reject", (s) => tally(s.summary.consent.ranAfterReject)],
  ["ran after reload post-reject", (s) => tally(s.summary.consent.ranAfterReloadPostReject)],
  ["ran after accept", (s) => tally(s.summary.consent.ranAfterAccept)],
  ["banner shown after reload post-reject", (s) => tally(s.summary.consent.bannerShownAfterReloadPostReject)],
  ["axe violations (harness)", (s) => {
    if (!s.axe) throw new Error("the harness ran no axe check");
    return `${s.axe.count} ${JSON.stringify(s.axe.ids)}`;
  }],
];
const lines = [
  `| metric (min / median / max, ms from navigation) | ${columns.map(([l]) => l).join(" | ")} |`,
  `|---|${columns.map(() => "---").join("|")}|`,
  ...rows.map(([name, f]) => `| ${name} | ${columns.map(([label, s]) => {
    try {
      return f(s);
    } catch (e) {
      // Only the control page, which has no banner, may lack a banner figure.
      if (label === "control page") return "–";
      throw new Error(`${label}: ${name}: ${e.message}`);
    }
  }).join(" | ")} |`),
];

const ours = load("samtycke");
const control = load("control");
const budget = [];
{
  const reject = ours.summary.timings_ms.rejectClickable.median / control.summary.timings_ms.firstContentfulPaint.median;
  budget.push(seenLine());
  budget.push(`- reject clickable: **${reject.toFixed(2)} ×** the control page's first contentful paint (both from the table; budget ≤ 1.20)`);
  budget.push(`- CLS median ${ours.summary.cls.total.median.toFixed(3)} (budget 0); long tasks before the banner is usable: median ${Math.round(ours.summary.longTasks.total_ms.median)} ms (budget 0)`);
}
const sizesFile = join(dir, "samtycke.sizes.json");
if (existsSync(sizesFile)) {
  const sizes = JSON.parse(readFileSync(sizesFile, "utf8")).files;
  const br = (pred) => sizes.filter((f) => pred(f.file)).reduce((a, f) => a + f.brotli11, 0);
  const before = br((f) => /index\.html$/.test(f));
  const app = br((f) => /\/pkg\//.test(f));
  budget.push(`- bytes before the banner is usable (the HTML page with its inlined CSS and loader; the banner needs no script): **${(before / 1000).toFixed(1)} KB** brotli (budget ≤ 8 KB)`);
  budget.push(`- the whole wasm app (wasm + JS glue; its loader is inline in the page), loaded after the first paint: **${(app / 1000).toFixed(1)} KB** brotli (budget ≤ 125 KB)`);
}
const table = [...lines, "", ...budget].join("\n");
writeFileSync(out, table + "\n");
console.log(table);

writeSection("bench:banner", table);
