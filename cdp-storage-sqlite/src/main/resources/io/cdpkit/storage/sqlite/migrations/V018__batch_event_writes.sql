-- Version 18: an event insert maintains only what a read needs. Before, every row also ran two
-- triggers (the type count upsert of V002 and the workflow signal of V010) and added an entry to
-- events_by_origin at a random position; on a bulk load that made each commit write about twice
-- the pages of a plain events table. Now:
-- - the store adds each batch's type counts in one statement per type, in the transaction that
--   inserts the events (JdbcEvents), so only deletes and type changes keep their triggers;
-- - the store writes the EVENT_STORED signals of a batch itself, in the same transaction and only
--   while some workflow is enabled, as the V010 trigger did;
-- - events_by_origin holds only the rows whose origin differs from their owner, the rows a merge
--   moved: the only ones an unmerge gives back. It stays empty until a merge.
-- Counts were kept by the triggers until now, so they carry over as they are.

DROP TRIGGER events_count_insert;
DROP TRIGGER events_signal_workflows;
DROP INDEX events_by_origin;
CREATE INDEX events_by_origin ON events (origin_profile_id) WHERE origin_profile_id <> profile_id;
