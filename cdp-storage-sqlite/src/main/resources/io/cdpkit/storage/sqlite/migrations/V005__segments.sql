-- Version 5: the segments module's stores. Saved segment definitions, their maintained members,
-- the instants at which a profile's membership must be checked again, and static groups. Checks
-- are rowid rows so that checks due at one instant come back in the order they were scheduled.

CREATE TABLE segments (
  name         TEXT    NOT NULL PRIMARY KEY,
  expression   TEXT    NOT NULL,
  description  TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE segment_members (
  segment     TEXT NOT NULL,
  profile_id  TEXT NOT NULL,
  PRIMARY KEY (segment, profile_id)
) WITHOUT ROWID;
CREATE INDEX segment_members_by_profile ON segment_members (profile_id, segment);

CREATE TABLE segment_checks (
  seq         INTEGER PRIMARY KEY,
  segment     TEXT    NOT NULL,
  profile_id  TEXT    NOT NULL,
  at          INTEGER NOT NULL,
  UNIQUE (segment, profile_id)
);
CREATE INDEX segment_checks_by_at ON segment_checks (at, seq);
CREATE INDEX segment_checks_by_profile ON segment_checks (profile_id);

CREATE TABLE static_groups (
  name        TEXT    NOT NULL PRIMARY KEY,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE static_group_members (
  group_name  TEXT NOT NULL,
  profile_id  TEXT NOT NULL,
  PRIMARY KEY (group_name, profile_id)
) WITHOUT ROWID;
CREATE INDEX static_group_members_by_profile ON static_group_members (profile_id, group_name);
