package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.storage.jdbc.Sql;

/**
 * The group memberships a merge carried from an absorbed profile into its survivor (table {@code
 * carried_group_members}), so that an unmerge gives them back: the statements behind {@link
 * JdbcSegmentStore#carryGroups} and {@link JdbcSegmentStore#giveBackGroups}.
 */
final class CarriedGroups {
  private CarriedGroups() {}

  static int carry(Sql s, String absorbedId, String survivorId) {
    String doing = "carry the groups of profile " + absorbedId + " into " + survivorId;
    // The survivor is in a group on its own when it is a member and no carried row says it is
    // there only through another profile.
    s.update(doing,
        "INSERT INTO carried_group_members (group_name, profile_id, survivor_id, survivor_own)"
            + " SELECT m.group_name, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM static_group_members o"
            + " WHERE o.group_name = m.group_name AND o.profile_id = ?) AND NOT EXISTS (SELECT 1"
            + " FROM carried_group_members c WHERE c.group_name = m.group_name"
            + " AND c.survivor_id = ? AND c.survivor_own = 0) THEN 1 ELSE 0 END"
            + " FROM static_group_members m WHERE m.profile_id = ?"
            + " ON CONFLICT (profile_id, group_name) DO NOTHING",
        absorbedId, survivorId, survivorId, survivorId, absorbedId);
    s.update(doing,
        "INSERT INTO static_group_members (group_name, profile_id)"
            + " SELECT group_name, ? FROM static_group_members WHERE profile_id = ?"
            + " ON CONFLICT (group_name, profile_id) DO NOTHING",
        survivorId, absorbedId);
    return s.update(doing, "DELETE FROM static_group_members WHERE profile_id = ?", absorbedId);
  }

  static int giveBack(Sql s, String restoredId, String survivorId) {
    String doing = "give back the groups of profile " + restoredId + " from " + survivorId;
    s.update(doing,
        "INSERT INTO static_group_members (group_name, profile_id)"
            + " SELECT c.group_name, ? FROM carried_group_members c JOIN static_groups g"
            + " ON g.name = c.group_name WHERE c.profile_id = ?"
            + " ON CONFLICT (group_name, profile_id) DO NOTHING",
        restoredId, restoredId);
    s.update(doing,
        "DELETE FROM static_group_members WHERE profile_id = ? AND group_name IN (SELECT"
            + " c.group_name FROM carried_group_members c WHERE c.profile_id = ?"
            + " AND c.survivor_id = ? AND c.survivor_own = 0) AND NOT EXISTS (SELECT 1"
            + " FROM carried_group_members o WHERE o.group_name = static_group_members.group_name"
            + " AND o.survivor_id = ? AND o.profile_id <> ?)",
        survivorId, restoredId, survivorId, survivorId, restoredId);
    return s.update(doing, "DELETE FROM carried_group_members WHERE profile_id = ?", restoredId);
  }

  static int renamed(Sql s, String doing, String name, String newName) {
    return s.update(doing,
        "UPDATE carried_group_members SET group_name = ? WHERE group_name = ?", newName, name);
  }

  static int deleted(Sql s, String doing, String name) {
    return s.update(doing, "DELETE FROM carried_group_members WHERE group_name = ?", name);
  }

  /** Forgets the rows carried from or into the profile. */
  static int forget(Sql s, String profileId) {
    return s.update("forget carried groups of profile " + profileId,
        "DELETE FROM carried_group_members WHERE profile_id = ? OR survivor_id = ?",
        profileId, profileId);
  }
}
