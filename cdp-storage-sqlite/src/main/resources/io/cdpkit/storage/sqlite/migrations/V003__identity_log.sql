-- Version 3: the identity log, an append-only record of merges, unmerges, refused merges and
-- rejected identifiers. identity_log_profiles indexes which profiles each record names (its
-- survivor and the others), so a profile's records are found without scanning the log; its rows
-- go with their record through the foreign key.

CREATE TABLE identity_log (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  at                INTEGER NOT NULL,
  kind              TEXT    NOT NULL,
  survivor_id       TEXT    NOT NULL,
  other_ids         TEXT    NOT NULL,   -- JSON array of ids, in order
  identifiers       TEXT    NOT NULL,   -- JSON array of [type, value]
  reason            TEXT    NOT NULL,
  actor             TEXT    NOT NULL,
  attributes_after  TEXT    NOT NULL,   -- JSON object
  absorbed          TEXT    NOT NULL    -- JSON array of profile rows as they were
);

CREATE TABLE identity_log_profiles (
  profile_id  TEXT    NOT NULL,
  seq         INTEGER NOT NULL REFERENCES identity_log (seq) ON DELETE CASCADE,
  PRIMARY KEY (profile_id, seq)
) WITHOUT ROWID;
CREATE INDEX identity_log_profiles_by_seq ON identity_log_profiles (seq);
