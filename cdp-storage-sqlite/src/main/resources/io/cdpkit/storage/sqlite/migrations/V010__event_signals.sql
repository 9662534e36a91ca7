-- Version 10: every stored event becomes a pending workflow signal in the transaction that stores
-- it, whatever process stored it (cdp import, cdp serve, another application), so that a crash
-- between storing an event and handing it to the workflow engine loses no trigger. The payload is
-- the EVENT_STORED form documented on StoredSignal. Only while some workflow is enabled: with none
-- there is nothing to trigger or wake, and a store used without workflows keeps no signal rows.
-- An INSERT that meets an existing event id (ON CONFLICT DO NOTHING) stores no row and fires
-- nothing.

CREATE TRIGGER events_signal_workflows AFTER INSERT ON events
  WHEN EXISTS (SELECT 1 FROM workflow_statuses WHERE enabled)
BEGIN
  INSERT INTO workflow_signals (kind, payload)
    VALUES ('EVENT_STORED', json_object('event', new.id, 'profile', new.profile_id));
END;
