-- Version 8: the workflow engine's pending signals (a segment transition, a stored event or a
-- merge it heard on the ingest path and has not handled yet), so that a crash loses none. The
-- payload is the engine's small JSON of ids and instants. AUTOINCREMENT: ids only grow, even after
-- the newest signal was deleted, so pending signals are read oldest first by id.

CREATE TABLE workflow_signals (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  kind     TEXT    NOT NULL,
  payload  TEXT    NOT NULL
);
