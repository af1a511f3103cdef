// Loads the wasm app without blocking render (module scripts are deferred): the banner alone,
// or on the patient pages (/intyg, which have #patient) the build that also has them. A
// choice made in the static banner while the app is still loading is kept for the app instead
// of posting the no-JavaScript form and reloading the page; the app reads it from
// data-early-choice.
const root = document.getElementById("samtycke");
const form = root && root.querySelector("form");
const keep = (event) => {
  const choice = event.submitter && event.submitter.value;
  if (choice === "accept-all" || choice === "reject-all" || choice === "settings") {
    event.preventDefault();
    root.setAttribute("data-early-choice", choice);
  }
};
if (form) form.addEventListener("submit", keep);
const app = document.getElementById("patient") ? "/pkg/samtycke_patient.js" : "/pkg/samtycke_app.js";
import(app).then((module) => module.default());
