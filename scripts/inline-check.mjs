// Fills dist/index.html's (and the patient shell dist/intyg.html's) inline parts: the pre-paint check (with the site config's revision
// and consent lifetime), style/app.css, the app's loader (app/boot.min.js) and the icon (also in dist/404.html), and puts their SHA-256 hashes into the CSP in
// dist/_headers, so the page needs no 'unsafe-inline'. Usage: node scripts/inline-check.mjs [DIST]
// (the app's build directory; dist by default).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { transformSync } from "esbuild";

const DIST = process.argv[2] ?? "dist";

const config = JSON.parse(readFileSync("config/site.json", "utf8"));
// A material change of the linked privacy notice asks everyone again (as crates/deployment/build.rs does).
const policyFile = `policies/${config.policy_url.split("/").pop()}.sv.toml`;
const policyRevision = /^material_revision\s*=\s*(\d+)/m.exec(readFileSync(policyFile, "utf8"))?.[1];
if (!policyRevision) throw new Error(`${policyFile}: no material_revision`);
const script = readFileSync("app/inline-check.js", "utf8")
  .trim()
  .replace("@REVISION@", String(config.revision))
  .replace("@POLICY_REVISION@", policyRevision)
  .replace("@LIFETIME_SECONDS@", String(config.consent_lifetime_days * 86400));
// Minified by esbuild (the same tool worker-build bundles with): comments and layout out of
// the bytes every first visit waits for.
const style = transformSync(readFileSync("style/app.css", "utf8") + "\n" + readFileSync("style/banner.css", "utf8"), {
  loader: "css",
  minify: true,
}).code.trim();
// The loader (app/boot.js, minified: the one edge mode inlines too): inline, it costs the
// browser no request while the first frame is drawn (fetched, it competed with that frame on
// a two-core machine).
const boot = readFileSync("app/boot.min.js", "utf8").trim();
// The site's icon, inline (no request while the first frame is drawn): one definition, the
// pages crate's, for the Worker's pages and these.
const favicon = readFileSync("crates/pages/templates/favicon.html", "utf8").trim();
const sha256 = (text) => "sha256-" + createHash("sha256").update(text).digest("base64");

const attribute = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

// The pages in one language: the first-paint banner and the patient shell's texts, both
// rendered from the text catalogue by render-static (scripts/build.sh).
function pages(lang) {
  const banner = readFileSync(`${DIST}/static-banner/${lang}.html`, "utf8").trim();
  if (!banner.startsWith('<div id="samtycke"')) throw new Error(`${DIST}/static-banner/${lang}.html: not the banner`);
  const home = readFileSync("app/index.html", "utf8")
    .replace("@BANNER@", () => banner)
    .replace("@INLINE_CHECK@", () => script)
    .replace("@INLINE_STYLE@", () => style)
    .replace("@BOOT@", () => boot)
    .replace("@FAVICON@", () => favicon);
  // The patient pages' shell (/intyg): the same page with its own main content; the app
  // mounts the patient pages into #patient.
  const shell = JSON.parse(readFileSync(`${DIST}/patient-shell/${lang}.json`, "utf8"));
  const patient = home
    .replace(/<html lang="[^"]*">/, () => `<html lang="${shell.lang}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${attribute(shell.title)}</title>`)
    .replace(/<meta name="description"[^>]*>/, () => `<meta name="description" content="${attribute(shell.description)}">`)
    .replace(/  <main id="main">[\s\S]*?<\/main>\n/, () => shell.main)
    // Without JavaScript, a choice in the banner returns here rather than to the demo page.
    .replace('<input type="hidden" name="return" value="/">', '<input type="hidden" name="return" value="/intyg">');
  if (!patient.includes('id="patient"')) throw new Error('app/index.html: no <main id="main"> to replace');
  return { home, patient };
}

// The site's default language at / and /intyg; every other language it offers as a variant
// the Worker serves to a browser that asks for it (/lang/<tag>/home, /lang/<tag>/intyg), so
// the first paint is already in the visitor's language and the app changes nothing.
const defaultLanguage = config.default_language ?? "sv";
const defaultPages = pages(defaultLanguage);
writeFileSync(`${DIST}/index.html`, defaultPages.home);
writeFileSync(`${DIST}/intyg.html`, defaultPages.patient);
for (const lang of config.languages ?? ["sv", "en"]) {
  if (lang === defaultLanguage) continue;
  const variant = pages(lang);
  mkdirSync(`${DIST}/lang/${lang}`, { recursive: true });
  writeFileSync(`${DIST}/lang/${lang}/home.html`, variant.home);
  writeFileSync(`${DIST}/lang/${lang}/intyg.html`, variant.patient);
}
writeFileSync(`${DIST}/404.html`, readFileSync(`${DIST}/404.html`, "utf8").replace("@FAVICON@", () => favicon));
const headers = readFileSync(`${DIST}/_headers`, "utf8")
  .replace("@INLINE_CHECK_HASH@", sha256(script))
  .replace("@INLINE_STYLE_HASH@", sha256(style))
  .replace("@BOOT_HASH@", sha256(boot));
writeFileSync(`${DIST}/_headers`, headers);
