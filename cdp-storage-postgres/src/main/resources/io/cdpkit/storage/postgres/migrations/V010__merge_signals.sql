-- V008__merge_signals: every merge recorded in the identity log becomes a pending workflow signal
-- in the transaction that records it, whatever process or instance merged, so that a crash
-- between the merge and handing it to the workflow engine leaves no enrollment on a merged-away
-- profile. The payload is the PROFILES_MERGED form the engine reads: the survivor and the
-- absorbed ids, in order. Only while some workflow exists: enrollments of a disabled workflow
-- move too. Claimed and deleted like the event signals of V006.

CREATE FUNCTION cdp_merge_signal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind IN ('AUTOMATIC_MERGE', 'MANUAL_MERGE')
      AND EXISTS (SELECT 1 FROM workflow_statuses) THEN
    INSERT INTO workflow_signals (kind, payload)
      VALUES ('PROFILES_MERGED',
              json_build_object('survivor', NEW.survivor_id, 'absorbed', NEW.other_ids));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER identity_log_signal_workflows AFTER INSERT ON identity_log
  FOR EACH ROW EXECUTE FUNCTION cdp_merge_signal();
