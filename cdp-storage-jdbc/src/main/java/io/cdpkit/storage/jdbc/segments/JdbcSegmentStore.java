package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.jdbc.core.ChangedProfiles;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/*
 * Design: memberships change by compare-and-set.
 *
 * Several processes may evaluate the same profile at once. addMember is one INSERT ... ON
 * CONFLICT DO NOTHING and removeMember one DELETE, each reporting whether it changed a row, inside
 * a write: of two processes recording the same entry (or exit), exactly one sees its statement
 * change the row. On SQLite the writes run one at a time; on PostgreSQL (SERIALIZABLE) the other
 * either waits on the row and finds it already there (or gone), or is aborted with a
 * serialization failure and retried, when it then sees the committed row. So a transition is reported once, whatever the
 * interleaving. Every method joins a write running on the calling thread, so a caller that reads
 * a profile and records its memberships in one Storage.write gets both in one transaction.
 *
 * The list forms (a segment's save or refresh, a group add) run the same statements as one JDBC
 * batch per BATCH members, each batch one transaction: a batch's update counts say which rows it
 * changed, so the compare-and-set holds per member while 200,000 members take a few commits,
 * not 200,000. applyTransitions does the same and hands a batch's changed transitions to its
 * callback inside the batch's transaction, so a workflow signal written there commits with them.
 */
/**
 * The segments module's {@link SegmentStore} and {@link GroupStore} on the store's database. Each
 * method is one transaction of its own, or part of the write running on the calling thread.
 * Thread-safe. {@link #close()} does nothing: the storage owns the connections.
 */
public final class JdbcSegmentStore implements SegmentStore, GroupStore {
  private static final String SEGMENT_COLUMNS =
      "name, expression, description, created_at, updated_at";
  /** Members written per transaction by the list forms. */
  static final int BATCH = 10_000;

  private final JdbcDatabase database;
  private final MembershipFeed feed;

  /** The store on {@code database}, whose pending membership changes are claimed by {@code claims}. */
  public JdbcSegmentStore(JdbcDatabase database, RowClaims claims) {
    this.database = database;
    this.feed = new MembershipFeed(database, claims);
  }

  /**
   * Records the profiles a write changed in the membership feed, inside that write, while some
   * segment is saved; drops the pending changes of profiles it deleted. Called by the store at the
   * end of every write.
   */
  public static void recordChanges(Sql s, ChangedProfiles changes) {
    if (!changes.isEmpty()) {
      MembershipFeed.record(s, changes);
    }
  }

  /** Claims what it returns on a store shared by instances; see {@link RowClaims}. */
  @Override
  public List<PendingChange> pendingChanges(int limit) {
    return feed.pending(limit);
  }

  @Override
  public Optional<PendingChange> findPendingChange(String profileId) {
    return feed.find(profileId);
  }

  @Override
  public boolean completeChange(PendingChange change) {
    return feed.complete(change);
  }

  /** Its rows are in the Cdp's database, and its calls join the write running on the thread. */
  @Override
  public boolean joinsStorageWrites() {
    return true;
  }

  /** The two membership tables share one shape: (set key, profile_id). Names are constants. */
  private enum Members {
    SEGMENT("segment_members", "segment"),
    GROUP("static_group_members", "group_name");

    final String table;
    final String key;

    Members(String table, String key) {
      this.table = table;
      this.key = key;
    }
  }

  // ---- segment definitions

  @Override
  public void putSegment(SavedSegment segment) {
    long created = Instants.toNanos("createdAt", segment.createdAt());
    long updated = Instants.toNanos("updatedAt", segment.updatedAt());
    database.writeSql(
        s -> s.update(
            "save segment " + segment.name(),
            "INSERT INTO segments (" + SEGMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET expression = excluded.expression,"
                + " description = excluded.description, created_at = excluded.created_at,"
                + " updated_at = excluded.updated_at",
            segment.name(), segment.expression(), segment.description(), created, updated));
  }

  @Override
  public Optional<SavedSegment> findSegment(String name) {
    return database.readSql(
        s -> s.first(
            "read segment " + name,
            "SELECT " + SEGMENT_COLUMNS + " FROM segments WHERE name = ?",
            JdbcSegmentStore::segment,
            name));
  }

