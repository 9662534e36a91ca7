-- Version 4: privacy. Why an identifier is undeliverable; every consent decision as history; an
-- audit trail without personal data; hashes of erased identifiers (the suppression list).

ALTER TABLE identifiers ADD COLUMN undeliverable_reason TEXT;

CREATE TABLE consent_history (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  owner             TEXT    NOT NULL,
  origin            TEXT    NOT NULL,
  identifier_type   TEXT,               -- the address the decision came through, when known
  identifier_value  TEXT,
  channel           TEXT    NOT NULL,
  purpose           TEXT    NOT NULL,
  status            TEXT    NOT NULL,
  at                INTEGER NOT NULL,
  source            TEXT    NOT NULL,
  expires_at        INTEGER,
  actor             TEXT    NOT NULL
);
CREATE INDEX consent_history_by_owner ON consent_history (owner, at, seq);
CREATE INDEX consent_history_by_origin ON consent_history (origin);

CREATE TABLE audit_log (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,
  actor       TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  profile_id  TEXT    NOT NULL,
  detail      TEXT    NOT NULL
);
CREATE INDEX audit_log_by_profile ON audit_log (profile_id, seq);

CREATE TABLE suppression_list (
  hash  TEXT NOT NULL PRIMARY KEY
) WITHOUT ROWID;
