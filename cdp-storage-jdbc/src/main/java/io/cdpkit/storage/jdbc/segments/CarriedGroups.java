package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.spi.GroupLineage;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The merges that carried group memberships into a survivor (table {@code group_merges}) and the
 * group changes made through origins inside merged profiles ({@code group_origin_changes}), from
 * which an unmerge works out each side's groups by the rule of {@link GroupLineage}: the
 * statements behind {@link JdbcSegmentStore#carryGroups}, {@link JdbcSegmentStore#giveBackGroups}
 * and {@link JdbcSegmentStore#recordGroupChanges}.
 */
final class CarriedGroups {
  private CarriedGroups() {}

  static int record(Sql s, String group, List<String> originIds, boolean member) {
    int recorded = 0;
    Set<String> merged = mergedAmong(s, originIds);
    for (String origin : originIds) {
      if (merged.contains(origin)) {
        recorded += change(s, "record a change of group " + group, group, origin, member);
      }
    }
    return recorded;
  }

  /** Which of the ids are inside a merged profile, in one query however many they are. */
  private static Set<String> mergedAmong(Sql s, List<String> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    String in = s.dialect().textsOfJsonArray();
    String json = JsonColumns.strings(Set.copyOf(ids));
    return new HashSet<>(s.list("look up the group merges of " + ids.size() + " profiles",
        "SELECT absorbed_id FROM group_merges WHERE absorbed_id IN (" + in + ")"
            + " UNION SELECT survivor_id FROM group_merges WHERE survivor_id IN (" + in + ")",
        row -> row.getString(1), json, json));
  }

  static int carry(Sql s, String absorbedId, String survivorId) {
    String doing = "carry the groups of profile " + absorbedId + " into " + survivorId;
    for (String side : List.of(absorbedId, survivorId)) {
      if (!merged(s, side)) {
        for (String group : s.list(doing,
            "SELECT group_name FROM static_group_members WHERE profile_id = ?",
            row -> row.getString(1), side)) {
          change(s, doing, group, side, true);
        }
      }
    }
    s.update(doing,
        "INSERT INTO group_merges (absorbed_id, survivor_id, sequence) VALUES (?, ?, ?)",
        absorbedId, survivorId, next(s, doing));
    s.update(doing,
        "INSERT INTO static_group_members (group_name, profile_id)"
            + " SELECT group_name, ? FROM static_group_members WHERE profile_id = ?"
            + " ON CONFLICT (group_name, profile_id) DO NOTHING",
        survivorId, absorbedId);
    return s.update(doing, "DELETE FROM static_group_members WHERE profile_id = ?", absorbedId);
  }

  static int giveBack(Sql s, String restoredId, String survivorId) {
    String doing = "give back the groups of profile " + restoredId + " from " + survivorId;
    s.update(doing, "DELETE FROM group_merges WHERE absorbed_id = ?", restoredId);
    int changed = 0;
    for (String side : List.of(restoredId, survivorId)) {
      List<GroupLineage.Merge> merges = mergesInside(s, doing, side);
      GroupLineage lineage = new GroupLineage(merges);
      List<GroupLineage.Change> changes = new ArrayList<>();
      for (String origin : lineage.origins(side)) {
        changes.addAll(s.list(doing,
            "SELECT group_name, sequence, member FROM group_origin_changes WHERE origin_id = ?",
            row -> new GroupLineage.Change(
                row.getString(1), origin, row.getLong(2), row.getInt(3) == 1),
            origin));
      }
      Set<String> groups = lineage.groupsOf(side, changes);
      changed += s.update(doing, "DELETE FROM static_group_members WHERE profile_id = ?", side);
      for (String group : groups) {
        changed += s.update(doing,
            "INSERT INTO static_group_members (group_name, profile_id)"
                + " SELECT name, ? FROM static_groups WHERE name = ?",
            side, group);
      }
      if (merges.isEmpty()) {
        s.update(doing, "DELETE FROM group_origin_changes WHERE origin_id = ?", side);
      }
    }
    return changed;
  }

  static int renamed(Sql s, String doing, String name, String newName) {
    return s.update(doing,
        "UPDATE group_origin_changes SET group_name = ? WHERE group_name = ?", newName, name);
  }

  static int deleted(Sql s, String doing, String name) {
    return s.update(doing, "DELETE FROM group_origin_changes WHERE group_name = ?", name);
  }

  /**
   * Forgets the merges inside the profile, the merge of it, and the changes through it and the
   * profiles inside it: none of their ids is left.
   */
  static int forget(Sql s, String profileId) {
    String doing = "forget the group merges of profile " + profileId;
    int forgotten = 0;
    for (String origin : new GroupLineage(mergesInside(s, doing, profileId)).origins(profileId)) {
      forgotten += s.update(doing,
          "DELETE FROM group_merges WHERE absorbed_id = ? OR survivor_id = ?", origin, origin);
      forgotten += s.update(doing, "DELETE FROM group_origin_changes WHERE origin_id = ?", origin);
    }
    return forgotten;
  }

  /** The merges inside the profile, transitively. */
  private static List<GroupLineage.Merge> mergesInside(Sql s, String doing, String profileId) {
    List<GroupLineage.Merge> merges = new ArrayList<>();
    List<String> pending = new ArrayList<>(List.of(profileId));
    while (!pending.isEmpty()) {
      String survivor = pending.remove(pending.size() - 1);
      for (GroupLineage.Merge merge : s.list(doing,
          "SELECT absorbed_id, sequence FROM group_merges WHERE survivor_id = ?",
          row -> new GroupLineage.Merge(row.getString(1), survivor, row.getLong(2)),
          survivor)) {
        merges.add(merge);
        pending.add(merge.absorbedId());
      }
    }
    return merges;
  }

  /** Whether the id is inside a merged profile: absorbed, or a survivor of a carried merge. */
  private static boolean merged(Sql s, String id) {
    return s.first("look up the group merges of profile " + id,
        "SELECT 1 FROM group_merges WHERE absorbed_id = ? OR survivor_id = ?",
        row -> true, id, id).isPresent();
  }

  private static int change(Sql s, String doing, String group, String origin, boolean member) {
    long sequence = next(s, doing);
    s.update(doing,
        "DELETE FROM group_origin_changes WHERE group_name = ? AND origin_id = ?", group, origin);
    return s.update(doing,
        "INSERT INTO group_origin_changes (group_name, origin_id, sequence, member)"
            + " VALUES (?, ?, ?, ?)",
        group, origin, sequence, member ? 1 : 0);
  }

  /** The next sequence number of merges and changes: one past the highest recorded. */
  private static long next(Sql s, String doing) {
    return s.number(doing,
        "SELECT COALESCE(MAX(sequence), 0) + 1 FROM (SELECT sequence FROM group_merges"
            + " UNION ALL SELECT sequence FROM group_origin_changes) recorded");
  }
}
