// The loader pages inline (app/boot.min.js) is app/boot.js as it is now, minified.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { minifiedBoot } from "../scripts/boot.mjs";

test("app/boot.min.js is app/boot.js minified (rewrite it with `npm run boot`)", () => {
  assert.equal(readFileSync(new URL("../app/boot.min.js", import.meta.url), "utf8"), minifiedBoot());
});
