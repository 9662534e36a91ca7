-- Version 8: what keeps several instances on one database from undoing each other's work.
-- An enrollment's revision, which update() checks and counts, so that a copy read before another
-- instance's update (a pause or abort while an engine advances it) is refused. A sync pair's
-- claim while one instance forms its next batch (owner and end of the lease in nanoseconds on the
-- database's clock, as sync_batches' claim), so that another instance forming at the same moment
-- skips the pair instead of consuming the same changes.

ALTER TABLE enrollments ADD COLUMN revision bigint NOT NULL DEFAULT 0;

ALTER TABLE sync_states ADD COLUMN claimed_by text, ADD COLUMN claim_expires bigint;
