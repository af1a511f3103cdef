// Loads the wasm app without blocking render: this module is deferred by nature.
import init from "/pkg/samtycke_app.js";
init();
