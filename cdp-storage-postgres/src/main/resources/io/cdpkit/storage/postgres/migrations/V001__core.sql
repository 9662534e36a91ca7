-- V001__core: profiles, aliases, events with per-type counts, identifiers, attribute history and
-- the identity log (SQLite's versions 1 to 3, plus identifiers.undeliverable_reason, which SQLite
-- adds in its privacy migration).
--
-- Conventions, shared with the other migrations and the segment SQL compiler:
-- * instants are bigint nanoseconds since the epoch (they sort and round-trip exactly);
-- * ids, types and other compared text are COLLATE "C": byte order, which is code-point order in
--   UTF-8, the order the ports promise (and SQLite's BINARY);
-- * attribute trees and other structured values are jsonb written by JsonColumns;
-- * flags (deliverable, main) are smallint 0/1, so the compiled segment SQL's `<> 0` tests work on
--   both stores.
-- There are no foreign keys between these tables on purpose: the ports allow an event, identifier
-- or alias to name a profile row that does not exist (yet); the Cdp engine keeps rows consistent
-- inside each (serializable) transaction. The primary key of identifiers is what guarantees one
-- profile per identifier when several processes write at once.

CREATE TABLE profiles (
  id          text COLLATE "C" PRIMARY KEY,
  attributes  jsonb  NOT NULL,   -- object
  consents    jsonb  NOT NULL,   -- array
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL,
  merged_ids  jsonb  NOT NULL    -- array of ids
);
CREATE INDEX profiles_by_created_at ON profiles (created_at, id);

-- An old (merged-away) profile id and the live profile it resolves to; never chained.
CREATE TABLE aliases (
  alias   text COLLATE "C" PRIMARY KEY,
  target  text COLLATE "C" NOT NULL
);
CREATE INDEX aliases_by_target ON aliases (target);

CREATE TABLE events (
  id                 text COLLATE "C" PRIMARY KEY,
  profile_id         text COLLATE "C" NOT NULL,   -- owner now
  origin_profile_id  text COLLATE "C" NOT NULL,   -- first recorded for; takes it back on unmerge
  type               text COLLATE "C" NOT NULL,
  ts                 bigint NOT NULL,
  received_at        bigint NOT NULL,
  source             text   NOT NULL,
  properties         jsonb  NOT NULL,   -- object
  identifiers        jsonb  NOT NULL    -- array of [type, value]
);
CREATE INDEX events_by_profile ON events (profile_id, ts, id);
CREATE INDEX events_by_origin ON events (origin_profile_id);
CREATE INDEX events_by_type ON events (type, ts);

-- Event counts per type, kept by triggers so that typeCounts() and count() read a few rows instead
-- of every event. A type's count is the sum of its shards; each connection writes the shard of its
-- backend process, so concurrent writers rarely update the same row (one hot row per type would
-- make every pair of concurrent inserts of a type a serialization failure and a retry). A shard
-- may go negative when another connection deletes; a shard that reaches zero is removed.
CREATE TABLE event_type_counts (
  type   text COLLATE "C" NOT NULL,
  shard  smallint NOT NULL,
  count  bigint   NOT NULL,
  PRIMARY KEY (type, shard)
);

CREATE FUNCTION cdp_count_event_type(event_type text, delta bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO event_type_counts (type, shard, count)
    VALUES (event_type, pg_backend_pid() % 64, delta)
    ON CONFLICT (type, shard) DO UPDATE SET count = event_type_counts.count + excluded.count;
  DELETE FROM event_type_counts
    WHERE delta < 0 AND type = event_type AND shard = pg_backend_pid() % 64 AND count = 0;
$$;

CREATE FUNCTION cdp_events_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM cdp_count_event_type(OLD.type, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM cdp_count_event_type(NEW.type, 1);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_count_insert_delete AFTER INSERT OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION cdp_events_counted();
CREATE TRIGGER events_count_type AFTER UPDATE OF type ON events
  FOR EACH ROW WHEN (OLD.type IS DISTINCT FROM NEW.type) EXECUTE FUNCTION cdp_events_counted();

CREATE TABLE identifiers (
  type                  text COLLATE "C" NOT NULL,
  value                 text COLLATE "C" NOT NULL,
  profile_id            text COLLATE "C" NOT NULL,
  origin_profile_id     text COLLATE "C" NOT NULL,
  first_seen            bigint   NOT NULL,
  last_seen             bigint   NOT NULL,
  deliverable           smallint NOT NULL,   -- 0 or 1
  main                  smallint NOT NULL,   -- 0 or 1
  undeliverable_reason  text,
  PRIMARY KEY (type, value)
);
CREATE INDEX identifiers_by_profile ON identifiers (profile_id, type, value);
CREATE INDEX identifiers_by_origin ON identifiers (origin_profile_id);

-- The sequence only grows (an identity), also after the newest rows are deleted.
CREATE TABLE attribute_history (
  seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner    text COLLATE "C" NOT NULL,
  origin   text COLLATE "C" NOT NULL,
  at       bigint NOT NULL,
  source   text   NOT NULL,
  changes  jsonb  NOT NULL   -- array of attribute changes
);
CREATE INDEX attribute_history_by_owner ON attribute_history (owner, at, origin, seq);
CREATE INDEX attribute_history_by_origin ON attribute_history (origin);

-- The append-only log of merges, unmerges, refused merges and rejected identifiers.
-- identity_log_profiles indexes which profiles each record names (its survivor and the others);
-- its rows go with their record through the foreign key.
CREATE TABLE identity_log (
  seq               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at                bigint NOT NULL,
  kind              text   NOT NULL,
  survivor_id       text COLLATE "C" NOT NULL,
  other_ids         jsonb  NOT NULL,   -- array of ids, in order
  identifiers       jsonb  NOT NULL,   -- array of [type, value]
  reason            text   NOT NULL,
  actor             text   NOT NULL,
  attributes_after  jsonb  NOT NULL,   -- object
  absorbed          jsonb  NOT NULL    -- array of profile rows as they were
);

CREATE TABLE identity_log_profiles (
  profile_id  text COLLATE "C" NOT NULL,
  seq         bigint NOT NULL REFERENCES identity_log (seq) ON DELETE CASCADE,
  PRIMARY KEY (profile_id, seq)
);
CREATE INDEX identity_log_profiles_by_seq ON identity_log_profiles (seq);
