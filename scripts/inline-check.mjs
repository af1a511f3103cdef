// Fills the inline pre-paint check into dist/index.html with the site config's revision and
// consent lifetime, and puts its SHA-256 into the CSP in dist/_headers (no 'unsafe-inline').
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const config = JSON.parse(readFileSync("config/site.json", "utf8"));
const script = readFileSync("app/inline-check.js", "utf8")
  .trim()
  .replace("@REVISION@", String(config.revision))
  .replace("@LIFETIME_SECONDS@", String(config.consent_lifetime_days * 86400));
const hash = "sha256-" + createHash("sha256").update(script).digest("base64");

const html = readFileSync("app/index.html", "utf8").replace("@INLINE_CHECK@", () => script);
writeFileSync("dist/index.html", html);
const headers = readFileSync("dist/_headers", "utf8").replace("@INLINE_CHECK_HASH@", hash);
writeFileSync("dist/_headers", headers);
