-- Published sick-leave statistics. A month is published once it has ended, and then stays as
-- published: a patient who withdraws later is erased from `certificate_statistics`, but the
-- published cells (each resting on at least five distinct patients, no patient named) do not
-- change, so comparing two readings singles no one out. Cells below the threshold are never
-- stored here.
CREATE TABLE IF NOT EXISTS statistics_months (
  month        TEXT PRIMARY KEY,
  published_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS statistics_published (
  month    TEXT NOT NULL,
  chapter  TEXT NOT NULL,
  degree   INTEGER NOT NULL,
  duration TEXT NOT NULL,
  patients INTEGER NOT NULL,
  PRIMARY KEY (month, chapter, degree, duration)
);
