-- Consent receipts: append-only. Rows are only ever inserted by POST /api/receipts
-- and deleted by the retention job; the trigger refuses any UPDATE.
CREATE TABLE receipts (
  receipt_id      TEXT PRIMARY KEY,
  subject         TEXT NOT NULL,
  issued_at       INTEGER NOT NULL, -- unix milliseconds
  idempotency_key TEXT UNIQUE,      -- "<subject>:<Idempotency-Key header>"
  body            TEXT NOT NULL
) STRICT;

CREATE INDEX receipts_by_subject ON receipts (subject, issued_at);

CREATE TRIGGER receipts_append_only BEFORE UPDATE ON receipts
BEGIN
  SELECT RAISE(ABORT, 'receipts are append-only');
END;