  @Override
  public List<SavedSegment> segments() {
    return database.readSql(
        s -> s.list(
            "list segments",
            "SELECT " + SEGMENT_COLUMNS + " FROM segments ORDER BY name",
            JdbcSegmentStore::segment));
  }

  private static SavedSegment segment(ResultSet row) throws SQLException {
    return new SavedSegment(
        row.getString(1),
        row.getString(2),
        row.getString(3),
        Instants.ofNanos(row.getLong(4)),
        Instants.ofNanos(row.getLong(5)));
  }

  @Override
  public void deleteSegment(String name) {
    database.writeSql(
        s -> {
          String doing = "delete segment " + name;
          s.update(doing, "DELETE FROM segments WHERE name = ?", name);
          s.update(doing, "DELETE FROM segment_members WHERE segment = ?", name);
          return s.update(doing, "DELETE FROM segment_checks WHERE segment = ?", name);
        });
  }

  @Override
  public void renameSegment(String name, SavedSegment renamed) {
    Objects.requireNonNull(name, "name");
    String to = renamed.name();
    database.writeSql(
        s -> {
          if (!name.equals(to)) {
            String doing = "rename segment " + name + " to " + to;
            move(s, doing, Members.SEGMENT, name, to);
            // The moved checks replace the target's; updating in place keeps their order.
            s.update(
                doing,
                "DELETE FROM segment_checks WHERE segment = ? AND profile_id IN"
                    + " (SELECT profile_id FROM segment_checks WHERE segment = ?)",
                to, name);
            s.update(doing, "UPDATE segment_checks SET segment = ? WHERE segment = ?", to, name);
            s.update(doing, "DELETE FROM segments WHERE name = ?", name);
          }
          putSegment(renamed);
          return null;
        });
  }

  // ---- segment members

  @Override
  public boolean addMember(String segment, String profileId) {
    return add(Members.SEGMENT, segment, profileId);
  }

  @Override
  public boolean removeMember(String segment, String profileId) {
    return remove(Members.SEGMENT, segment, profileId);
  }

  @Override
  public List<String> addMembers(String segment, List<String> profileIds) {
    return addAll(Members.SEGMENT, segment, profileIds);
  }

  @Override
  public List<String> removeMembers(String segment, List<String> profileIds) {
    return removeAll(Members.SEGMENT, segment, profileIds);
  }

  @Override
  public List<SegmentTransition> applyTransitions(
      List<SegmentTransition> transitions, Consumer<List<SegmentTransition>> changed) {
    List<SegmentTransition> applied = new ArrayList<>();
    for (int from = 0; from < transitions.size(); from += BATCH) {
      List<SegmentTransition> batch =
          transitions.subList(from, Math.min(transitions.size(), from + BATCH));
      applied.addAll(database.writeSql(s -> {
        // One JDBC batch per run of entries or exits, so they apply in the order given.
        List<SegmentTransition> done = new ArrayList<>();
        for (int start = 0, end; start < batch.size(); start = end) {
          boolean entered = batch.get(start).entered();
          end = start + 1;
          while (end < batch.size() && batch.get(end).entered() == entered) {
            end++;
          }
          done.addAll(s.batchChanged("record segment transitions",
              entered ? insertSql(Members.SEGMENT) : deleteSql(Members.SEGMENT),
              batch.subList(start, end), t -> new Object[] {t.segment(), t.profileId()}));
        }
        if (!done.isEmpty()) {
          changed.accept(done);
        }
        return done;
      }));
    }
    return applied;
  }

  @Override
  public boolean isMember(String segment, String profileId) {
    return contains(Members.SEGMENT, segment, profileId);
  }

  @Override
  public long countMembers(String segment) {
    return count(Members.SEGMENT, segment);
  }

  @Override
  public List<String> members(String segment, @Nullable String afterProfileId, int limit) {
    return page(Members.SEGMENT, segment, afterProfileId, limit);
  }

  @Override
  public List<String> segmentsOf(String profileId) {
    return setsOf(Members.SEGMENT, profileId);
  }

  // ---- time checks

