-- Version 12: every merge recorded in the identity log becomes a pending workflow signal in the
-- transaction that records it, whatever process merged, so that a crash between the merge and
-- handing it to the workflow engine leaves no enrollment on a merged-away profile. The payload is
-- the PROFILES_MERGED form the engine reads: the survivor and the absorbed ids, in order. Only
-- while some workflow exists: enrollments of a disabled workflow move too.

CREATE TRIGGER identity_log_signal_workflows AFTER INSERT ON identity_log
  WHEN new.kind IN ('AUTOMATIC_MERGE', 'MANUAL_MERGE')
    AND EXISTS (SELECT 1 FROM workflow_statuses)
BEGIN
  INSERT INTO workflow_signals (kind, payload)
    VALUES ('PROFILES_MERGED',
            json_object('survivor', new.survivor_id, 'absorbed', json(new.other_ids)));
END;
