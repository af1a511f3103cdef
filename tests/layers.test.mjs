// The crates' layers, held to docs/architecture.md: no crate uses one above it, and the
// browser app's dependency tree has no RSA, ChaCha, TOML or CSV crate.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

// Lowest first: a crate may use only crates before it in this list.
const LAYERS = [
  "samtycke-visitor",
  "samtycke-wire",
  "samtycke-deployment",
  "samtycke-receipts",
  "samtycke-care",
  "samtycke-auth",
  "samtycke-policy",
  "pages",
  "rewrite",
  "samtycke-tools",
  "samtycke-scan",
  "samtycke-app",
  "samtycke-edge",
];

const cargo = (...args) => execFileSync("cargo", args, { encoding: "utf8", maxBuffer: 1 << 26 });

test("no crate uses a crate above it", () => {
  const { packages } = JSON.parse(cargo("metadata", "--format-version", "1", "--no-deps", "--locked"));
  const ours = new Set(LAYERS);
  for (const pkg of packages.filter((p) => ours.has(p.name))) {
    const level = LAYERS.indexOf(pkg.name);
    for (const dep of pkg.dependencies.filter((d) => ours.has(d.name) && d.kind !== "dev")) {
      assert.ok(LAYERS.indexOf(dep.name) < level, `${pkg.name} uses ${dep.name}, a layer above it`);
    }
  }
  const unlisted = packages.filter((p) => p.name.startsWith("samtycke-") && !ours.has(p.name) && !p.name.includes("bench"));
  assert.deepEqual(unlisted.map((p) => p.name), [], "every crate has its layer");
});

// Leptos itself brings TOML (its server-side configuration loader, `leptos_config`, which the
// app never calls); every other path to these crates would come from a Samtycke crate.
test("no crate of the browser app's own brings RSA, ChaCha, TOML or CSV", () => {
  const args = ["tree", "--locked", "-p", "samtycke-app", "-e", "normal", "--target", "wasm32-unknown-unknown", "--prefix", "none"];
  const crates = new Set(cargo(...args).split("\n").map((line) => line.split(" ")[0]).filter(Boolean));
  assert.ok(crates.has("samtycke-visitor"), "the tree was read");
  for (const name of ["rsa", "chacha20poly1305", "csv", "toml", "samtycke-receipts", "samtycke-care", "samtycke-auth", "samtycke-policy"]) {
    if (!crates.has(name)) continue;
    const paths = cargo("tree", "--locked", "-p", "samtycke-app", "-e", "normal", "--target", "wasm32-unknown-unknown", "-i", name);
    const via = paths.split("\n").map((line) => line.replace(/^[\s│├└─]+/, "").split(" ")[0]).filter(Boolean);
    const ours = via.filter((c) => c.startsWith("samtycke-") && c !== "samtycke-app");
    assert.deepEqual(ours, [], `${name} comes into the app through ${ours.join(", ")}`);
    assert.ok(via.includes("leptos_config"), `${name} is in the app's tree other than through Leptos:\n${paths}`);
  }
});
