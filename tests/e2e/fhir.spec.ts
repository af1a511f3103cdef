// Care systems read consent: the patient's history as FHIR R4 Consent resources (IHE PCF Basic
// Consent), for the patient and for a care system with the admin credentials, validated by an
// off-the-shelf FHIR R4 validator (npm `fhir`, FHIR.js: structure, cardinality, formats and
// required value sets), each carrying its signed receipt, which `verify-receipt` verifies.
import { expect, test } from "@playwright/test";
import { Fhir } from "fhir";
import { freshPatient, login, patientApi, sessionCookie, verifyOffline } from "./fixtures";

const ADMIN = { Authorization: `Bearer ${process.env.SAMTYCKE_ADMIN_TOKEN}` };
const fhir = new Fhir();

type Resource = {
  resourceType: string;
  id: string;
  status: string;
  meta: { profile: string[] };
  patient: { identifier: { system: string; value: string } };
  provision: { type: string; provision: { type: string; purpose: { code: string }[] }[] };
  sourceAttachment: { contentType: string; data: string };
};
type Bundle = { resourceType: string; type: string; entry: { resource: Resource }[] };

/** The validator's errors for `resource` (none when it is valid FHIR R4). */
function errors(resource: object): string[] {
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  return result.messages.filter((m: { severity: string }) => m.severity === "error").map((m: { message: string; location: string }) => `${m.message} @${m.location}`);
}

test("consent, withdrawal and consent again export as three valid FHIR Consent resources whose receipts verify", async ({ page, context, request }) => {
  // A patient of the test's own: the history holds exactly what this test did.
  const patient = await freshPatient(request);
  await login(page, patient);
  const cookie = (await sessionCookie(context)).value;
  expect((await patientApi(page, "/api/patient/consent", cookie)).body.state).toBe("none");
  for (const step of ["", "withdraw", ""]) {
    expect((await patientApi(page, `/api/patient/consent${step ? "/withdraw" : ""}`, cookie, "POST")).status).toBe(201);
  }

  const answer = await page.request.get("/api/patient/consent.fhir");
  expect(answer.status()).toBe(200);
  expect(answer.headers()["content-type"]).toBe("application/fhir+json");
  const bundle: Bundle = await answer.json();
  expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
  expect(errors(bundle)).toEqual([]);
  const resources = bundle.entry.map((e) => e.resource);
  for (const resource of resources) expect(errors(resource), resource.id).toEqual([]);

  // Consent, withdrawal, consent; only the latest is in force.
  expect(resources).toHaveLength(3);
  const last = resources;
  expect(last.map((r) => r.provision.type)).toEqual(["permit", "deny", "permit"]);
  expect(last.map((r) => r.status)).toEqual(["inactive", "inactive", "active"]);
  for (const r of last) {
    expect(r.meta.profile).toEqual(["https://profiles.ihe.net/ITI/PCF/StructureDefinition/IHE.PCF.consent"]);
    expect(r.patient.identifier).toEqual({ system: "urn:oid:1.2.752.129.2.1.3.1", value: patient.number });
    expect(r.provision.provision.map((p) => p.purpose[0].code)).toEqual(["ServiceProvision", "ResearchAndDevelopment"]);
  }
  expect(last[1].provision.provision.every((p) => p.type === "deny")).toBe(true);

  // Each carries its signed receipt, which verifies offline, and is the history's own.
  const receipts = last.map((r) => JSON.parse(Buffer.from(r.sourceAttachment.data, "base64").toString("utf8")));
  expect(receipts.map((r) => r.receipt_id)).toEqual(last.map((r) => r.id));
  expect(receipts[2].sensitive).toBe(true);
  expect(receipts[2].spiCat).toEqual(["health"]);
  expect(await verifyOffline(request, receipts)).toContain("3 of 3 receipts valid");

  // The validator is not a rubber stamp: a resource with a status FHIR does not have fails.
  expect(errors({ ...last[2], status: "granted" })).not.toEqual([]);

  // A care system asks by personal identity number, in the body, with the admin credentials.
  const asked = await request.post("/api/admin/patient-consent.fhir", { headers: ADMIN, data: { personal_identity_number: patient.number } });
  expect(asked.status()).toBe(200);
  const forCare: Bundle = await asked.json();
  expect(errors(forCare)).toEqual([]);
  expect(forCare.entry.map((e) => e.resource.id)).toEqual(resources.map((r) => r.id));
  expect(forCare.entry.at(-1)!.resource.status).toBe("active");
});

test("the care system export refuses a caller without credentials and a number that is not one", async ({ request }) => {
  const anonymous = await request.post("/api/admin/patient-consent.fhir", { data: { personal_identity_number: "198112289874" } });
  expect(anonymous.status()).toBe(401);
  const wrong = await request.post("/api/admin/patient-consent.fhir", { headers: ADMIN, data: { personal_identity_number: "198112289875" } });
  expect(wrong.status()).toBe(400);
  expect((await wrong.json()).error.code).toBe("invalid_identity_number");
  const malformed = await request.post("/api/admin/patient-consent.fhir", { headers: ADMIN, data: { number: "198112289874" } });
  expect(malformed.status()).toBe(400);
});
