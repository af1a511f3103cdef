// The local e-ID provider for `make dev` and `make test`: a real, certified OpenID Provider
// (npm oidc-provider) on loopback, logging in the test patients of seed/test-patients.json
// with the Swedish OIDC profile's personal identity number claim. It is never deployed.
//
// A test that needs a patient of its own (one nobody else has logged in as) asks for one:
// `POST /test/persons` answers {"personal_identity_number", "given_name", "family_name",
// "name"}: a new person with a valid personal identity number (a real date, a birth number
// that is issued, the Luhn check digit), who then appears on the login page.
//
// A Worker a test starts on a port of its own registers its origin, as a relying party
// registers its redirect URI with a real provider: `POST /test/relying-parties?origin=…`.
//
// Usage: node scripts/test-idp.mjs PORT RELYING_PARTY_ORIGIN[,ORIGIN…] CLIENT_ID CLIENT_SECRET
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import Provider from "oidc-provider";

const [port, rpOrigin, clientId, clientSecret] = process.argv.slice(2);
if (!port || !rpOrigin || !clientId || !clientSecret) {
  console.error("usage: test-idp.mjs PORT RELYING_PARTY_ORIGIN CLIENT_ID CLIENT_SECRET");
  process.exit(2);
}
const PNR_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber";
// The Swedish e-ID framework's assurance levels; a real e-ID (BankID) logs in at LoA3.
const LOA3 = "http://id.elegnamnden.se/loa/1.0/loa3";
const LOA2 = "http://id.elegnamnden.se/loa/1.0/loa2";
const issuer = `http://127.0.0.1:${port}`;
const relyingParties = rpOrigin.split(",");
const { patients } = JSON.parse(readFileSync(new URL("../seed/test-patients.json", import.meta.url), "utf8"));
const byNumber = new Map(patients.map((p) => [p.personal_identity_number, p]));

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
let keyCount = 0;
const newSigningKey = (key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey) => ({
  ...key.export({ format: "jwk" }),
  kid: `test-${Date.now()}-${++keyCount}`,
  alg: "RS256",
  use: "sig",
});
// Signing keys, newest first: the provider signs with the first and publishes all.
let signingKeys = [newSigningKey(privateKey)];
const cookieKeys = [randomBytes(32).toString("hex")];

