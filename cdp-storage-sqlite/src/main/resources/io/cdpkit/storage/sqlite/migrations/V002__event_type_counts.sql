-- Version 2: event counts per type, kept in step with the events table by triggers, so that
-- typeCounts() and count() read a handful of rows instead of scanning every event. Files of
-- version 1 get their counts filled from the events they already hold.

CREATE TABLE event_type_counts (
  type   TEXT    NOT NULL PRIMARY KEY,
  count  INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO event_type_counts (type, count) SELECT type, count(*) FROM events GROUP BY type;

CREATE TRIGGER events_count_insert AFTER INSERT ON events
BEGIN
  INSERT INTO event_type_counts (type, count) VALUES (new.type, 1)
    ON CONFLICT (type) DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER events_count_delete AFTER DELETE ON events
BEGIN
  UPDATE event_type_counts SET count = count - 1 WHERE type = old.type;
  DELETE FROM event_type_counts WHERE type = old.type AND count <= 0;
END;

CREATE TRIGGER events_count_type AFTER UPDATE OF type ON events
  WHEN old.type <> new.type
BEGIN
  UPDATE event_type_counts SET count = count - 1 WHERE type = old.type;
  DELETE FROM event_type_counts WHERE type = old.type AND count <= 0;
  INSERT INTO event_type_counts (type, count) VALUES (new.type, 1)
    ON CONFLICT (type) DO UPDATE SET count = count + 1;
END;
