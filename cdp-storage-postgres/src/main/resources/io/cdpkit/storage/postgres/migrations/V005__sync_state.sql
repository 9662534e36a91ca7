-- V005__sync_state: the segments module's sync state store (SegmentSync), as SQLite's V007. One
-- table per concept: where each (segment, destination) sync stands, the queue of pending changes,
-- the one formed but unacknowledged batch per pair, and the members each destination holds with
-- the identifiers sent for them. Instants are bigint nanoseconds since the epoch, as elsewhere.
-- Profile ids are COLLATE "C" (UTF-8 byte order, which is code-point order) so synced members page
-- in the order of the in-memory store.

CREATE TABLE sync_states (
  segment                text    NOT NULL,
  destination            text    NOT NULL,
  status                 text    NOT NULL,
  snapshot_cursor        text,
  snapshot_complete      boolean NOT NULL,
  last_sequence          bigint  NOT NULL,
  acknowledged_sequence  bigint  NOT NULL,
  attempts               integer NOT NULL,
  next_attempt_at        bigint  NOT NULL,
  failure                text,
  updated_at             bigint  NOT NULL,
  PRIMARY KEY (segment, destination)
);

-- An identity column draws from a sequence, which never hands out a value twice: ids only grow in
-- append order, even after the newest change was consumed.
CREATE TABLE sync_changes (
  id           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  segment      text    NOT NULL,
  destination  text    NOT NULL,
  profile_id   text    NOT NULL,
  reason       text    NOT NULL,
  at           bigint  NOT NULL
);
-- The oldest changes of a pair, and their count, from the index.
CREATE INDEX sync_changes_by_pair ON sync_changes (segment, destination, id);

-- Members are jsonb ([{"id","identifiers":{key: value}}]): a batch is only stored, read and
-- deleted whole. claimed_by and claim_expires (nanoseconds on the database's clock, so instances on
-- different hosts agree) say which store instance is sending the batch; another instance takes it
-- only once the claim has expired.
CREATE TABLE sync_batches (
  segment        text    NOT NULL,
  destination    text    NOT NULL,
  sequence       bigint  NOT NULL,
  kind           text    NOT NULL,
  last_part      boolean NOT NULL,
  added          jsonb   NOT NULL,
  removed        jsonb   NOT NULL,
  claimed_by     text,
  claim_expires  bigint,
  PRIMARY KEY (segment, destination)
);

-- The key serves the lookup of one member, the count per pair and the paging by profile id.
CREATE TABLE sync_members (
  segment      text                NOT NULL,
  destination  text                NOT NULL,
  profile_id   text COLLATE "C"    NOT NULL,
  identifiers  jsonb               NOT NULL,
  PRIMARY KEY (segment, destination, profile_id)
);
