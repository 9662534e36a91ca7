-- V015__documents: small named JSON documents kept once for every instance on the database (the
-- latest prediction fit), as text so that they read back unchanged, and named claims with a lease
-- (owner, end in nanoseconds since the epoch by the claiming instance's clock), so that one
-- instance among several does a piece of shared work such as a refit.

CREATE TABLE documents (
  name  text PRIMARY KEY,
  body  text NOT NULL
);

CREATE TABLE claims (
  name           text PRIMARY KEY,
  owner          text NOT NULL,
  claimed_until  bigint NOT NULL
);
