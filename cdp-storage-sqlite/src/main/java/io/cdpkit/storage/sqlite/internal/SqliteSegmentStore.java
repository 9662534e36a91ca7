package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.SqlConnection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The segments module's {@link SegmentStore} and {@link GroupStore} on the store's database. Each
 * method is one transaction of its own, or part of the write running on the calling thread, so a
 * module that changes profiles and memberships together can do it atomically. Thread-safe.
 * {@link #close()} does nothing: the {@code SqliteStorage} owns the connections.
 */
public final class SqliteSegmentStore implements SegmentStore, GroupStore {
  private final SqliteDatabase database;

  SqliteSegmentStore(SqliteDatabase database) {
    this.database = database;
  }

  /** Its rows are in the Cdp's database, and its calls join the write running on the thread. */
  @Override
  public boolean joinsStorageWrites() {
    return true;
  }

  @Override
  public void putSegment(SavedSegment segment) {
    long created = Instants.toNanos("createdAt", segment.createdAt());
    long updated = Instants.toNanos("updatedAt", segment.updatedAt());
    database.writeSql(
        "save segment " + segment.name(),
        c -> {
          PreparedStatement put =
              c.prepare(
                  "INSERT INTO segments (name, expression, description, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                      + " expression = excluded.expression, description = excluded.description,"
                      + " created_at = excluded.created_at, updated_at = excluded.updated_at");
          put.setString(1, segment.name());
          put.setString(2, segment.expression());
          put.setString(3, segment.description());
          put.setLong(4, created);
          put.setLong(5, updated);
          return put.executeUpdate();
        });
  }

  @Override
  public Optional<SavedSegment> findSegment(String name) {
    return database.readSql(
        "read segment " + name,
        c -> {
          PreparedStatement find =
              c.prepare(
                  "SELECT name, expression, description, created_at, updated_at FROM segments"
                      + " WHERE name = ?");
          find.setString(1, name);
          try (SqlConnection.Rows rows = c.query(find)) {
            return rows.next() ? Optional.of(segment(rows)) : Optional.empty();
          }
        });
  }

  @Override
  public List<SavedSegment> segments() {
    return database.readSql(
        "list segments",
        c -> {
          List<SavedSegment> all = new ArrayList<>();
          try (SqlConnection.Rows rows =
              c.query(
                  c.prepare(
                      "SELECT name, expression, description, created_at, updated_at FROM segments"
                          + " ORDER BY name"))) {
            while (rows.next()) {
              all.add(segment(rows));
            }
          }
          return all;
        });
  }

  private static SavedSegment segment(SqlConnection.Rows rows) throws SQLException {
    return new SavedSegment(
        rows.results().getString(1),
        rows.results().getString(2),
        rows.results().getString(3),
        Instants.ofNanos(rows.results().getLong(4)),
        Instants.ofNanos(rows.results().getLong(5)));
  }

  @Override
  public void deleteSegment(String name) {
    database.writeSql(
        "delete segment " + name,
        c -> {
          for (String sql :
              List.of(
                  "DELETE FROM segments WHERE name = ?",
                  "DELETE FROM segment_members WHERE segment = ?",
                  "DELETE FROM segment_checks WHERE segment = ?")) {
            PreparedStatement delete = c.prepare(sql);
            delete.setString(1, name);
            delete.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void renameSegment(String name, SavedSegment renamed) {
    Objects.requireNonNull(name, "name");
    database.write(
        session -> {
          if (!name.equals(renamed.name())) {
            database.writeSql(
                "rename segment " + name + " to " + renamed.name(),
                c -> {
                  move(c, "segment_members", "segment", name, renamed.name());
                  PreparedStatement replaced =
                      c.prepare(
                          "DELETE FROM segment_checks WHERE segment = ?2 AND profile_id IN"
                              + " (SELECT profile_id FROM segment_checks WHERE segment = ?1)");
                  replaced.setString(1, name);
                  replaced.setString(2, renamed.name());
                  replaced.executeUpdate();
                  PreparedStatement checks =
                      c.prepare("UPDATE segment_checks SET segment = ?2 WHERE segment = ?1");
                  checks.setString(1, name);
                  checks.setString(2, renamed.name());
                  checks.executeUpdate();
                  PreparedStatement definition = c.prepare("DELETE FROM segments WHERE name = ?");
                  definition.setString(1, name);
                  return definition.executeUpdate();
                });
          }
          putSegment(renamed);
          return null;
        });
  }

  /** Moves the members of one set to another, keeping the target's members once. */
  private static void move(SqlConnection c, String table, String key, String from, String to)
      throws SQLException {
    PreparedStatement copy =
        c.prepare(
            "INSERT OR IGNORE INTO " + table + " (" + key + ", profile_id)"
                + " SELECT ?2, profile_id FROM " + table + " WHERE " + key + " = ?1");
    copy.setString(1, from);
    copy.setString(2, to);
    copy.executeUpdate();
    PreparedStatement delete = c.prepare("DELETE FROM " + table + " WHERE " + key + " = ?");
    delete.setString(1, from);
    delete.executeUpdate();
  }

  @Override
  public boolean addMember(String segment, String profileId) {
    return add("segment_members", "segment", segment, profileId);
  }

  @Override
  public boolean removeMember(String segment, String profileId) {
    return remove("segment_members", "segment", segment, profileId);
  }

  @Override
  public boolean isMember(String segment, String profileId) {
    return contains("segment_members", "segment", segment, profileId);
  }

  @Override
  public long countMembers(String segment) {
    return count("segment_members", "segment", segment);
  }

  @Override
  public List<String> members(String segment, @Nullable String afterProfileId, int limit) {
    return page("segment_members", "segment", segment, afterProfileId, limit);
  }

  @Override
  public List<String> segmentsOf(String profileId) {
    return setsOf("segment_members", "segment", profileId);
  }

  @Override
  public void scheduleCheck(String segment, String profileId, @Nullable Instant at) {
    Long nanos = at == null ? null : Instants.toNanos("at", at);
    database.writeSql(
        "schedule a check of segment " + segment + " for profile " + profileId,
        c -> {
          PreparedStatement clear =
              c.prepare("DELETE FROM segment_checks WHERE segment = ? AND profile_id = ?");
          clear.setString(1, segment);
          clear.setString(2, profileId);
          clear.executeUpdate();
          if (nanos == null) {
            return 0;
          }
          PreparedStatement schedule =
              c.prepare("INSERT INTO segment_checks (segment, profile_id, at) VALUES (?, ?, ?)");
          schedule.setString(1, segment);
          schedule.setString(2, profileId);
          schedule.setLong(3, nanos);
          return schedule.executeUpdate();
        });
  }

  @Override
  public List<DueCheck> dueChecks(Instant now, int limit) {
    return database.readSql(
        "read due segment checks",
        c -> {
          PreparedStatement due =
              c.prepare(
                  "SELECT segment, profile_id, at FROM segment_checks WHERE at <= ?"
                      + " ORDER BY at, seq LIMIT ?");
          due.setLong(1, Instants.toNanosClamped(now));
          due.setInt(2, limit);
          List<DueCheck> checks = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(due)) {
            while (rows.next()) {
              checks.add(
                  new DueCheck(
                      rows.results().getString(1),
                      rows.results().getString(2),
                      Instants.ofNanos(rows.results().getLong(3))));
            }
          }
          return checks;
        });
  }

  @Override
  public void forgetProfile(String profileId) {
    database.writeSql(
        "forget profile " + profileId + " in segments",
        c -> {
          for (String sql :
              List.of(
                  "DELETE FROM segment_members WHERE profile_id = ?",
                  "DELETE FROM segment_checks WHERE profile_id = ?")) {
            PreparedStatement forget = c.prepare(sql);
            forget.setString(1, profileId);
            forget.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean createGroup(String name, Instant createdAt) {
    long created = Instants.toNanos("createdAt", createdAt);
    return database.writeSql(
        "create group " + name,
        c -> {
          PreparedStatement create =
              c.prepare(
                  "INSERT INTO static_groups (name, created_at) VALUES (?, ?)"
                      + " ON CONFLICT DO NOTHING");
          create.setString(1, name);
          create.setLong(2, created);
          return create.executeUpdate() == 1;
        });
  }

  @Override
  public Optional<Instant> findGroup(String name) {
    return database.readSql(
        "read group " + name,
        c -> {
          PreparedStatement find = c.prepare("SELECT created_at FROM static_groups WHERE name = ?");
          find.setString(1, name);
          try (SqlConnection.Rows rows = c.query(find)) {
            return rows.next()
                ? Optional.of(Instants.ofNanos(rows.results().getLong(1)))
                : Optional.empty();
          }
        });
  }

  @Override
  public List<String> groupNames() {
    return database.readSql(
        "list groups",
        c -> {
          List<String> names = new ArrayList<>();
          try (SqlConnection.Rows rows =
              c.query(c.prepare("SELECT name FROM static_groups ORDER BY name"))) {
            while (rows.next()) {
              names.add(rows.results().getString(1));
            }
          }
          return names;
        });
  }

  @Override
  public void deleteGroup(String name) {
    database.writeSql(
        "delete group " + name,
        c -> {
          for (String sql :
              List.of(
                  "DELETE FROM static_groups WHERE name = ?",
                  "DELETE FROM static_group_members WHERE group_name = ?")) {
            PreparedStatement delete = c.prepare(sql);
            delete.setString(1, name);
            delete.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void renameGroup(String name, String newName) {
    if (name.equals(newName)) {
      return;
    }
    database.writeSql(
        "rename group " + name + " to " + newName,
        c -> {
          PreparedStatement group =
              c.prepare(
                  "INSERT INTO static_groups (name, created_at)"
                      + " SELECT ?2, created_at FROM static_groups WHERE name = ?1"
                      + " ON CONFLICT (name) DO UPDATE SET created_at = excluded.created_at");
          group.setString(1, name);
          group.setString(2, newName);
          group.executeUpdate();
          move(c, "static_group_members", "group_name", name, newName);
          PreparedStatement old = c.prepare("DELETE FROM static_groups WHERE name = ?");
          old.setString(1, name);
          return old.executeUpdate();
        });
  }

  @Override
  public boolean addToGroup(String group, String profileId) {
    return add("static_group_members", "group_name", group, profileId);
  }

  @Override
  public boolean removeFromGroup(String group, String profileId) {
    return remove("static_group_members", "group_name", group, profileId);
  }

  @Override
  public boolean inGroup(String group, String profileId) {
    return contains("static_group_members", "group_name", group, profileId);
  }

  @Override
  public long countGroup(String group) {
    return count("static_group_members", "group_name", group);
  }

  @Override
  public List<String> groupMembers(String group, @Nullable String afterProfileId, int limit) {
    return page("static_group_members", "group_name", group, afterProfileId, limit);
  }

  @Override
  public List<String> groupsOf(String profileId) {
    return setsOf("static_group_members", "group_name", profileId);
  }

  @Override
  public void forgetProfileInGroups(String profileId) {
    database.writeSql(
        "forget profile " + profileId + " in groups",
        c -> {
          PreparedStatement forget =
              c.prepare("DELETE FROM static_group_members WHERE profile_id = ?");
          forget.setString(1, profileId);
          return forget.executeUpdate();
        });
  }

  /*
   * Membership tables share one shape, (set key, profile_id); the table and key column names
   * below are constants of this class, never input.
   */

  private boolean add(String table, String key, String set, String profileId) {
    return database.writeSql(
        "add profile " + profileId + " to " + set,
        c -> {
          PreparedStatement add =
              c.prepare(
                  "INSERT INTO " + table + " (" + key + ", profile_id) VALUES (?, ?)"
                      + " ON CONFLICT DO NOTHING");
          add.setString(1, set);
          add.setString(2, profileId);
          return add.executeUpdate() == 1;
        });
  }

  private boolean remove(String table, String key, String set, String profileId) {
    return database.writeSql(
        "remove profile " + profileId + " from " + set,
        c -> {
          PreparedStatement remove =
              c.prepare("DELETE FROM " + table + " WHERE " + key + " = ? AND profile_id = ?");
          remove.setString(1, set);
          remove.setString(2, profileId);
          return remove.executeUpdate() == 1;
        });
  }

  private boolean contains(String table, String key, String set, String profileId) {
    return database.readSql(
        "look up profile " + profileId + " in " + set,
        c -> {
          PreparedStatement find =
              c.prepare("SELECT 1 FROM " + table + " WHERE " + key + " = ? AND profile_id = ?");
          find.setString(1, set);
          find.setString(2, profileId);
          try (SqlConnection.Rows rows = c.query(find)) {
            return rows.next();
          }
        });
  }

  private long count(String table, String key, String set) {
    return database.readSql(
        "count the members of " + set,
        c -> {
          PreparedStatement count =
              c.prepare("SELECT count(*) FROM " + table + " WHERE " + key + " = ?");
          count.setString(1, set);
          try (SqlConnection.Rows rows = c.query(count)) {
            rows.next();
            return rows.results().getLong(1);
          }
        });
  }

  private List<String> page(
      String table, String key, String set, @Nullable String after, int limit) {
    return database.readSql(
        "list the members of " + set,
        c -> {
          PreparedStatement page =
              c.prepare(
                  "SELECT profile_id FROM " + table + " WHERE " + key + " = ?1"
                      + " AND (?2 IS NULL OR profile_id > ?2) ORDER BY profile_id LIMIT ?3");
          page.setString(1, set);
          if (after == null) {
            page.setNull(2, Types.VARCHAR);
          } else {
            page.setString(2, after);
          }
          page.setInt(3, limit);
          List<String> ids = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(page)) {
            while (rows.next()) {
              ids.add(rows.results().getString(1));
            }
          }
          return ids;
        });
  }

  private List<String> setsOf(String table, String key, String profileId) {
    return database.readSql(
        "list the sets of profile " + profileId,
        c -> {
          PreparedStatement of =
              c.prepare(
                  "SELECT " + key + " FROM " + table + " WHERE profile_id = ? ORDER BY " + key);
          of.setString(1, profileId);
          List<String> sets = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(of)) {
            while (rows.next()) {
              sets.add(rows.results().getString(1));
            }
          }
          return sets;
        });
  }
}
