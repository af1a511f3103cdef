// Samtycke's embed script, for sites not behind Cloudflare:
//   <script type="module" src="https://<consent host>/_samtycke/embed.js" data-site="<id>"></script>
// Asks the consent host for this page view's banner (decided from the consent cookie on this
// site's own domain), shows it in a shadow root (the site's CSS cannot restyle it, its CSS
// cannot leak), then loads the wasm app, which takes the banner over, keeps a choice made
// meanwhile and runs what the visitor granted.
const api = new URL("/_samtycke", import.meta.url).href;
const tag = document.querySelector('script[type="module"][data-site][src$="/_samtycke/embed.js"]');
const site = tag ? tag.getAttribute("data-site") : "";
const cookie = (document.cookie.match(/(?:^|; )samtycke=([^;]*)/) || [])[1] || "";
const query = new URLSearchParams({
  site,
  // Most preferred first: the visitor's own choice in the banner, the browser's languages,
  // the page's (the server picks the first one the site offers).
  lang: [localStorage.getItem("samtycke.lang"), ...navigator.languages, document.documentElement.lang]
    .filter(Boolean)
    .map((tag) => tag.replace(/"/g, ""))
    .join(","),
  return: location.pathname + location.search,
  consent: cookie,
  gpc: navigator.globalPrivacyControl ? "1" : "",
});
let loading;
const load = () => (loading ??= import(api + "/pkg/samtycke_app.js").then((m) => m.default()));
fetch(api + "/embed/banner?" + query)
  .then((r) => (r.ok ? r.json() : Promise.reject(new Error("samtycke: " + r.status))))
  .then(({ css, html, decided }) => {
    const host = document.createElement("div");
    host.id = "samtycke-embed";
    document.body.append(host);
    const shadow = host.attachShadow({ mode: "open" });
    // A constructed stylesheet: the page's CSP (style-src) does not govern it.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
    shadow.innerHTML = html;
    const root = shadow.getElementById("samtycke");
    const form = root && root.querySelector("form");
    if (form) {
      form.addEventListener("submit", (event) => {
        const choice = event.submitter && event.submitter.value;
        event.preventDefault();
        root.setAttribute("data-early-choice", choice || "settings");
        load();
      });
    }
    if (decided) load();
    else {
      ["pointerover", "focusin", "touchstart"].forEach((t) => root.addEventListener(t, load, { once: true, passive: true }));
      (window.requestIdleCallback || setTimeout)(load);
    }
  })
  .catch((e) => console.error(e));
