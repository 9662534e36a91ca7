-- Version 4: the workflows module's enrollment store (the SQLite store's V006 and V008 in one).
-- Definition versions (their JSON form, as the workflows module writes it), each workflow's
-- status, enrollments with their timers and history, the send records that make sends
-- idempotent, and the engine's pending signals. Instants are bigint nanoseconds since the epoch,
-- as elsewhere.
--
-- JSON columns are json, not jsonb: the store never looks inside them, hands them back as the
-- engine wrote them (jsonb would reformat a definition or a signal payload) and must accept any
-- string the engine puts in a history note (jsonb refuses the escape \u0000).
--
-- Ids, send keys and status names are COLLATE "C": ORDER BY then follows code points, as the
-- in-memory and SQLite stores do, whatever the database's collation.
--
-- Claims. Several application instances may run the engine against one database, so a due
-- enrollment and a pending signal are claimed by the instance that is about to handle them:
-- claimed_by is that store instance's random id and claimed_until the end of its lease, taken from
-- the database's clock so instances with skewed clocks agree on when a lease ends. A row is free
-- when claimed_by is NULL or the lease has ended.

CREATE TABLE workflow_versions (
  name      text    NOT NULL,
  version   integer NOT NULL,
  json      json    NOT NULL,
  saved_at  bigint  NOT NULL,
  PRIMARY KEY (name, version)
);

CREATE TABLE workflow_statuses (
  name             text COLLATE "C" NOT NULL PRIMARY KEY,
  current_version  integer NOT NULL,
  enabled          boolean NOT NULL,
  enabled_since    bigint
);

CREATE TABLE enrollments (
  id                text COLLATE "C" NOT NULL PRIMARY KEY,
  workflow          text    NOT NULL,
  version           integer NOT NULL,
  profile_id        text    NOT NULL,
  state             text    NOT NULL,
  step_id           text,
  due_at            bigint,
  entered_at        bigint  NOT NULL,
  step_started_at   bigint  NOT NULL,
  attempt           integer NOT NULL,
  trigger_event_id  text,
  converted         boolean NOT NULL,
  reason            text,
  ended_at          bigint,
  history           json    NOT NULL,
  claimed_by        uuid,
  claimed_until     timestamptz
);
-- Due timers: only runnable (ACTIVE, WAITING) enrollments are in it, in the order due() claims
-- them, so a claim over 100,000 waiting enrollments reads the rows it takes (and those other
-- instances hold), not the whole table.
CREATE INDEX enrollments_due ON enrollments (due_at, id)
  WHERE state IN ('ACTIVE', 'WAITING') AND due_at IS NOT NULL;
-- Figures: counts by state and conversions per workflow.
CREATE INDEX enrollments_by_workflow_state ON enrollments (workflow, state, converted);
CREATE INDEX enrollments_by_workflow ON enrollments (workflow, entered_at, id);
CREATE INDEX enrollments_by_profile ON enrollments (profile_id, entered_at, id);

CREATE TABLE workflow_sends (
  send_key       text COLLATE "C" NOT NULL PRIMARY KEY,
  enrollment_id  text    NOT NULL,
  step_id        text    NOT NULL,
  attempt        integer NOT NULL,
  workflow       text    NOT NULL,
  profile_id     text    NOT NULL,
  channel        text    NOT NULL,
  status         text    NOT NULL,
  detail         text    NOT NULL,
  intent_at      bigint  NOT NULL,
  outcome_at     bigint
);
CREATE INDEX workflow_sends_by_enrollment ON workflow_sends (enrollment_id, intent_at, send_key);
-- Frequency caps count delivered sends per profile and channel since an instant (from the index
-- alone, through the included status); an erasure deletes a profile's sends through it too.
CREATE INDEX workflow_sends_by_profile ON workflow_sends (profile_id, channel, intent_at)
  INCLUDE (status);

-- Pending signals (a segment transition, a stored event or a merge the engine heard on the ingest
-- path and has not handled yet), so that a crash loses none. The payload is the engine's small
-- JSON of ids and instants. Identity ids only grow, so pending signals are claimed oldest first.
CREATE TABLE workflow_signals (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind           text NOT NULL,
  payload        json NOT NULL,
  claimed_by     uuid,
  claimed_until  timestamptz
);
