// Loads the wasm app without holding the page's first paint: on the visitor's first move
// towards the banner, or once the page has painted and the browser is idle after the load event
// (as the edge's banner-boot.js does); the banner is complete HTML and works without the app.
// (Started at the load event alone, the app's compiling and mounting ran before the first
// frame and held it back: make bench-banner measured its first paint at 1.64 × the control
// page's.) The patient
// pages (/intyg, which have #patient) are the app's own, so there the build that also has
// them loads at once (a module script runs after parsing, not before the first paint). A
// choice made in the static banner before the app is there is kept for the app instead of
// posting the no-JavaScript form and reloading the page; the app reads it from
// data-early-choice.
const root = document.getElementById("samtycke");
const form = root && root.querySelector("form");
const patient = document.getElementById("patient");
const app = patient ? "/pkg/samtycke_patient.js" : "/pkg/samtycke_app.js";
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
  // A timeout set in an animation frame runs once that frame is painted.
  const idle = () => requestAnimationFrame(() => setTimeout(() => (window.requestIdleCallback || setTimeout)(load)));
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
}
