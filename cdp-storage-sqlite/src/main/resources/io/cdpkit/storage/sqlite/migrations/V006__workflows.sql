-- Version 6: the workflows module's enrollment store. Definition versions (their JSON form, as the
-- workflows module writes it), each workflow's status, enrollments with their timers and history,
-- and the send records that make sends idempotent. Instants are INTEGER nanoseconds since the
-- epoch, as elsewhere. Enrollments are rowid rows because their history (a JSON array) grows.

CREATE TABLE workflow_versions (
  name      TEXT    NOT NULL,
  version   INTEGER NOT NULL,
  json      TEXT    NOT NULL,
  saved_at  INTEGER NOT NULL,
  PRIMARY KEY (name, version)
) WITHOUT ROWID;

CREATE TABLE workflow_statuses (
  name             TEXT    NOT NULL PRIMARY KEY,
  current_version  INTEGER NOT NULL,
  enabled          INTEGER NOT NULL,
  enabled_since    INTEGER
) WITHOUT ROWID;

CREATE TABLE enrollments (
  seq               INTEGER PRIMARY KEY,
  id                TEXT    NOT NULL UNIQUE,
  workflow          TEXT    NOT NULL,
  version           INTEGER NOT NULL,
  profile_id        TEXT    NOT NULL,
  state             TEXT    NOT NULL,
  step_id           TEXT,
  due_at            INTEGER,
  entered_at        INTEGER NOT NULL,
  step_started_at   INTEGER NOT NULL,
  attempt           INTEGER NOT NULL,
  trigger_event_id  TEXT,
  converted         INTEGER NOT NULL,
  reason            TEXT,
  ended_at          INTEGER,
  history           TEXT    NOT NULL
);
-- Due timers: only runnable (ACTIVE, WAITING) enrollments are in it, already in the order due()
-- returns them, so due(now, limit) reads limit entries and sorts nothing; an index on
-- (state, due_at) would need a sort to merge its two states.
CREATE INDEX enrollments_due ON enrollments (due_at, id)
  WHERE state IN ('ACTIVE', 'WAITING') AND due_at IS NOT NULL;
-- Figures: counts by state and conversions per workflow, from the index alone.
CREATE INDEX enrollments_by_workflow_state ON enrollments (workflow, state, converted);
CREATE INDEX enrollments_by_workflow ON enrollments (workflow, entered_at, id);
CREATE INDEX enrollments_by_profile ON enrollments (profile_id, entered_at, id);

CREATE TABLE workflow_sends (
  send_key       TEXT    NOT NULL PRIMARY KEY,
  enrollment_id  TEXT    NOT NULL,
  step_id        TEXT    NOT NULL,
  attempt        INTEGER NOT NULL,
  workflow       TEXT    NOT NULL,
  profile_id     TEXT    NOT NULL,
  channel        TEXT    NOT NULL,
  status         TEXT    NOT NULL,
  detail         TEXT    NOT NULL,
  intent_at      INTEGER NOT NULL,
  outcome_at     INTEGER
) WITHOUT ROWID;
CREATE INDEX workflow_sends_by_enrollment ON workflow_sends (enrollment_id, intent_at, send_key);
-- Frequency caps count delivered sends per profile and channel since an instant.
CREATE INDEX workflow_sends_delivered ON workflow_sends (profile_id, channel, intent_at)
  WHERE status = 'DELIVERED';
