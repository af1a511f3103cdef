// A test care network for `make dev` and `make test`, on loopback: the record systems
// ("journalsystem") of three care providers, `exempelregionen` (which holds the sick-leave
// certificates of seed/care-records.json), `norrvarden` and `soderkliniken`. Each pushes its
// certificates (those of the seed and any issued at run time) to Samtycke's intake,
// `POST {SAMTYCKE_URL}/api/intake/certificates`, each request signed with RFC 9421 HTTP
// Message Signatures (scripts/http-signature.mjs) by that provider's key, made at start; the
// providers' public JWK sets are written to PUBLIC_KEY_FILE for Samtycke's configuration
// (`{"providers": {id: {"name", "keys"}}}`). It is never deployed.
//
// Samtycke calls `POST /{provider}/resend {"personal_identity_number"}` (signed with a key
// from its /.well-known/samtycke/http-keys.json) when a patient that provider sent a
// certificate to consents: every certificate of that patient from that provider is pushed
// again, one after the other. Every resend request received is logged, so a test can see
// which providers learnt that a patient consented. Intake answers 201 (stored), 200 (replaced
// or unchanged) or 409 `patient_consent_missing` (no consent yet: the record system keeps the
// certificate, as a real one does); every outcome is kept.
//
// Test controls (no authentication; loopback only), JSON in and out:
//   POST /test/issue {"personal_identity_number", "provider"?, "overrides"?}  a new
//        certificate from `provider` (default exempelregionen), pushed
//   POST /test/correct {"id", "overrides"?}                      the next version, pushed
//   POST /test/push-all                  push every certificate never pushed yet (the seed's)
//   POST /test/target {"samtycke"?}      push to that Samtycke's intake from now on (a test's
//                                        own Worker); without it, back to SAMTYCKE_URL's
//   GET  /test/last-push                 the last signed request sent to intake, to replay
//   GET  /test/records?patient=NUMBER    the certificates held and each one's last outcome
//   GET  /test/resends?patient=NUMBER    the resend requests each provider received
//   POST /test/sign {"url", "body", "method"?}  signature headers for that request, unsent
//   GET  /health
// `overrides` are certificate fields: `issuer` and `patient` are merged field by field, other
// fields replaced, and a null removes the field (to see Samtycke refuse a malformed one).
//
// Usage: node scripts/test-care-system.mjs PORT SAMTYCKE_URL PUBLIC_KEY_FILE
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname } from "node:path";
import {
  SignatureFailure, createVerifier, generateSigningKey, keySetFetcher, logRequests, readBody,
  sendJson, signRequest, verifyIncoming,
} from "./http-signature.mjs";

const [port, samtyckeArg, publicKeyFile] = process.argv.slice(2);
if (!port || !samtyckeArg || !publicKeyFile) {
  console.error("usage: test-care-system.mjs PORT SAMTYCKE_URL PUBLIC_KEY_FILE");
  process.exit(2);
}
const PROVIDERS = {
  exempelregionen: "Region Exempel (testjournal)",
  norrvarden: "Norrvården (testjournal)",
  soderkliniken: "Söderkliniken (testjournal)",
};
const DEFAULT_PROVIDER = "exempelregionen";
const samtycke = samtyckeArg.replace(/\/+$/, "");
// Where pushes go: Samtycke's intake, or another Samtycke a test points the network at.
let intakeUrl = `${samtycke}/api/intake/certificates`;
const origin = `http://127.0.0.1:${port}`;

// Each provider's request-signing key: the private halves stay in memory, the public halves go
// to the file.
const signing = Object.fromEntries(Object.keys(PROVIDERS).map((id) => [id, generateSigningKey(`${id}-test-${Date.now()}`)]));
mkdirSync(dirname(publicKeyFile), { recursive: true });
writeFileSync(publicKeyFile, JSON.stringify({
  providers: Object.fromEntries(Object.entries(PROVIDERS).map(([id, name]) => [id, { name, keys: [signing[id].publicJwk] }])),
}, null, 2) + "\n");

// Samtycke's keys, for /resend: fetched when first needed (Samtycke may start after us).
const verifier = createVerifier({ lookupKey: keySetFetcher(`${samtycke}/.well-known/samtycke/http-keys.json`) });

// ---- The certificate format (the same rules as Samtycke's intake) ----

