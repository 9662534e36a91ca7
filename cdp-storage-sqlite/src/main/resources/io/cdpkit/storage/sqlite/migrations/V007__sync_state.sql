-- Version 7: the segments module's sync state store (SegmentSync). One table per concept: where
-- each (segment, destination) sync stands, the queue of pending changes, the one formed but
-- unacknowledged batch per pair, and the members each destination holds with the identifiers sent
-- for them. Instants are INTEGER nanoseconds since the epoch, as elsewhere.

CREATE TABLE sync_states (
  segment                TEXT    NOT NULL,
  destination            TEXT    NOT NULL,
  status                 TEXT    NOT NULL,
  snapshot_cursor        TEXT,
  snapshot_complete      INTEGER NOT NULL,
  last_sequence          INTEGER NOT NULL,
  acknowledged_sequence  INTEGER NOT NULL,
  attempts               INTEGER NOT NULL,
  next_attempt_at        INTEGER NOT NULL,
  failure                TEXT,
  updated_at             INTEGER NOT NULL,
  PRIMARY KEY (segment, destination)
) WITHOUT ROWID;

-- AUTOINCREMENT: an id is never reused, even after the newest change was consumed, so ids only
-- grow in append order as the port promises.
CREATE TABLE sync_changes (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  segment      TEXT    NOT NULL,
  destination  TEXT    NOT NULL,
  profile_id   TEXT    NOT NULL,
  reason       TEXT    NOT NULL,
  at           INTEGER NOT NULL
);
-- The oldest changes of a pair, and their count, from the index alone.
CREATE INDEX sync_changes_by_pair ON sync_changes (segment, destination, id);

-- A rowid table: the members columns hold up to a batch of JSON
-- ([{"id","identifiers":{key: value}}]), too large for a WITHOUT ROWID row.
CREATE TABLE sync_batches (
  segment      TEXT    NOT NULL,
  destination  TEXT    NOT NULL,
  sequence     INTEGER NOT NULL,
  kind         TEXT    NOT NULL,
  last_part    INTEGER NOT NULL,
  added        TEXT    NOT NULL,
  removed      TEXT    NOT NULL,
  UNIQUE (segment, destination)
);

-- The key serves the lookup of one member, the count per pair and the paging by profile id.
CREATE TABLE sync_members (
  segment      TEXT    NOT NULL,
  destination  TEXT    NOT NULL,
  profile_id   TEXT    NOT NULL,
  identifiers  TEXT    NOT NULL,
  PRIMARY KEY (segment, destination, profile_id)
) WITHOUT ROWID;