  @Override
  public void scheduleCheck(String segment, String profileId, @Nullable Instant at) {
    Long nanos = at == null ? null : Instants.toNanos("at", at);
    database.writeSql(
        s -> {
          String doing = "schedule a check of segment " + segment + " for profile " + profileId;
          // Delete and insert rather than update: a rescheduled check takes a new sequence number.
          s.update(
              doing,
              "DELETE FROM segment_checks WHERE segment = ? AND profile_id = ?",
              segment, profileId);
          return nanos == null
              ? 0
              : s.update(
                  doing,
                  "INSERT INTO segment_checks (segment, profile_id, at) VALUES (?, ?, ?)",
                  segment, profileId, nanos);
        });
  }

  @Override
  public List<DueCheck> dueChecks(Instant now, int limit) {
    return database.readSql(
        s -> s.list(
            "read due segment checks",
            "SELECT segment, profile_id, at FROM segment_checks WHERE at <= ?"
                + " ORDER BY at, seq LIMIT ?",
            row -> new DueCheck(row.getString(1), row.getString(2), Instants.ofNanos(row.getLong(3))),
            Instants.toNanosClamped(now), limit));
  }

  @Override
  public void forgetProfile(String profileId) {
    database.writeSql(
        s -> {
          String doing = "forget profile " + profileId + " in segments";
          s.update(doing, "DELETE FROM segment_members WHERE profile_id = ?", profileId);
          return s.update(doing, "DELETE FROM segment_checks WHERE profile_id = ?", profileId);
        });
  }

  // ---- static groups