const TEXT_FIELDS = ["basis", "course", "impairment", "activity_limitation", "work_capacity_assessed_against", "recommendations", "planned_treatment", "prognosis"];
const FIELDS = new Set(["id", "version", "type", "issued_at", "issuer", "patient", "diagnoses", "sick_leave", ...TEXT_FIELDS]);
const isText = (v) => typeof v === "string" && v.trim().length > 0 && v.length <= 2000;
const isDate = (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** What is wrong with a certificate (empty when nothing is). */
function problems(c) {
  const out = [];
  const need = (ok, what) => ok || out.push(what);
  if (typeof c !== "object" || c === null || Array.isArray(c)) return ["not an object"];
  for (const key of Object.keys(c)) need(FIELDS.has(key), `unknown field ${key}`);
  need(typeof c.id === "string" && /^[A-Za-z0-9._-]{1,64}$/.test(c.id), "id");
  need(Number.isInteger(c.version) && c.version >= 1, "version");
  need(c.type === "sjukpenning", "type");
  need(typeof c.issued_at === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(c.issued_at) && !Number.isNaN(Date.parse(c.issued_at)), "issued_at");
  for (const key of ["doctor", "care_unit", "care_unit_id", "care_provider"]) need(isText(c.issuer?.[key]), `issuer.${key}`);
  need(typeof c.patient?.personal_identity_number === "string" && /^\d{12}$/.test(c.patient.personal_identity_number), "patient.personal_identity_number");
  for (const key of ["name", "address"]) need(isText(c.patient?.[key]), `patient.${key}`);
  need(Array.isArray(c.diagnoses) && c.diagnoses.length >= 1 && c.diagnoses.length <= 3, "diagnoses (1–3)");
  for (const [i, d] of (Array.isArray(c.diagnoses) ? c.diagnoses : []).entries()) {
    need(typeof d?.code === "string" && /^[A-Z]\d{2}(\.\d{1,2})?$/.test(d.code), `diagnoses[${i}].code`);
    need(isText(d?.text), `diagnoses[${i}].text`);
  }
  for (const key of TEXT_FIELDS) need(isText(c[key]), key);
  const periods = Array.isArray(c.sick_leave) ? c.sick_leave : [];
  need(Array.isArray(c.sick_leave) && periods.length >= 1 && periods.length <= 4, "sick_leave (1–4 periods)");
  for (const [i, p] of periods.entries()) {
    need([25, 50, 75, 100].includes(p?.degree), `sick_leave[${i}].degree`);
    need(isDate(p?.from) && isDate(p?.to) && p.from <= p.to, `sick_leave[${i}] from ≤ to`);
    if (i > 0) need(periods[i - 1]?.to < p?.from, `sick_leave[${i}] after sick_leave[${i - 1}]`);
  }
  return out;
}

// ---- The records ----

/** Certificate id → { provider, certificate, intake: last outcome or null, pushes: count }. */
const records = new Map();
const keep = (certificate, provider = DEFAULT_PROVIDER) => {
  const record = { provider, certificate, intake: null, pushes: 0 };
  records.set(certificate.id, record);
  return record;
};
const ofPatient = (number) => [...records.values()].filter((r) => r.certificate.patient?.personal_identity_number === number);

const seed = JSON.parse(readFileSync(new URL("../seed/care-records.json", import.meta.url), "utf8"));
for (const certificate of seed.certificates) {
  const wrong = problems(certificate);
  if (wrong.length) {
    console.error(`seed/care-records.json: certificate ${certificate.id}: ${wrong.join(", ")}`);
    process.exit(1);
  }
  keep(certificate);
}
const { patients } = JSON.parse(readFileSync(new URL("../seed/test-patients.json", import.meta.url), "utf8"));
const patientByNumber = new Map(patients.map((p) => [p.personal_identity_number, p]));

// ---- Pushing to intake ----

let lastPush = null;
const pushLog = [];
const resendLog = [];

function outcomeOf(status, body) {
  if (status === 201) return "stored";
  if (status === 200) return "replaced_or_unchanged";
  if (status === 409 && body?.error?.code === "patient_consent_missing") return "kept_without_consent";
  return "error";
}

/** Push one record's certificate to intake, signed by its provider; keeps and returns the outcome. */
async function push(record) {
  const body = JSON.stringify(record.certificate);
  const key = signing[record.provider];
  const { headers } = await signRequest({ method: "POST", url: intakeUrl, body, key: key.privateKey, keyid: key.kid });
  lastPush = { url: intakeUrl, method: "POST", headers, body };
  let status;
  let answer;
  try {
    const res = await fetch(intakeUrl, { method: "POST", headers, body });
    status = res.status;
    const text = await res.text();
    try {
      answer = JSON.parse(text);
    } catch {
      answer = text;
    }
  } catch (error) {
    status = 0;
    answer = { error: { code: "unreachable", message: `${error.message}${error.cause ? `: ${error.cause.message}` : ""}` } };
  }
  const outcome = { status, body: answer, result: outcomeOf(status, answer), at: new Date().toISOString() };
  record.intake = outcome;
  record.pushes += 1;
  pushLog.push({ id: record.certificate.id, version: record.certificate.version, ...outcome });
  console.log(`${outcome.at} push ${record.provider} ${record.certificate.id} v${record.certificate.version} -> ${status} ${outcome.result}${outcome.result === "error" ? ` ${JSON.stringify(answer)}` : ""}`);
  return outcome;
}

// ---- New certificates and corrections ----

const isPlainObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
/** Apply overrides: issuer and patient merged field by field, null removes, the rest replaced. */
function applyOverrides(certificate, overrides = {}) {
  const out = structuredClone(certificate);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) {
      for (const [k, v] of Object.entries(value)) {
        if (v === null) delete out[key][k];
        else out[key][k] = v;
      }
    } else out[key] = structuredClone(value);
  }
  return out;
}

