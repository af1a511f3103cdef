// Every figure the README reports is written by the command beside it: each table and each
// measured number in "Measured" (and the quick start's timings) sits between
// `<!-- NAME:start -->` and `<!-- NAME:end -->` markers, a script in bench/ or scripts/ writes
// that block (bench/readme-section.mjs), and `make bench-all` runs every such script.
// Run by `make test` (`node --test tests/`).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";

const root = new URL("../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8").split("\n");
const makefile = readFileSync(new URL("Makefile", root), "utf8");

/** The README's marked blocks: name → [first line, last line] (0-based, markers included). */
function blocks(lines) {
  const found = new Map();
  lines.forEach((line, i) => {
    const start = /^<!-- ([\w:-]+):start -->$/.exec(line);
    if (start) {
      const end = lines.indexOf(`<!-- ${start[1]}:end -->`, i);
      assert.ok(end > i, `README line ${i + 1}: ${start[1]} has no end marker`);
      assert.ok(!found.has(start[1]), `README: ${start[1]} is marked twice`);
      found.set(start[1], [i, end]);
    }
  });
  return found;
}

/** Lines of `lines` outside every block, with their numbers. */
function outside(lines, marked) {
  return lines
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ line }) => ![...marked.values()].some(([a, b]) => line - 1 >= a && line - 1 <= b));
}

/** The lines of the section that starts with `heading`, up to the next heading of its level. */
function section(lines, heading) {
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `README has no "${heading}"`);
  const level = heading.split(" ")[0];
  const next = lines.findIndex((l, i) => i > start && l.startsWith(`${level} `));
  return [start, next < 0 ? lines.length : next];
}

// A figure measured on a machine: a number with a unit of time, size, rate or ratio. Budgets
// and targets ("budget ≤ 5 ms") are promises, not measurements, and may stand in prose.
const MEASURED = /(?<![≤≥<>] ?)(?<!budget |target |limit |under |over )\b\d[\d  .,–-]*\s?(ms|KB|KiB|MB|MiB|GB|GiB|MB\/s|req\/s|rows\/s|×)(?![\w/])/;

const scripts = ["bench", "scripts"].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, root)).map((file) => ({
    file: `${dir}/${file}`,
    text: (() => {
      try {
        return readFileSync(new URL(`${dir}/${file}`, root), "utf8");
      } catch {
        return "";
      }
    })(),
  })),
);

test("every marked block is written by a script, and make bench-all runs it", () => {
  const marked = blocks(readme);
  assert.ok(marked.size >= 9, `only ${marked.size} marked blocks`);
  const allRecipe = /^bench-all:.*\n((?:\t.*\n)+)/m.exec(makefile)?.[1] ?? "";
  assert.notEqual(allRecipe, "", "the Makefile has no bench-all target");
  for (const name of marked.keys()) {
    const writer = scripts.find(
      ({ text }) => text.includes(`readme-section.mjs ${name} `) || text.includes(`writeSection("${name}"`),
    );
    assert.ok(writer, `no script in bench/ or scripts/ writes the README block ${name}`);
    // The script, or the shell script that runs it, is a make target bench-all runs.
    const entry = writer.file.endsWith(".sh")
      ? writer.file
      : scripts.find(({ file, text }) => file.endsWith(".sh") && text.includes(writer.file.split("/")[1]))?.file;
    assert.ok(entry, `${writer.file} (block ${name}) is run by no script`);
    const target = new RegExp(`^([\\w-]+):\\n\\t@${entry.replace(".", "\\.")}`, "m").exec(makefile)?.[1];
    assert.ok(target, `${entry} (block ${name}) is no make target`);
    assert.ok(allRecipe.includes(target), `make bench-all does not run ${target} (block ${name})`);
  }
});

test("every table in 'Measured' and every measured figure there and in the quick start is in a marked block", () => {
  const marked = blocks(readme);
  const stray = [];
  // The quick start's tables are addresses, not figures.
  for (const [heading, tables] of [["## Quick start", false], ["## Measured", true]]) {
    const [a, b] = section(readme, heading);
    for (const { text, line } of outside(readme, marked)) {
      if (line - 1 < a || line - 1 >= b) continue;
      if ((tables && text.startsWith("|")) || MEASURED.test(text)) stray.push(`README line ${line}: ${text.trim()}`);
    }
  }
  assert.deepEqual(stray, [], "figures outside the blocks their scripts write");
});

test("the check itself finds a figure outside its block, and a block no script writes", () => {
  const lines = ["## Measured", "It took 110 ms.", "<!-- bench:x:start -->", "| a |", "<!-- bench:x:end -->", "budget ≤ 5 ms"];
  const marked = blocks(lines);
  const flagged = outside(lines, marked).filter(({ text }) => text.startsWith("|") || MEASURED.test(text));
  assert.deepEqual(flagged.map(({ line }) => line), [2]);
  assert.ok(!scripts.some(({ text }) => text.includes("readme-section.mjs bench:x ")));
});
