// A realistic clinic website for Samtycke to sit in front of, started by `make dev` and the
// tests: several pages with the site's own CSS, JavaScript and CSP, and the third-party tags
// such sites carry (an analytics script, a tag-manager snippet, a video embed, a social
// pixel), each third party on its own local port under its own *.localhost name, logging
// every request it receives (GET /__requests on that port). `POST /__chat-tag` on the origin
// adds one more third party's tag to every page until `DELETE /__chat-tag`, as a web editor
// might (a chat widget that sets its own cookie), for the scanner's drift test.
//
// Usage: node scripts/sample-site.mjs [--origin PORT] [--analytics PORT] [--video PORT]
//          [--pixel PORT] [--tags PORT] [--embed PORT --consent URL] [--forward FROM=TO]...
//          [--ports-file FILE]
// Port 0 picks a free port; --ports-file writes the ports chosen as JSON. --forward passes
// TCP connections from 127.0.0.1:FROM to 127.0.0.1:TO unchanged (the edge-mode address, so
// the Worker sees the site's own Host). --embed serves the same site on a second port with
// Samtycke's embed tag from --consent instead (embed mode): there the site marks its own
// tags inert (`type="text/plain" data-category`, `data-src`), as with any script-based tool.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const forwards = args.flatMap((a, i) => (a === "--forward" ? [args[i + 1]] : []));

function listen(server, port) {
  // Keep idle connections longer than any client waits between requests: Node's 5 s default
  // closes a socket a test's HTTP client is about to reuse (ECONNRESET after a slow step).
  if ("keepAliveTimeout" in server) {
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 121_000;
  }
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(port), "127.0.0.1", () => resolve(server.address().port));
  });
}

/** A third party: answers its routes (filled in once every port is known) and remembers
 * every request but those for its own log. */
function thirdParty() {
  const party = { routes: {}, log: [] };
  party.server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/__requests") {
      res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
      res.end(JSON.stringify(party.log));
      return;
    }
    party.log.push({ path, at: Date.now() });
    const route = party.routes[path.split("?")[0]];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": route.type, "Cache-Control": "no-store", ...(route.headers ?? {}) });
    res.end(route.body);
  });
  return party;
}

const gif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