const swedishToday = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date());
const addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
const nowSeconds = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");

let issued = 0;
function template(number, provider = DEFAULT_PROVIDER) {
  const person = patientByNumber.get(number);
  const today = swedishToday();
  return {
    id: `lisjp-test-${++issued}-${randomBytes(3).toString("hex")}`,
    version: 1,
    type: "sjukpenning",
    issued_at: nowSeconds(),
    issuer: {
      doctor: "Bo Prov",
      care_unit: "Vårdcentralen Testby",
      care_unit_id: "SE2321000016-2051",
      care_provider: PROVIDERS[provider].replace(" (testjournal)", ""),
    },
    patient: {
      personal_identity_number: number,
      name: person ? `${person.given_name} ${person.family_name}` : "Okänd Testperson",
      address: person?.address ?? "Okänd adress, 000 00 Testby",
    },
    diagnoses: [{ code: "J06.9", text: "Akut övre luftvägsinfektion, ospecificerad" }],
    basis: `Undersökning vid besök ${today}`,
    course: "Feber och halsont sedan fyra dagar, nu med kraftig trötthet.",
    impairment: "Nedsatt ork och koncentrationsförmåga.",
    activity_limitation: "Orkar bara arbeta halva dagar.",
    work_capacity_assessed_against: "Nuvarande arbete: handläggare",
    sick_leave: [{ degree: 50, from: today, to: addDays(today, 13) }],
    recommendations: "Vila och återgång i full omfattning när febern gått över.",
    planned_treatment: "Ingen särskild behandling; återbesök vid försämring.",
    prognosis: "Väntas bli helt återställd inom två veckor.",
  };
}

// ---- The server ----

class BadRequest extends Error {}
async function readJson(req) {
  const body = await readBody(req);
  try {
    return { body, value: JSON.parse(body.toString("utf8")) };
  } catch {
    throw new BadRequest("The body is not JSON.");
  }
}

const publicRecord = (r) => ({ provider: r.provider, id: r.certificate.id, version: r.certificate.version, certificate: r.certificate, intake: r.intake, pushes: r.pushes });

