// Fills dist/index.html's (and the patient shell dist/intyg.html's) inline parts: the pre-paint check (with the site config's revision
// and consent lifetime) and style/app.css, and puts their SHA-256 hashes into the CSP in
// dist/_headers, so the page needs no 'unsafe-inline'.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const config = JSON.parse(readFileSync("config/site.json", "utf8"));
// A material change of the linked privacy notice asks everyone again (as consent/build.rs does).
const policyFile = `policies/${config.policy_url.split("/").pop()}.sv.toml`;
const policyRevision = /^material_revision\s*=\s*(\d+)/m.exec(readFileSync(policyFile, "utf8"))?.[1];
if (!policyRevision) throw new Error(`${policyFile}: no material_revision`);
const script = readFileSync("app/inline-check.js", "utf8")
  .trim()
  .replace("@REVISION@", String(config.revision))
  .replace("@POLICY_REVISION@", policyRevision)
  .replace("@LIFETIME_SECONDS@", String(config.consent_lifetime_days * 86400));
const style = (readFileSync("style/app.css", "utf8") + "\n" + readFileSync("style/banner.css", "utf8")).trim();
const sha256 = (text) => "sha256-" + createHash("sha256").update(text).digest("base64");

// The first-paint banner, rendered from the text catalogue (scripts/build.sh writes it).
const banner = readFileSync("dist/static-banner.html", "utf8").trim();
if (!banner.startsWith('<div id="samtycke"')) throw new Error("dist/static-banner.html: not the banner");
const html = readFileSync("app/index.html", "utf8")
  .replace("@BANNER@", () => banner)
  .replace("@INLINE_CHECK@", () => script)
  .replace("@INLINE_STYLE@", () => style);
writeFileSync("dist/index.html", html);
// The patient pages' shell (/intyg): the same page with its own main content; the app
// mounts the patient pages into #patient.
// Its texts come from the catalogue (render-static writes dist/patient-shell.json).
const shell = JSON.parse(readFileSync("dist/patient-shell.json", "utf8"));
const attribute = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const patientHtml = html
  .replace(/<title>[^<]*<\/title>/, () => `<title>${attribute(shell.title)}</title>`)
  .replace(/<meta name="description"[^>]*>/, () => `<meta name="description" content="${attribute(shell.description)}">`)
  .replace(/  <main id="main">[\s\S]*?<\/main>\n/, () => shell.main)
  // Without JavaScript, a choice in the banner returns here rather than to the demo page.
  .replace('<input type="hidden" name="return" value="/">', '<input type="hidden" name="return" value="/intyg">');
if (!patientHtml.includes('id="patient"')) throw new Error("app/index.html: no <main id=\"main\"> to replace");
writeFileSync("dist/intyg.html", patientHtml);
const headers = readFileSync("dist/_headers", "utf8")
  .replace("@INLINE_CHECK_HASH@", sha256(script))
  .replace("@INLINE_STYLE_HASH@", sha256(style));
writeFileSync("dist/_headers", headers);
