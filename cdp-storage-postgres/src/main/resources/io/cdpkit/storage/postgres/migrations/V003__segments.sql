-- V003__segments: the segments module's stores. Saved segment definitions, their maintained
-- members, the instants at which a profile's membership must be checked again, and static groups
-- (static_group_members is also read by the compiled segment SQL). Instants are nanoseconds since
-- the epoch; names and ids compare byte-wise (COLLATE "C"), as in the other stores. Checks carry a
-- sequence so that checks due at one instant come back in the order they were scheduled.

CREATE TABLE segments (
  name         text COLLATE "C" PRIMARY KEY,
  expression   text   NOT NULL,
  description  text,
  created_at   bigint NOT NULL,
  updated_at   bigint NOT NULL
);

CREATE TABLE segment_members (
  segment     text COLLATE "C" NOT NULL,
  profile_id  text COLLATE "C" NOT NULL,
  PRIMARY KEY (segment, profile_id)
);
CREATE INDEX segment_members_by_profile ON segment_members (profile_id, segment);

CREATE TABLE segment_checks (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  segment     text COLLATE "C" NOT NULL,
  profile_id  text COLLATE "C" NOT NULL,
  at          bigint NOT NULL,
  UNIQUE (segment, profile_id)
);
CREATE INDEX segment_checks_by_at ON segment_checks (at, seq);
CREATE INDEX segment_checks_by_profile ON segment_checks (profile_id);

CREATE TABLE static_groups (
  name        text COLLATE "C" PRIMARY KEY,
  created_at  bigint NOT NULL
);

CREATE TABLE static_group_members (
  group_name  text COLLATE "C" NOT NULL,
  profile_id  text COLLATE "C" NOT NULL,
  PRIMARY KEY (group_name, profile_id)
);
CREATE INDEX static_group_members_by_profile ON static_group_members (profile_id, group_name);
