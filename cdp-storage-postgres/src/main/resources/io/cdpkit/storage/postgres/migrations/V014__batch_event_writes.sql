-- V014__batch_event_writes: an event insert maintains only what a read needs. Before, every row
-- ran two row triggers (the sharded type count of V001, an upsert and a delete, and the workflow
-- signal of V006) and added an entry to events_by_origin. Now:
-- - one statement-level trigger per INSERT statement reads the rows it stored (a transition
--   table: a row skipped by ON CONFLICT is not in it) and adds their counts, one upsert per type,
--   and their EVENT_STORED signals while some workflow is enabled, whatever process inserted them;
--   the store inserts a batch as few multi-row statements, so this runs a few times per batch;
-- - deletes are counted per statement too (an erasure deletes all of a profile's events at once);
--   a type change keeps its row trigger;
-- - events_by_origin holds only the rows whose origin differs from their owner, the rows a merge
--   moved: the only ones an unmerge gives back. It stays empty until a merge.
-- Counts were kept by the triggers until now, so they carry over as they are.

DROP TRIGGER events_count_insert_delete ON events;
DROP TRIGGER events_signal_workflows ON events;
DROP FUNCTION cdp_event_signal();

CREATE FUNCTION cdp_events_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_type_counts (type, shard, count)
    SELECT type, pg_backend_pid() % 64, count(*) FROM inserted GROUP BY type
    ON CONFLICT (type, shard) DO UPDATE SET count = event_type_counts.count + excluded.count;
  IF EXISTS (SELECT 1 FROM workflow_statuses WHERE enabled) THEN
    INSERT INTO workflow_signals (kind, payload)
      SELECT 'EVENT_STORED', json_build_object('event', id, 'profile', profile_id) FROM inserted;
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION cdp_events_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_type_counts (type, shard, count)
    SELECT type, pg_backend_pid() % 64, -count(*) FROM deleted GROUP BY type
    ON CONFLICT (type, shard) DO UPDATE SET count = event_type_counts.count + excluded.count;
  DELETE FROM event_type_counts
    WHERE shard = pg_backend_pid() % 64 AND count = 0 AND type IN (SELECT type FROM deleted);
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_count_signal_insert AFTER INSERT ON events
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION cdp_events_inserted();
CREATE TRIGGER events_count_delete AFTER DELETE ON events
  REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION cdp_events_deleted();

DROP INDEX events_by_origin;
CREATE INDEX events_by_origin ON events (origin_profile_id) WHERE origin_profile_id <> profile_id;
