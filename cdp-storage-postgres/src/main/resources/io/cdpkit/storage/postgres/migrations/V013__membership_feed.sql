-- V013__membership_feed: every write that changes a profile (its row, events, identifiers, a
-- merge: survivor and absorbed ids) records it here before it commits, whatever process or
-- instance writes, while some segment is saved: one row per profile, written by the store's Java
-- write path once per profile and write (no trigger on events). A profile changed again keeps its
-- row and place and takes change_seq + 1. Segments complete a row with a DELETE conditional on
-- change_seq, in the write that records the membership the evaluation leads to. Instances claim
-- rows like the workflow signals of V006 (FOR UPDATE SKIP LOCKED, with a lease), so two instances
-- draining the feed pass each other's rows by. The rows hold ids only; an erased profile's row is
-- dropped.

CREATE TABLE membership_pending (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  profile_id     text   NOT NULL UNIQUE,
  change_seq     bigint NOT NULL DEFAULT 1,
  claimed_by     uuid,
  claimed_until  timestamptz
);
