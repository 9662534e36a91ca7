-- Version 8: group memberships a merge carried from an absorbed profile into its survivor, so
-- that an unmerge gives them back. survivor_own is 1 when the survivor was in the group itself.

CREATE TABLE carried_group_members (
  group_name    text COLLATE "C" NOT NULL,
  profile_id    text COLLATE "C" NOT NULL,
  survivor_id   text COLLATE "C" NOT NULL,
  survivor_own  integer NOT NULL,
  PRIMARY KEY (profile_id, group_name)
);
CREATE INDEX carried_group_members_by_survivor ON carried_group_members (survivor_id, group_name);
