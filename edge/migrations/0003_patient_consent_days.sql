-- Patients' consent transitions counted per day for the maintainers' dashboard. Counts only:
-- no subject, no time of day, so nothing here points back to a patient. Each patient's own
-- history (with receipts) lives in their Durable Object.
CREATE TABLE patient_consent_days (
  day TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('given', 'withdrawn')),
  n INTEGER NOT NULL,
  PRIMARY KEY (day, state)
) WITHOUT ROWID;
