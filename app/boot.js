// Loads the wasm app without holding the page's first paint: on the visitor's first move
// towards the banner, or once the browser has shown the page's first contentful paint and is
// idle; the banner is complete HTML and works without the app. The one loader for every page
// with the banner: Samtycke's own (inlined by scripts/inline-check.mjs) and a site's in edge
// mode (inlined by the pages crate), both as app/boot.min.js, this file minified
// (`npm run boot`; tests/boot.test.mjs holds the two together), wrapped in a function so no
// name of it meets a page's globals. Samtycke's pages run it as a module script from <head>
// (after parsing); on a site's page it is a classic script right after the banner, as the
// edge's own loader was, which runs as soon as the banner is parsed.
// Started earlier, the app's download and compiling ran beside the drawing of the first
// frame (on a two-core machine they share the cores) and held it back: at the load event,
// make bench-banner measured the first paint at 1.64 × the control page's; after the first
// animation frame's task, still at 1.2 × (that task runs once the frame is handed to the
// compositor, before it is drawn). The patient pages (/intyg, which have #patient) are the
// app's own, so there the build that also has them loads at once. A choice made in the static
// banner before the app is there is kept for the app instead of posting the no-JavaScript
// form and reloading the page; the app reads it from data-early-choice.
const root = document.getElementById("samtycke");
const form = root && root.querySelector("form");
const patient = document.getElementById("patient");
// On a site Samtycke sits in front of, its own paths are under the banner's data-api prefix.
const api = (root && root.getAttribute("data-api")) || "";
const app = `${api}/pkg/${patient ? "samtycke_patient" : "samtycke_app"}.js`;
let loading;
const load = () => (loading ??= import(app).then((module) => module.default()));
if (form) {
  form.addEventListener("submit", (event) => {
    const choice = event.submitter && event.submitter.value;
    if (choice === "accept-all" || choice === "reject-all" || choice === "settings") {
      event.preventDefault();
      root.setAttribute("data-early-choice", choice);
      load();
    }
  });
}
if (patient) load();
else {
  if (root) ["pointerover", "focusin", "touchstart"].forEach((t) => root.addEventListener(t, load, { once: true, passive: true }));
  const idle = () => !loading && (window.requestIdleCallback || setTimeout)(load);
  // The paint entry is reported once the frame is on the screen. A browser without paint
  // timing (or one that never reports it) loads the app two seconds after the load event.
  const Observer = window.PerformanceObserver;
  if (Observer && (Observer.supportedEntryTypes || []).includes("paint")) {
    const painted = new Observer((list) => {
      if (list.getEntriesByName("first-contentful-paint").length) {
        painted.disconnect();
        idle();
      }
    });
    painted.observe({ type: "paint", buffered: true });
  }
  const late = () => setTimeout(idle, 2000);
  if (document.readyState === "complete") late();
  else addEventListener("load", late, { once: true });
}
