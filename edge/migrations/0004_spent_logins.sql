-- Logins whose callback has been handled, so a replayed callback (the same login cookie and
-- code sent again) is refused before it reaches the e-ID provider's token endpoint. Only a
-- hash of the login's random `state`; rows past the login timeout are deleted by the
-- retention job.
CREATE TABLE spent_logins (
  state_hash TEXT PRIMARY KEY,
  started    INTEGER NOT NULL -- unix seconds the login began
) WITHOUT ROWID;
