// Loads the wasm app without blocking render (module scripts are deferred). A choice made in
// the static banner while the app is still loading is kept for the app instead of posting the
// no-JavaScript form and reloading the page; the app reads it from data-early-choice.
import init from "/pkg/samtycke_app.js";

const root = document.getElementById("samtycke");
const form = root && root.querySelector("form");
const keep = (event) => {
  const choice = event.submitter && event.submitter.value;
  if (choice === "accept-all" || choice === "reject-all") {
    event.preventDefault();
    root.setAttribute("data-early-choice", choice);
  }
};
if (form) form.addEventListener("submit", keep);
init();