async function main() {
  const ports = {};
  const parties = { analytics: thirdParty(), video: thirdParty(), pixel: thirdParty(), tags: thirdParty(), chat: thirdParty() };
  for (const [name, party] of Object.entries(parties)) {
    ports[name] = await listen(party.server, option(name, "0"));
  }
  const host = (name) => `http://${name}.localhost:${ports[name]}`;

  // What each third party serves, now that every port is known.
  const analyticsJs = `window.__analytics=window.__analytics||{runs:0};window.__analytics.runs++;
document.cookie="_sa_id=sa."+Date.now()+"; path=/; max-age=34128000; SameSite=Lax";
new Image().src=${JSON.stringify(host("analytics"))}+"/collect?p="+encodeURIComponent(location.pathname);`;
  const routes = {
    analytics: { "/a.js": { type: "text/javascript", body: analyticsJs }, "/collect": { type: "image/gif", body: gif } },
    video: {
      "/embed/intro": {
        type: "text/html; charset=utf-8",
        body: '<!doctype html><html lang="sv"><title>Film</title><p>Film om kliniken</p></html>',
        headers: { "Set-Cookie": "_vid=1; Path=/; SameSite=None; Secure" },
      },
      "/embed/hitta-hit": {
        type: "text/html; charset=utf-8",
        body: '<!doctype html><html lang="sv"><title>Film</title><p>Så hittar du hit</p></html>',
        headers: { "Set-Cookie": "_vid=1; Path=/; SameSite=None; Secure" },
      },
    },
    pixel: { "/p.gif": { type: "image/gif", body: gif } },
    tags: { "/gtm.js": { type: "text/javascript", body: "window.__tags=(window.__tags||0)+1;" } },
    chat: {
      "/widget.js": {
        type: "text/javascript",
        body: 'document.cookie="_chat_visitor=c."+Date.now()+"; path=/; max-age=31536000; SameSite=Lax";',
      },
    },
  };
  // Whether the chat widget is on the pages (POST / DELETE /__chat-tag).
  let chatTag = false;
  for (const [name, party] of Object.entries(parties)) party.routes = routes[name];

  // The tag manager's inline snippet, as such snippets are pasted into a CMS template.
  const tagSnippet = `(function(w,d){w.dataLayer=w.dataLayer||[];w.dataLayer.push({event:"start"});var s=d.createElement("script");s.async=true;s.src=${JSON.stringify(host("tags") + "/gtm.js")};d.head.appendChild(s)})(window,document);`;
  const sha = (text) => "'sha256-" + createHash("sha256").update(text).digest("base64") + "'";
  // The site's own policy; with the embed tag it also lets in the consent host and its wasm.
  const policy = (consentHost) =>
    [
      "default-src 'self'",
      `script-src 'self'${consentHost ? ` ${consentHost} 'wasm-unsafe-eval'` : ""} ${host("analytics")} ${host("tags")} ${host("chat")} ${sha(tagSnippet)}`,
      ...(consentHost ? [`connect-src 'self' ${consentHost}`] : []),
      `img-src 'self' data: ${host("analytics")} ${host("pixel")}`,
      `frame-src ${host("video")}`,
      "style-src 'self'",
      "form-action 'self'",
      "base-uri 'self'",
    ].join("; ");
  const csp = policy("");

  const nav = [["/", "Start"], ["/om-oss", "Om oss"], ["/kontakt", "Kontakt"], ["/integritet", "Integritet"]];
  const consent = option("consent", "");
  const page = (path, title, main, embed = false) => `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Hälsokliniken Exempel</title>
<link rel="stylesheet" href="/site.css">
${embed ? `<link rel="preconnect" data-href="${host("pixel")}" data-category="marketing">
<script src="/site.js" defer></script>
<script type="module" src="${consent}/_samtycke/embed.js" data-site="klinik"></script>
<script type="text/plain" data-category="analytics" async src="${host("analytics")}/a.js"></script>
<script type="text/plain" data-category="analytics">${tagSnippet}</script>` : `<link rel="preconnect" href="${host("pixel")}">
<script src="/site.js" defer></script>
<script async src="${host("analytics")}/a.js"></script>
<script>${tagSnippet}</script>`}
<!--chat-->
</head>
<body>
<header class="top"><a class="logo" href="/"><img src="/logo.svg" alt="Hälsokliniken Exempel" width="180" height="40"></a>
<nav aria-label="Huvudmeny"><ul>${nav.map(([href, label]) => `<li><a href="${href}"${href === path ? ' aria-current="page"' : ""}>${label}</a></li>`).join("")}</ul></nav></header>
<main id="innehall">
<h1>${title}</h1>
${main}
</main>
<footer><p>Hälsokliniken Exempel AB · Storgatan 1, 111 22 Stockholm · <a href="/integritet">Integritetspolicy</a></p></footer>
${embed ? `<img data-src="${host("pixel")}/p.gif?ev=pageview" data-category="marketing" width="1" height="1" alt="" class="pixel">
<noscript><p><a href="/integritet">Om kakor på webbplatsen</a></p></noscript>` : `<img src="${host("pixel")}/p.gif?ev=pageview" width="1" height="1" alt="" class="pixel">
<noscript><img src="${host("pixel")}/p.gif?ev=noscript" width="1" height="1" alt=""></noscript>`}
</body>
</html>
`;
  const pages = (embed) => ({
    "/": page("/", "Välkommen till Hälsokliniken", `<p>Vi erbjuder vård för vuxna och barn i centrala Stockholm. Boka tid via telefon eller i e-tjänsten.</p>
<h2>Film: så går ett besök till</h2>
<iframe ${embed ? 'data-category="media" data-src' : "src"}="${host("video")}/embed/intro" title="Film: så går ett besök till" width="480" height="270"></iframe>
<p><a href="/kontakt">Kontakta oss</a></p>`, embed),
    "/filmer": page("/filmer", "Filmer", `<p>Två korta filmer om kliniken.</p>
<iframe ${embed ? 'data-category="media" data-src' : "src"}="${host("video")}/embed/intro" title="Film: så går ett besök till" width="480" height="270"></iframe>
<iframe ${embed ? 'data-category="media" data-src' : "src"}="${host("video")}/embed/hitta-hit" width="480" height="270"></iframe>`, embed),
    "/om-oss": page("/om-oss", "Om oss", "<p>Kliniken har funnits sedan 1998 och har tolv medarbetare.</p>", embed),
    "/kontakt": page("/kontakt", "Kontakt", `<p>Telefon 08-123 45 67, vardagar 8–17.</p>
<form method="get" action="/kontakt"><label for="q">Sök</label> <input id="q" name="q"> <button>Sök</button></form>`, embed),
    "/integritet": page("/integritet", "Integritetspolicy", "<p>Så behandlar vi dina personuppgifter och vilka kakor vi använder.</p>", embed),
  });
  const originPages = pages(false);
  const embedPages = pages(true);
  const embedCsp = policy(consent);
  const latin1 = Buffer.from(
    '<!doctype html><html lang="sv"><head><meta charset="iso-8859-1"><title>Gammal sida</title></head><body><h1>Åter till vården</h1><p>Öppet även på lördagar.</p><script async src="' + host("analytics") + '/a.js"></script></body></html>',
    "latin1",
  );
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const big = page("/stor", "Stor sida", Array.from({ length: 17000 }, (_, i) => `<p>Stycke ${i}: vård, omsorg och hälsa i närområdet.</p>`).join("\n"));

  // Pages that each try one way ordinary HTML was seen to get a tracker past an HTML rewriter
  // (GET /__bypass lists them, /__bypass/N?chunks=1|random serves one in 1-byte or random
  // chunks), and one with a vendor no service of the configuration claims (/__bypass/unknown).
  const a = host("analytics");
  const px = host("pixel");
  const bare = (url) => url.replace(/^http:/, "");
  const bypasses = [
    `<script src="${a.replace(".localhost", "&#46;localhost")}/a.js"></script>`,
    `<script src="${a.replace("//", "&#x2F;&#x2F;")}/a.js"></script>`,
    `<script src="${a.replace("//", "///")}/a.js"></script>`,
    `<script src="/\\${bare(a).slice(2)}/a.js"></script>`,
    `<script src="${a.replace("//", "\\\\")}/a.js"></script>`,
    `<script src="ht\ttp${a.slice(4)}/a.js"></script>`,
    `<script src="${a.replace(".localhost", "%2Elocalhost")}/a.js"></script>`,
    `<script src="${bare(a)}/a.js"></script>`,
    `<base href="${a}/"><script src="a.js"></script>`,
    `<svg><script href="${a}/a.js"></script></svg>`,
    `<svg><script xlink:href="${a}/a.js"/></svg><script src="${a}/a.js"></script>`,
    `<svg><image href="${px}/p.gif" width="1" height="1"/></svg>`,
    `<object data="${px}/p.gif" type="image/gif"></object>`,
    `<embed src="${px}/p.gif" type="image/gif">`,
    `<input type="image" src="${px}/p.gif" alt="Skicka">`,
    `<video poster="${px}/p.gif"></video>`,
    `<video><track default src="${px}/t.vtt"></video>`,
    `<iframe title="x" srcdoc="&lt;img src=&quot;${px}/p.gif&quot; alt=&quot;&quot;&gt;"></iframe>`,
    `<link rel="preload" as="image" imagesrcset="${px}/p.gif 1x">`,
    `<table background="${px}/p.gif"><tr><td>x</td></tr></table>`,
    `<div style="background:url(${px}/p.gif)">x</div>`,
    `<style>@import "${px}/s.css";</style>`,
    `<style>body{background:url(${px.replace(".localhost", "\\2e localhost")}/p.gif)}</style>`,
    `<script type="application/x-javascript" src="${a}/a.js"></script>`,
    `<script type="text/javascript1.5" src="${a}/a.js"></script>`,
    `<script type="importmap">{"imports":{"t":"${a}/a.js"}}</script><script type="module">import "t";</script>`,
    `<img src="/missing.gif" alt="" onerror="new Image().src='${px}/p.gif'">`,
    `<iframe title="x" src="data:text/html,&lt;img src='${px}/p.gif'&gt;"></iframe>`,
    `<scr` + `ipt src="${a}/a.js"></scr` + `ipt><svg><script/></svg><script src="${a}/b.js"></script>`,
  ];
  routes.pixel["/s.css"] = { type: "text/css", body: "body{color:#000}" };
  routes.pixel["/t.vtt"] = { type: "text/vtt", body: "WEBVTT\n" };
  const bypassPage = (body) =>
    `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title></head><body><h1>Prov</h1>${body}<p>Slut</p></body></html>`;
  // The same pseudo-random chunking on every run (a test that fails can be replayed).
  const chunked = (res, text, mode) => {
    const bytes = Buffer.from(text);
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const pieces = [];
    for (let i = 0; i < bytes.length; ) {
      const size = mode === "1" ? 1 : 1 + (next() % 64);
      pieces.push(bytes.subarray(i, i + size));
      i += size;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    const write = () => {
      const piece = pieces.shift();
      if (!piece) return res.end();
      res.write(piece, () => setImmediate(write));
    };
    write();
  };
  // The last request headers the origin received at /__headers (what edge mode forwards).
  let lastHeaders = {};

  const origin = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/__bypass") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify(bypasses.length));
    }
    if (path.startsWith("/__bypass/")) {
      const name = path.slice("/__bypass/".length);
      const body = name === "unknown" ? `<script src="${host("chat")}/widget.js"></script><img src="${host("chat")}/p.gif" alt="">` : bypasses[Number(name)];
      if (body === undefined) return res.writeHead(404).end();
      const mode = new URL(req.url ?? "/", "http://x").searchParams.get("chunks") ?? "random";
      return chunked(res, bypassPage(body), mode);
    }
    if (path === "/__headers") {
      if (req.method === "GET" && req.headers["x-read"] === "1") {
        res.writeHead(200, { "Content-Type": "application/json" });
        return res.end(JSON.stringify(lastHeaders));
      }
      lastHeaders = req.headers;
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify(req.headers));
    }
    const html = (body, extra = {}) => {
      res.writeHead(200, {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": csp,
        "Cache-Control": "public, max-age=60",
        // A necessary session cookie and an analytics cookie set by the server itself.
        "Set-Cookie": ["klinik_session=s1; Path=/; HttpOnly; SameSite=Lax", "_sa_id=server.1; Path=/; Max-Age=34128000; SameSite=Lax"],
        ...extra,
      });
      res.end(body);
    };
    if (path === "/kampanj") {
      // A careless CMS plugin that writes "accepted" into the consent cookie itself.
      return html(originPages["/om-oss"], {
        "Set-Cookie": ["klinik_session=s1; Path=/; HttpOnly; SameSite=Lax", `samtycke=s2.1.1.${Math.floor(Date.now() / 1000)}.accept-all.sv.necessary+analytics+media+marketing; Path=/; Max-Age=34128000`],
      });
    }
    if (path === "/__chat-tag" && (req.method === "POST" || req.method === "DELETE")) {
      chatTag = req.method === "POST";
      res.writeHead(204);
      return res.end();
    }
    if (originPages[path]) {
      const body = originPages[path];
      return chatTag
        ? html(body.replace("<!--chat-->", `<script async src="${host("chat")}/widget.js"></script>`), { "Cache-Control": "no-store" })
        : html(body);
    }
    if (path === "/bred") {
      // A page wider than a phone's screen, as CMS pages with a wide table often are: the
      // banner must still fit the screen.
      return html(originPages["/om-oss"].replace("</main>", '<table width="640"><tr><td>Mottagning</td><td>Öppettider måndag till fredag 08–17</td></tr></table></main>'));
    }
    if (path === "/stor") return html(big);
    if (path === "/stor.txt") {
      // The same megabyte as plain text: the Worker passes it on untouched (bench-edge's
      // baseline for what streaming through any Worker costs).
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
      return res.end(big);
    }
    if (path === "/komprimerad") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip" });
      return res.end(gzipSync(originPages["/om-oss"]));
    }
    if (path === "/latin1") {
      res.writeHead(200, { "Content-Type": "text/html; charset=iso-8859-1" });
      return res.end(latin1);
    }
    if (path === "/gammal-sida") {
      res.writeHead(301, { Location: "/om-oss" });
      return res.end();
    }
    if (path === "/site.css") {
      res.writeHead(200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=600" });
      // The site's own styles, including broad element rules a banner must survive.
      return res.end(`body{margin:0;font-family:Georgia,serif;color:#222;background:#fdfcf8}
header.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;justify-content:space-between;align-items:center;padding:1rem;background:#e9f2ec}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
main{max-width:40rem;margin:0 auto;padding:1rem}
footer{padding:1rem;border-top:1px solid #ccc}
button{background:#c00;color:#ff0;text-transform:uppercase;font-size:2rem;border-radius:2rem}
h2{color:#906;font-size:3rem}
p{font-size:1.05rem}
a{color:#06c}
.pixel{position:absolute}
iframe{max-width:100%}
`);
    }
    if (path === "/site.js") {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      return res.end("window.__siteJs=(window.__siteJs||0)+1;");
    }
    if (path === "/logo.svg") {
      res.writeHead(200, { "Content-Type": "image/svg+xml" });
      return res.end('<svg xmlns="http://www.w3.org/2000/svg" width="180" height="40"><rect width="180" height="40" fill="#1f6e43"/><text x="10" y="26" fill="#fff" font-size="16">Hälsokliniken</text></svg>');
    }
    if (path === "/data.json") {
      res.writeHead(200, { "Content-Type": "application/json", "Set-Cookie": "_sa_ses.1=x; Path=/" });
      return res.end(JSON.stringify({ oppettider: "8–17", telefon: "08-123 45 67" }));
    }
    if (path === "/rapport.bin") {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      return res.end(binary);
    }
    res.writeHead(404, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp });
    res.end(page(path, "Sidan finns inte", "<p>Sidan du letar efter finns inte.</p>"));
  });
  ports.origin = await listen(origin, option("origin", "0"));

  if (consent) {
    // The same site with the embed tag: no Worker in front, the site's own cookies only.
    const embedSite = http.createServer((req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      if (embedPages[path]) {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": embedCsp, "Cache-Control": "no-cache" });
        return res.end(embedPages[path]);
      }
      origin.emit("request", req, res);
    });
    ports.embed = await listen(embedSite, option("embed", "0"));
  }

  for (const spec of forwards) {
    const [from, to] = spec.split("=").map(Number);
    const forward = net.createServer((client) => {
      const upstream = net.connect(to, "127.0.0.1");
      client.pipe(upstream).pipe(client);
      const close = () => { client.destroy(); upstream.destroy(); };
      client.on("error", close);
      upstream.on("error", close);
    });
    ports[`forward_${from}`] = await listen(forward, from);
  }

  const file = option("ports-file");
  if (file) writeFileSync(file, JSON.stringify(ports));
  console.log(`sample clinic site: origin http://127.0.0.1:${ports.origin}, third parties ${Object.keys(parties).map((n) => host(n)).join(", ")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
