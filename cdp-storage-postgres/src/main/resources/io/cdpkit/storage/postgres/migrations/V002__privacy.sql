-- V002__privacy: every consent decision as history; an audit trail without personal data; hashes
-- of erased identifiers (the suppression list). Instants are bigint nanoseconds since the epoch;
-- ids compare bytewise (COLLATE "C") like the rest of the schema. (SQLite's privacy migration also
-- adds identifiers.undeliverable_reason; here V001 creates identifiers with it.)

CREATE TABLE consent_history (
  seq               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner             text COLLATE "C" NOT NULL,
  origin            text COLLATE "C" NOT NULL,
  identifier_type   text,               -- the address the decision came through, when known
  identifier_value  text,
  channel           text   NOT NULL,
  purpose           text   NOT NULL,
  status            text   NOT NULL,
  at                bigint NOT NULL,
  source            text   NOT NULL,
  expires_at        bigint,
  actor             text   NOT NULL
);
-- ofOwner reads newest first; reassignOrigin finds the decisions recorded for a profile.
CREATE INDEX consent_history_by_owner ON consent_history (owner, at, seq);
CREATE INDEX consent_history_by_origin ON consent_history (origin);

CREATE TABLE audit_log (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          bigint NOT NULL,
  actor       text   NOT NULL,
  action      text   NOT NULL,
  profile_id  text COLLATE "C" NOT NULL,
  detail      text   NOT NULL
);
CREATE INDEX audit_log_by_profile ON audit_log (profile_id, seq);

CREATE TABLE suppression_list (
  hash  text COLLATE "C" PRIMARY KEY
);
