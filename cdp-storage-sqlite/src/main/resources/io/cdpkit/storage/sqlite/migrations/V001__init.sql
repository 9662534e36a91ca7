-- CDPKit SQLite schema, version 1: profiles, aliases, events, identifiers, attribute history.
--
-- Instants are INTEGER nanoseconds since the epoch (they sort and round-trip exactly). JSON
-- columns hold text written by the store. There are no foreign keys on purpose: the storage
-- ports allow an event, identifier or alias to name a profile row that does not exist (yet), and
-- the Cdp engine, not the schema, keeps rows consistent inside each transaction.

PRAGMA application_id = 1128550449; -- 'CDP1'

CREATE TABLE profiles (
  id          TEXT    NOT NULL PRIMARY KEY,
  attributes  TEXT    NOT NULL,   -- JSON object
  consents    TEXT    NOT NULL,   -- JSON array
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  merged_ids  TEXT    NOT NULL    -- JSON array of ids
);
CREATE INDEX profiles_by_created_at ON profiles (created_at, id);

-- An old (merged-away) profile id and the live profile it resolves to; never chained.
CREATE TABLE aliases (
  alias   TEXT NOT NULL PRIMARY KEY,
  target  TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX aliases_by_target ON aliases (target);

CREATE TABLE events (
  id                 TEXT    NOT NULL PRIMARY KEY,
  profile_id         TEXT    NOT NULL,   -- owner now
  origin_profile_id  TEXT    NOT NULL,   -- first recorded for; takes it back on unmerge
  type               TEXT    NOT NULL,
  ts                 INTEGER NOT NULL,
  received_at        INTEGER NOT NULL,
  source             TEXT    NOT NULL,
  properties         TEXT    NOT NULL,   -- JSON object
  identifiers        TEXT    NOT NULL    -- JSON array of [type, value]
);
CREATE INDEX events_by_profile ON events (profile_id, ts, id);
CREATE INDEX events_by_origin ON events (origin_profile_id);
CREATE INDEX events_by_type ON events (type, ts);

CREATE TABLE identifiers (
  type               TEXT    NOT NULL,
  value              TEXT    NOT NULL,
  profile_id         TEXT    NOT NULL,
  origin_profile_id  TEXT    NOT NULL,
  first_seen         INTEGER NOT NULL,
  last_seen          INTEGER NOT NULL,
  deliverable        INTEGER NOT NULL,
  main               INTEGER NOT NULL,
  PRIMARY KEY (type, value)
) WITHOUT ROWID;
CREATE INDEX identifiers_by_profile ON identifiers (profile_id, type, value);
CREATE INDEX identifiers_by_origin ON identifiers (origin_profile_id);

CREATE TABLE attribute_history (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  owner    TEXT    NOT NULL,
  origin   TEXT    NOT NULL,
  at       INTEGER NOT NULL,
  source   TEXT    NOT NULL,
  changes  TEXT    NOT NULL   -- JSON array of attribute changes
);
CREATE INDEX attribute_history_by_owner ON attribute_history (owner, at, origin, seq);
CREATE INDEX attribute_history_by_origin ON attribute_history (origin);
