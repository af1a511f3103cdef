-- Which patients' objects hold certificates, and under which material revision of the privacy
-- notice their consent was given: after a material change, the lapse sweep
-- (edge/src/lapse_sweep.rs) visits the objects whose consent no longer covers processing, so
-- their certificates and statistics rows are erased even if the patient never logs in again.
-- Keyed by subject id (a keyed hash); nothing else about the patient.
CREATE TABLE IF NOT EXISTS patient_holdings (
  subject TEXT PRIMARY KEY,
  revision INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS patient_holdings_by_revision ON patient_holdings (revision);
-- Patients who already held certificates before this table: listed at revision 0, so the next
-- sweep visits each object once, which then records its real revision (or erases, if lapsed).
INSERT OR IGNORE INTO patient_holdings (subject, revision)
  SELECT DISTINCT subject, 0 FROM certificate_statistics;
