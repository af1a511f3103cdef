// Fills dist/index.html's inline parts: the pre-paint check (with the site config's revision
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
const style = readFileSync("style/app.css", "utf8").trim();
const sha256 = (text) => "sha256-" + createHash("sha256").update(text).digest("base64");

const html = readFileSync("app/index.html", "utf8")
  .replace("@INLINE_CHECK@", () => script)
  .replace("@INLINE_STYLE@", () => style);
writeFileSync("dist/index.html", html);
const headers = readFileSync("dist/_headers", "utf8")
  .replace("@INLINE_CHECK_HASH@", sha256(script))
  .replace("@INLINE_STYLE_HASH@", sha256(style));
writeFileSync("dist/_headers", headers);