const makeProvider = () => new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: relyingParties.map((origin) => `${origin}/auth/callback`),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "RS256",
      // Every ID token says when the person authenticated.
      require_auth_time: true,
    },
  ],
  acrValues: [LOA3, LOA2],
  jwks: { keys: signingKeys },
  cookies: { keys: cookieKeys },
  // The Swedish OIDC profile: the number comes in the ID token, under its own scope.
  claims: {
    openid: ["sub"],
    profile: ["name", "given_name", "family_name"],
    "https://id.oidc.se/scope/naturalPersonNumber": [PNR_CLAIM],
  },
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, id) {
    const patient = byNumber.get(id);
    if (!patient) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          name: `${patient.given_name} ${patient.family_name}`,
          given_name: patient.given_name,
          family_name: patient.family_name,
          [PNR_CLAIM]: patient.personal_identity_number,
        };
      },
    };
  },
});
// Logins in progress live in the provider's in-memory store, which every instance shares.
let provider = makeProvider();

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The "e-ID app": pick a test patient (what BankID's test environment does with a test card).
function loginPage(uid) {
  const buttons = patients
    .map((p) => `<li><button type="submit" name="pnr" value="${escape(p.personal_identity_number)}">${escape(p.given_name)} ${escape(p.family_name)} (${escape(p.personal_identity_number)})</button></li>`)
    .join("\n");
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Test-e-legitimation</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>
<h1>Test-e-legitimation</h1><p>Lokal testinloggning. Välj testperson:</p>
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="acr">Tillitsnivå</label> <select id="acr" name="acr"><option value="${LOA3}" selected>LoA3 (BankID, Freja+)</option><option value="${LOA2}">LoA2 (lägre)</option></select></p>
<ul>${buttons}</ul></form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">Avbryt</button></form>
</main></body></html>`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function grantAll(details) {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  return grant.save();
}

// A stand-in for a Cloudflare Access team (the admin pages accept Access tokens when
// configured): its certs endpoint and, for tests, tokens for an application audience.
const accessKid = `access-${Date.now()}`;
function accessToken(aud, email, lifetime) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const signed = `${b64({ alg: "RS256", kid: accessKid, typ: "JWT" })}.${b64({
    iss: issuer, aud: [aud], email, sub: email, iat: now, exp: now + lifetime, type: "app",
  })}`;
  return `${signed}.${createSign("sha256").update(signed).sign(privateKey).toString("base64url")}`;
}
function access(url, res) {
  if (url.pathname === "/cdn-cgi/access/certs") {
    const key = { ...publicKey.export({ format: "jwk" }), kid: accessKid, alg: "RS256", use: "sig" };
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ keys: [key] }));
  }
  const aud = url.searchParams.get("aud") ?? "";
  const lifetime = Number(url.searchParams.get("lifetime") ?? "600");
  res.writeHead(200, { "content-type": "text/plain" });
  return res.end(accessToken(aud, url.searchParams.get("email") ?? "maintainer@example.se", lifetime));
}

// What tests may ask of this stand-in, as a real provider does it: rotate its signing key
// (a new key signs, the old one is still published), or stop answering the relying party's
// back-channel requests (an outage as the Worker sees it; the browser's pages still load).
let outage = false;
let minted = 0;

/** The check digit of a personal identity number's last ten digits but one (Luhn). */
function checkDigit(nine) {
  let sum = 0;
  for (const [i, ch] of [...nine].entries()) {
    let d = Number(ch) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A new test person with a valid personal identity number no one else has. */
function mintPerson() {
  for (;;) {
    const born = new Date(Date.UTC(1940, 0, 1) + Math.floor(Math.random() * 65 * 365.25) * 86_400_000);
    const date = born.toISOString().slice(0, 10).replaceAll("-", "");
    const serial = String(1 + Math.floor(Math.random() * 999)).padStart(3, "0");
    const number = `${date}${serial}${checkDigit(`${date.slice(2)}${serial}`)}`;
    if (byNumber.has(number)) continue;
    minted += 1;
    // A surname of its own, so no person's name begins another's.
    const letters = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join("");
    const family = `${letters[0].toUpperCase()}${letters.slice(1)}`;
    const person = { given_name: "Testperson", family_name: family, personal_identity_number: number, address: "Provgatan 1, 123 45 Testby" };
    // Newest first on the login page, so a keyboard user reaches it with a few Tabs.
    patients.unshift(person);
    byNumber.set(number, person);
    return { ...person, name: `${person.given_name} ${person.family_name}` };
  }
}

const BACK_CHANNEL = new Set(["/.well-known/openid-configuration", "/jwks", "/token"]);
function control(url, res) {
  if (url.pathname === "/test/persons") {
    const person = mintPerson();
    console.log(`test control: minted ${person.name}`);
    res.writeHead(201, { "content-type": "application/json" });
    return res.end(JSON.stringify(person));
  }
  if (url.pathname === "/test/relying-parties") {
    const origin = url.searchParams.get("origin") ?? "";
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(origin)) return res.writeHead(400).end("origin: http://127.0.0.1:PORT");
    if (!relyingParties.includes(origin)) relyingParties.push(origin);
    provider = makeProvider();
  } else if (url.pathname === "/test/rotate-key") {
    signingKeys = [newSigningKey(), ...signingKeys];
    provider = makeProvider();
  } else if (url.pathname === "/test/outage-on" || url.pathname === "/test/outage-off") {
    outage = url.pathname === "/test/outage-on";
  } else {
    return res.writeHead(404).end();
  }
  console.log(`test control: ${url.pathname}`);
  return res.writeHead(204).end();
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === "/cdn-cgi/access/certs" || url.pathname === "/test/access-token") return access(url, res);
  if (req.method === "POST" && url.pathname.startsWith("/test/")) return control(url, res);
  if (outage && BACK_CHANNEL.has(url.pathname)) {
    res.writeHead(503, { "content-type": "text/plain", "retry-after": "30" });
    return res.end("temporarily unavailable");
  }
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) return provider.callback()(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === "GET" && !match[2]) {
      if (details.prompt.name === "consent") {
        // An e-ID broker asks no separate consent: the relying party asks its own.
        return await provider.interactionFinished(req, res, { consent: { grantId: await grantAll(details) } });
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(loginPage(details.uid));
    }
    if (req.method === "POST" && match[2] === "login") {
      const form = await readForm(req);
      const pnr = form.get("pnr");
      const acr = form.get("acr") === LOA2 ? LOA2 : LOA3;
      if (!byNumber.has(pnr)) {
        res.writeHead(400, { "content-type": "text/plain" });
        return res.end("unknown test person");
      }
      return await provider.interactionFinished(req, res, { login: { accountId: pnr, acr } }, { mergeWithLastSubmission: false });
    }
    if (req.method === "POST" && match[2] === "abort") {
      return await provider.interactionFinished(req, res, {
        error: "access_denied",
        error_description: "The person cancelled the login.",
      });
    }
    res.writeHead(405).end();
  } catch (error) {
    res.writeHead(400, { "content-type": "text/plain" });
    res.end(`interaction failed: ${error.message}`);
  }
});
// Idle connections outlive any pause between a client's requests (Node closes them after 5 s).
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(Number(port), "127.0.0.1", () => console.log(`test e-ID provider on ${issuer}`));
