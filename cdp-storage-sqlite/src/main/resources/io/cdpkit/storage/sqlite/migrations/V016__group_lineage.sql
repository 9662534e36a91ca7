-- Version 16: the merges that carried group memberships (group_merges) and the group changes made
-- through an origin inside a merged profile, the last per group and origin (group_origin_changes),
-- so that an unmerge gives each side the groups it would have had without the merge, including
-- changes made while merged. They replace carried_group_members: its rows become merges and, for
-- each group, a change through the absorbed profile and one through the survivor when it was in
-- the group itself, all before any change recorded from now on.

CREATE TABLE group_merges (
  absorbed_id  TEXT    NOT NULL PRIMARY KEY,
  survivor_id  TEXT    NOT NULL,
  sequence     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX group_merges_by_survivor ON group_merges (survivor_id);

CREATE TABLE group_origin_changes (
  group_name  TEXT    NOT NULL,
  origin_id   TEXT    NOT NULL,
  sequence    INTEGER NOT NULL,
  member      INTEGER NOT NULL,
  PRIMARY KEY (group_name, origin_id)
) WITHOUT ROWID;
CREATE INDEX group_origin_changes_by_origin ON group_origin_changes (origin_id);

INSERT INTO group_merges (absorbed_id, survivor_id, sequence)
  SELECT profile_id, MIN(survivor_id), 2 FROM carried_group_members GROUP BY profile_id;
INSERT INTO group_origin_changes (group_name, origin_id, sequence, member)
  SELECT group_name, profile_id, 1, 1 FROM carried_group_members;
INSERT INTO group_origin_changes (group_name, origin_id, sequence, member)
  SELECT m.group_name, m.profile_id, 1, 1 FROM static_group_members m
  WHERE m.profile_id IN (SELECT survivor_id FROM carried_group_members)
    AND NOT EXISTS (SELECT 1 FROM carried_group_members c WHERE c.survivor_id = m.profile_id
      AND c.group_name = m.group_name AND c.survivor_own = 0)
  ON CONFLICT (group_name, origin_id) DO NOTHING;
DROP TABLE carried_group_members;
