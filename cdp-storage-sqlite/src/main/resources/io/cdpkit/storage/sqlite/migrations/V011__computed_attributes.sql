-- Version 11: computed attribute definitions, so that every process on the file reads
-- $computed.NAME the same way. The window is an ISO-8601 duration, NULL for all time.

CREATE TABLE computed_attributes (
  name         TEXT NOT NULL PRIMARY KEY,
  kind         TEXT NOT NULL,
  event_type   TEXT,
  property     TEXT,
  time_window  TEXT
) WITHOUT ROWID;
