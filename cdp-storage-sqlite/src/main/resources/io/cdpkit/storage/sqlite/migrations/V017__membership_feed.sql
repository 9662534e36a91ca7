-- Version 17: the membership feed. Every write that changes a profile (its row, events,
-- identifiers, a merge: survivor and absorbed ids) records it here before it commits, whatever
-- process writes (cdp import, cdp serve, another application, a plain Cdp), while some segment is
-- saved: one row per profile, written by the store's Java write path once per profile and write
-- (no trigger on events, so bulk ingest pays per batch, not per event). A profile changed again
-- keeps its row and place and takes change_seq + 1. Segments complete a row with a DELETE
-- conditional on change_seq, in the write that records the membership the evaluation leads to,
-- so a crash between a profile change and its evaluation leaves the row for the next refresh,
-- and a newer change stays pending. The rows hold ids only; an erased profile's row is dropped.

CREATE TABLE membership_pending (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  profile_id  TEXT    NOT NULL UNIQUE,
  change_seq  INTEGER NOT NULL DEFAULT 1
);
