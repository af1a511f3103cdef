// Writes a generated figure or table into the README between `<!-- NAME:start -->` and
// `<!-- NAME:end -->`, so every number there comes from the script that measured it.
// As a module: `writeSection("bench:sizes", table)`. From a shell:
// `node bench/readme-section.mjs bench:export FILE` (the section's text in FILE).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Which commit was measured, and when: the last line of every block. */
function stamp() {
  const git = (...args) => execFileSync("git", args, { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8" }).trim();
  const dirty = git("status", "--porcelain", "--untracked-files=no") ? " with changes not yet committed" : "";
  return `_Measured at commit ${git("rev-parse", "--short", "HEAD")}${dirty}, ${new Date().toISOString().slice(0, 10)}._`;
}

const README = fileURLToPath(new URL("../README.md", import.meta.url));

/** Replace the README's section `name` with `body`; throws if its markers are missing. */
export function writeSection(name, body, readme = README) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = readFileSync(readme, "utf8");
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${readme} has no ${start} … ${end} markers`);
  writeFileSync(readme, `${text.slice(0, a)}${start}\n${body.trimEnd()}\n\n${stamp()}\n${text.slice(b)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, file] = process.argv.slice(2);
  if (!name || !file) {
    console.error("usage: node bench/readme-section.mjs NAME FILE");
    process.exit(2);
  }
  writeSection(name, readFileSync(file, "utf8"));
}
