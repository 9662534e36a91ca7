-- Version 12: an enrollment's revision, which update() checks and counts, so that a copy read
-- before another writer's update (a pause or abort while an engine advances it) is refused.

ALTER TABLE enrollments ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