async function handle(req, res, url) {
  const route = `${req.method} ${url.pathname}`;
  if (route === "GET /health") return sendJson(res, 200, { status: "ok", providers: Object.keys(PROVIDERS) });

  const resend = url.pathname.match(/^\/([a-z0-9-]+)\/resend$/);
  if (req.method === "POST" && resend && PROVIDERS[resend[1]]) {
    const provider = resend[1];
    const body = await readBody(req);
    try {
      await verifyIncoming(verifier, req, body);
    } catch (error) {
      if (!(error instanceof SignatureFailure)) throw error;
      console.log(`refused /resend: ${error.code}: ${error.message}`);
      return sendJson(res, error.status, error.body);
    }
    let number;
    try {
      number = JSON.parse(body.toString("utf8")).personal_identity_number;
    } catch {
      throw new BadRequest("The body is not JSON.");
    }
    if (typeof number !== "string") throw new BadRequest("personal_identity_number is required.");
    resendLog.push({ provider, personal_identity_number: number, at: new Date().toISOString() });
    console.log(`resend request to ${provider}`);
    const outcomes = [];
    for (const record of ofPatient(number).filter((r) => r.provider === provider)) outcomes.push((await push(record)).status);
    return sendJson(res, 200, { pushed: outcomes.length, outcomes });
  }

  if (route === "POST /test/issue") {
    const { value } = await readJson(req);
    const number = value?.personal_identity_number;
    if (typeof number !== "string" || !/^\d{12}$/.test(number)) throw new BadRequest("personal_identity_number (12 digits) is required.");
    if (value.overrides !== undefined && !isPlainObject(value.overrides)) throw new BadRequest("overrides must be an object.");
    const provider = value.provider ?? DEFAULT_PROVIDER;
    if (!PROVIDERS[provider]) throw new BadRequest(`provider must be one of ${Object.keys(PROVIDERS).join(", ")}.`);
    const certificate = applyOverrides(template(number, provider), value.overrides);
    return answerPushed(res, certificate, provider);
  }

  if (route === "POST /test/correct") {
    const { value } = await readJson(req);
    const record = records.get(value?.id);
    if (!record) return sendJson(res, 404, { error: { code: "not_found", message: `No certificate ${JSON.stringify(value?.id)}.` } });
    if (value.overrides !== undefined && !isPlainObject(value.overrides)) throw new BadRequest("overrides must be an object.");
    const previous = record.certificate;
    const corrected = applyOverrides({
      ...structuredClone(previous),
      version: previous.version + 1,
      prognosis: `${previous.prognosis ?? ""} (rättad)`.trim(),
    }, value.overrides);
    return answerPushed(res, corrected);
  }

  if (route === "GET /test/last-push") {
    if (!lastPush) return sendJson(res, 404, { error: { code: "not_found", message: "Nothing has been pushed yet." } });
    return sendJson(res, 200, lastPush);
  }

  if (route === "GET /test/records") {
    const number = url.searchParams.get("patient");
    const list = number ? ofPatient(number) : [...records.values()];
    return sendJson(res, 200, { patient: number, records: list.map(publicRecord) });
  }

  if (route === "GET /test/pushes") return sendJson(res, 200, { pushes: pushLog });

  if (route === "GET /test/resends") {
    const number = url.searchParams.get("patient");
    return sendJson(res, 200, { resends: resendLog.filter((r) => !number || r.personal_identity_number === number) });
  }

  if (route === "POST /test/target") {
    const { value } = await readJson(req);
    const base = value?.samtycke ?? samtycke;
    if (typeof base !== "string" || !/^http:\/\/127\.0\.0\.1:\d+$/.test(base.replace(/\/+$/, ""))) throw new BadRequest("samtycke must be http://127.0.0.1:PORT.");
    intakeUrl = `${base.replace(/\/+$/, "")}/api/intake/certificates`;
    console.log(`test control: pushing to ${intakeUrl}`);
    return sendJson(res, 200, { intake: intakeUrl });
  }

  if (route === "POST /test/push-all") {
    const outcomes = [];
    for (const record of records.values()) if (record.pushes === 0) outcomes.push((await push(record)).result);
    return sendJson(res, 200, { pushed: outcomes.length, outcomes });
  }

  if (route === "POST /test/sign") {
    const { value } = await readJson(req);
    if (typeof value?.url !== "string") throw new BadRequest("url is required.");
    const body = typeof value.body === "string" ? value.body : JSON.stringify(value.body ?? {});
    const key = signing[DEFAULT_PROVIDER];
    const signed = await signRequest({ method: value.method ?? "POST", url: value.url, body, key: key.privateKey, keyid: key.kid });
    return sendJson(res, 200, { url: value.url, method: (value.method ?? "POST").toUpperCase(), body, headers: signed.headers, signature_base: signed.signatureBase });
  }

  return sendJson(res, 404, { error: { code: "not_found", message: `No route ${route}.` } });
}

/** Keep a new certificate (or version) of `provider`, push it, answer what intake said. */
async function answerPushed(res, certificate, provider = DEFAULT_PROVIDER) {
  const wrong = problems(certificate);
  if (wrong.length) console.log(`note: certificate ${certificate.id} is not well-formed (${wrong.join(", ")}); pushing it anyway`);
  const record = records.get(certificate.id) ?? keep(certificate, provider);
  record.certificate = certificate;
  const outcome = await push(record);
  return sendJson(res, 200, { id: certificate.id, certificate, intake: { status: outcome.status, body: outcome.body, result: outcome.result } });
}

const server = createServer(async (req, res) => {
  logRequests(req, res);
  const url = new URL(req.url, origin);
  try {
    await handle(req, res, url);
  } catch (error) {
    if (error instanceof BadRequest) return sendJson(res, 400, { error: { code: "bad_request", message: error.message } });
    console.error(error);
    if (!res.headersSent) sendJson(res, 500, { error: { code: "internal", message: error.message } });
  }
});
// Idle connections outlive any pause between a client's requests (Node closes them after 5 s).
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;
server.listen(Number(port), "127.0.0.1", () => {
  console.log(`test care network (${Object.keys(PROVIDERS).join(", ")}) on ${origin}: ${records.size} certificate(s), pushing to ${intakeUrl}, public keys in ${publicKeyFile}`);
});
