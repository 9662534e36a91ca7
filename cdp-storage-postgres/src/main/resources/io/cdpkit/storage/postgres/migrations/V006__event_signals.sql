-- V006__event_signals: every stored event becomes a pending workflow signal in the transaction
-- that stores it, whatever process or instance stored it, so that a crash between storing an
-- event and handing it to the workflow engine loses no trigger. The payload is the EVENT_STORED
-- form documented on StoredSignal. Only while some workflow is enabled: with none there is nothing
-- to trigger or wake, and a database used without workflows keeps no signal rows.
--
-- Why a queue and not a cursor over a sequence: identity values are handed out before commit, so
-- a reader advancing a cursor past id n could skip an id below n whose transaction commits later.
-- Signal rows are claimed (FOR UPDATE SKIP LOCKED, with a lease) and deleted when handled, so a
-- row that commits late is simply claimed later; nothing is ever skipped.

CREATE FUNCTION cdp_event_signal() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM workflow_statuses WHERE enabled) THEN
    INSERT INTO workflow_signals (kind, payload)
      VALUES ('EVENT_STORED', json_build_object('event', NEW.id, 'profile', NEW.profile_id));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER events_signal_workflows AFTER INSERT ON events
  FOR EACH ROW EXECUTE FUNCTION cdp_event_signal();
