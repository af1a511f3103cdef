-- Medical certificates shown to patients who have consented. Keyed by the patient's subject id
-- (a keyed hash of the personal identity number); the number itself is never a key here.
-- Production fills this from the care provider's systems; local development and tests load
-- the sample certificates of the test patients (scripts/seed-patients.sh), never a migration.
CREATE TABLE certificates (
  subject TEXT NOT NULL,
  id TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (subject, id)
) WITHOUT ROWID;
