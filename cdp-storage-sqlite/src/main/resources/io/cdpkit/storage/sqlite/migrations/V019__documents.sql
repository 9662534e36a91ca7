-- Version 19: small named JSON documents kept once for every process on the file (the latest
-- prediction fit), and named claims with a lease (owner, end in nanoseconds since the epoch), so
-- that one process among several does a piece of shared work such as a refit.

CREATE TABLE documents (
  name  TEXT NOT NULL PRIMARY KEY,
  body  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE claims (
  name           TEXT NOT NULL PRIMARY KEY,
  owner          TEXT NOT NULL,
  claimed_until  INTEGER NOT NULL
) WITHOUT ROWID;
