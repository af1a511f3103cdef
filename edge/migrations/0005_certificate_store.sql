-- Certificates now live in each patient's Durable Object, held only while the patient's
-- consent is in force (edge/src/patient/certificates.rs). The old table only ever held the
-- test patients' sample certificates loaded by a seed script, which is gone.
DROP TABLE IF EXISTS certificates;

-- Each certificate held contributes one coarse row to the sick-leave statistics, written by
-- the patient's object and deleted with the certificates when consent is withdrawn. The
-- published figures suppress every cell under 5 (samtycke_care::statistics).
CREATE TABLE certificate_statistics (
  subject         TEXT NOT NULL,    -- the patient's subject id (keyed hash), never a number
  certificate_key TEXT NOT NULL,
  month           TEXT NOT NULL,    -- YYYY-MM the sick leave began
  chapter         TEXT NOT NULL,    -- ICD-10 chapter of the main diagnosis
  degree          INTEGER NOT NULL, -- highest sick-leave degree, per cent
  duration        TEXT NOT NULL,    -- band of total days
  PRIMARY KEY (subject, certificate_key)
) WITHOUT ROWID;
CREATE INDEX certificate_statistics_cells
  ON certificate_statistics (month, chapter, degree, duration);

-- Signed requests from care providers' systems already received: (key id, nonce) until the
-- signature would be refused as expired anyway, so a replay is refused (RFC 9421 nonces).
CREATE TABLE spent_request_nonces (
  keyid   TEXT NOT NULL,
  nonce   TEXT NOT NULL,
  expires INTEGER NOT NULL,         -- unix seconds
  PRIMARY KEY (keyid, nonce)
) WITHOUT ROWID;
