-- Edge mode's consent policy: third parties the visitors' browsers refused that no service
-- of the site's configuration claims (drift), counted per site, day, origin and directive.
-- No visitor identifier, page address, path or query is stored: only the refused origin.
CREATE TABLE IF NOT EXISTS csp_drift (
  site_id   TEXT NOT NULL,
  day       TEXT NOT NULL,
  origin    TEXT NOT NULL,
  directive TEXT NOT NULL,
  reports   INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (site_id, day, origin, directive)
);
