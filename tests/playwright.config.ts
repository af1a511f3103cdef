// End-to-end tests: Debian's Chromium against the `wrangler dev` started by
// scripts/serve-test.sh (which sets SAMTYCKE_URL). No retries: flakiness must show.
import { defineConfig } from "@playwright/test";

const baseURL = process.env.SAMTYCKE_URL;
if (!baseURL) {
  throw new Error("SAMTYCKE_URL is not set: run the tests through `make test`");
}

export default defineConfig({
  // tests/e2e-in-order.sh runs the same files from a directory of its own, in another order.
  testDir: process.env.SAMTYCKE_E2E_DIR ?? "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Generous limits: each test waits for conditions, never for time, and a busy 2-core
  // machine may take long to reach them.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Also a JSON report of every test's duration (bench/make-times.sh reads the slowest).
  reporter: [[process.env.CI ? "line" : "list"], ["json", { outputFile: "../.run/e2e-report.json" }]],
  outputDir: "../.run/test-results",
  use: {
    baseURL,
    browserName: "chromium",
    // A visitor in Sweden: the browser's languages (navigator.languages, Accept-Language)
    // pick the banner's language, so tests of other languages set their own locale.
    locale: "sv-SE",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
      ],
    },
    trace: "retain-on-failure",
  },
});
