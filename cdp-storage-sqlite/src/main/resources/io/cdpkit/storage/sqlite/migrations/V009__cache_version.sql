-- Version 9: a counter every transaction that changes a cached row (a profile or an identifier)
-- increments before it commits. A snapshot reads it to learn exactly which commits it holds, so a
-- process notices commits made by another process on the same file and drops what it cached
-- before them.

CREATE TABLE cache_version (
  version  INTEGER NOT NULL
);
INSERT INTO cache_version (version) VALUES (0);