  @Override
  public boolean createGroup(String name, Instant createdAt) {
    long created = Instants.toNanos("createdAt", createdAt);
    return database.writeSql(
        s -> s.update(
            "create group " + name,
            "INSERT INTO static_groups (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            name, created) == 1);
  }

  @Override
  public Optional<Instant> findGroup(String name) {
    return database.readSql(
        s -> s.first(
            "read group " + name,
            "SELECT created_at FROM static_groups WHERE name = ?",
            row -> Instants.ofNanos(row.getLong(1)),
            name));
  }

  @Override
  public List<String> groupNames() {
    return database.readSql(
        s -> s.list(
            "list groups", "SELECT name FROM static_groups ORDER BY name", row -> row.getString(1)));
  }

  @Override
  public void deleteGroup(String name) {
    database.writeSql(
        s -> {
          String doing = "delete group " + name;
          s.update(doing, "DELETE FROM static_groups WHERE name = ?", name);
          CarriedGroups.deleted(s, doing, name);
          return s.update(doing, "DELETE FROM static_group_members WHERE group_name = ?", name);
        });
  }

  @Override
  public void renameGroup(String name, String newName) {
    if (name.equals(newName)) {
      return;
    }
    database.writeSql(
        s -> {
          String doing = "rename group " + name + " to " + newName;
          s.update(
              doing,
              "INSERT INTO static_groups (name, created_at)"
                  + " SELECT ?, created_at FROM static_groups WHERE name = ?"
                  + " ON CONFLICT (name) DO UPDATE SET created_at = excluded.created_at",
              newName, name);
          move(s, doing, Members.GROUP, name, newName);
          CarriedGroups.renamed(s, doing, name, newName);
          return s.update(doing, "DELETE FROM static_groups WHERE name = ?", name);
        });
  }

  @Override
  public boolean addToGroup(String group, String profileId) {
    return add(Members.GROUP, group, profileId);
  }

  @Override
  public boolean removeFromGroup(String group, String profileId) {
    return remove(Members.GROUP, group, profileId);
  }

  @Override
  public List<String> addToGroup(String group, List<String> profileIds) {
    return addAll(Members.GROUP, group, profileIds);
  }

  @Override
  public List<String> removeFromGroup(String group, List<String> profileIds) {
    return removeAll(Members.GROUP, group, profileIds);
  }

  @Override
  public boolean inGroup(String group, String profileId) {
    return contains(Members.GROUP, group, profileId);
  }

  @Override
  public long countGroup(String group) {
    return count(Members.GROUP, group);
  }

  @Override
  public List<String> groupMembers(String group, @Nullable String afterProfileId, int limit) {
    return page(Members.GROUP, group, afterProfileId, limit);
  }

  @Override
  public List<String> groupsOf(String profileId) {
    return setsOf(Members.GROUP, profileId);
  }

  @Override
  public void recordGroupChanges(String group, List<String> originIds, boolean member) {
    database.writeSql(s -> CarriedGroups.record(s, group, originIds, member));
  }

  @Override
  public void forgetProfileInGroups(String profileId) {
    database.writeSql(
        s -> s.update(
            "forget profile " + profileId + " in groups",
            "DELETE FROM static_group_members WHERE profile_id = ?",
            profileId) + CarriedGroups.forget(s, profileId));
  }

  @Override
  public void carryGroups(String absorbedId, String survivorId) {
    database.writeSql(s -> CarriedGroups.carry(s, absorbedId, survivorId));
  }

  @Override
  public void giveBackGroups(String restoredId, String survivorId) {
    database.writeSql(s -> CarriedGroups.giveBack(s, restoredId, survivorId));
  }

  // ---- membership tables

  private static String insertSql(Members members) {
    return "INSERT INTO " + members.table + " (" + members.key + ", profile_id) VALUES (?, ?)"
        + " ON CONFLICT DO NOTHING";
  }

  private static String deleteSql(Members members) {
    return "DELETE FROM " + members.table + " WHERE " + members.key + " = ? AND profile_id = ?";
  }

  /** Moves the members of one set to another, keeping the target's members once. */
  private static void move(Sql s, String doing, Members members, String from, String to) {
    s.update(
        doing,
        "INSERT INTO " + members.table + " (" + members.key + ", profile_id)"
            + " SELECT ?, profile_id FROM " + members.table + " WHERE " + members.key + " = ?"
            + " ON CONFLICT DO NOTHING",
        to, from);
    s.update(doing, "DELETE FROM " + members.table + " WHERE " + members.key + " = ?", from);
  }

  /** Adds a member unless it is one: the compare-and-set described at the top of this file. */
  private boolean add(Members members, String set, String profileId) {
    return database.writeSql(
        s -> s.update(
            "add profile " + profileId + " to " + set,
            insertSql(members), set, profileId) == 1);
  }

  private boolean remove(Members members, String set, String profileId) {
    return database.writeSql(
        s -> s.update(
            "remove profile " + profileId + " from " + set,
            deleteSql(members), set, profileId) == 1);
  }

  private List<String> addAll(Members members, String set, List<String> profileIds) {
    return batched("add profiles to " + set, insertSql(members), set, profileIds);
  }

  private List<String> removeAll(Members members, String set, List<String> profileIds) {
    return batched("remove profiles from " + set, deleteSql(members), set, profileIds);
  }

  /**
   * Runs {@code sql} with ({@code set}, id) for each id, {@link #BATCH} ids per transaction;
   * returns the ids whose statement changed a row, in order.
   */
  private List<String> batched(String doing, String sql, String set, List<String> profileIds) {
    List<String> changed = new ArrayList<>();
    for (int from = 0; from < profileIds.size(); from += BATCH) {
      List<String> batch = profileIds.subList(from, Math.min(profileIds.size(), from + BATCH));
      changed.addAll(database.writeSql(
          s -> s.batchChanged(doing, sql, batch, id -> new Object[] {set, id})));
    }
    return changed;
  }

  private boolean contains(Members members, String set, String profileId) {
    return database.readSql(
        s -> s.first(
            "look up profile " + profileId + " in " + set,
            "SELECT 1 FROM " + members.table + " WHERE " + members.key + " = ? AND profile_id = ?",
            row -> true,
            set, profileId).isPresent());
  }

  private long count(Members members, String set) {
    return database.readSql(
        s -> s.number(
            "count the members of " + set,
            "SELECT count(*) FROM " + members.table + " WHERE " + members.key + " = ?",
            set));
  }

  private List<String> page(Members members, String set, @Nullable String after, int limit) {
    String sql = "SELECT profile_id FROM " + members.table + " WHERE " + members.key + " = ?"
        + (after == null ? "" : " AND profile_id > ?") + " ORDER BY profile_id LIMIT ?";
    Object[] parameters =
        after == null ? new Object[] {set, limit} : new Object[] {set, after, limit};
    return database.readSql(
        s -> s.list("list the members of " + set, sql, row -> row.getString(1), parameters));
  }

  private List<String> setsOf(Members members, String profileId) {
    return database.readSql(
        s -> s.list(
            "list the sets of profile " + profileId,
            "SELECT " + members.key + " FROM " + members.table + " WHERE profile_id = ?"
                + " ORDER BY " + members.key,
            row -> row.getString(1),
            profileId));
  }
}
