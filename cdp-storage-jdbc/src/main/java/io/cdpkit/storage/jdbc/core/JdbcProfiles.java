package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.Page;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.Cursors;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDialect;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Profiles and aliases over the {@code profiles} and {@code aliases} tables. Reads go through the
 * {@link RowCache}; every change marks the profile touched. Searching and ordering by an attribute
 * are the dialect's SQL ({@link JdbcDialect#profileSearch}, {@link
 * JdbcDialect#profilesByAttribute}).
 */
public final class JdbcProfiles implements ProfileStore {
  /** The columns every query here selects, in the order {@link #map} reads them. */
  public static final String COLUMNS =
      "id, attributes, consents, created_at, updated_at, merged_ids";

  private final Sql session;
  private final ChangedProfiles changes;
  private final RowCache cache;

  public JdbcProfiles(Sql session, RowCache cache, ChangedProfiles changes) {
    this.session = session;
    this.changes = changes;
    this.cache = cache;
  }

  @Override
  public Optional<StoredProfile> find(String id) {
    Objects.requireNonNull(id, "id");
    StoredProfile cached = cache.profile(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StoredProfile> found =
        session.first(
            "read profile " + id,
            "SELECT " + COLUMNS + " FROM profiles WHERE id = ?",
            JdbcProfiles::map,
            id);
    found.ifPresent(cache::putProfile);
    return found;
  }

  @Override
  public Set<String> existing(Collection<String> ids) {
    Set<String> found = new HashSet<>();
    if (!ids.isEmpty()) {
      found.addAll(session.list("check " + ids.size() + " profile ids",
          "SELECT id FROM profiles WHERE id IN (" + session.dialect().textsOfJsonArray() + ")",
          row -> row.getString(1), JsonColumns.strings(Set.copyOf(ids))));
    }
    return found;
  }

  @Override
  public Map<String, StoredProfile> findAll(Collection<String> ids) {
    Map<String, StoredProfile> found = new HashMap<>();
    Set<String> missing = new HashSet<>();
    for (String id : ids) {
      StoredProfile cached = cache.profile(id);
      if (cached != null) {
        found.put(id, cached);
      } else {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      for (StoredProfile profile : session.list(
          "read " + missing.size() + " profiles",
          "SELECT " + COLUMNS + " FROM profiles WHERE id IN ("
              + session.dialect().textsOfJsonArray() + ")",
          JdbcProfiles::map,
          JsonColumns.strings(missing))) {
        cache.putProfile(profile);
        found.put(profile.id(), profile);
      }
    }
    return found;
  }

  @Override
  public void insert(StoredProfile profile) {
    session.checkWritable();
    cache.touchProfile(profile.id());
    changes.changed(profile.id());
    if (session.update("insert profile " + profile.id(), insertSql(), row(profile)) == 0) {
      throw new IllegalStateException("profile " + profile.id() + " exists already");
    }
  }

  /** One batch of the single insert; an id that exists fails the call. */
  @Override
  public void insertAll(List<StoredProfile> profiles) {
    session.checkWritable();
    List<@Nullable Object[]> rows = new ArrayList<>(profiles.size());
    for (StoredProfile profile : profiles) {
      cache.touchProfile(profile.id());
      changes.changed(profile.id());
      rows.add(row(profile));
    }
    if (session.batch("insert " + rows.size() + " profiles", insertSql(), rows) < rows.size()) {
      throw new IllegalStateException("a profile among " + rows.size() + " new ones exists already");
    }
  }

  private String insertSql() {
    String json = session.dialect().json();
    return "INSERT INTO profiles (" + COLUMNS + ") VALUES (?, " + json + ", " + json + ", ?, ?, "
        + json + ") ON CONFLICT (id) DO NOTHING";
  }

  /** The parameters of {@link #insertSql}, in its column order. */
  private static @Nullable Object[] row(StoredProfile profile) {
    return new Object[] {profile.id(), JsonColumns.attributes(profile.attributes()),
        JsonColumns.consents(profile.consents()), Instants.toNanos("createdAt", profile.createdAt()),
        Instants.toNanos("updatedAt", profile.updatedAt()), JsonColumns.strings(profile.mergedIds())};
  }

  @Override
  public void update(StoredProfile profile) {
    session.checkWritable();
    cache.touchProfile(profile.id());
    changes.changed(profile.id());
    String json = session.dialect().json();
    String update =
        "UPDATE profiles SET attributes = " + json + ", consents = " + json + ", created_at = ?,"
            + " updated_at = ?, merged_ids = " + json + " WHERE id = ?";
    if (session.update("update profile " + profile.id(), update,
        JsonColumns.attributes(profile.attributes()),
        JsonColumns.consents(profile.consents()),
        Instants.toNanos("createdAt", profile.createdAt()),
        Instants.toNanos("updatedAt", profile.updatedAt()),
        JsonColumns.strings(profile.mergedIds()),
        profile.id()) == 0) {
      throw new IllegalStateException("profile " + profile.id() + " does not exist");
    }
  }

  @Override
  public void delete(String id) {
    session.checkWritable();
    cache.touchProfile(id);
    changes.deleted(id);
    session.update("delete profile " + id, "DELETE FROM profiles WHERE id = ?", id);
    session.update(
        "delete the aliases of profile " + id, "DELETE FROM aliases WHERE target = ?", id);
  }

  @Override
  public void addAlias(String alias, String target) {
    String doing = "add alias " + alias + " of profile " + target;
    session.update(doing, "UPDATE aliases SET target = ? WHERE target = ?", target, alias);
    session.update(
        doing,
        "INSERT INTO aliases (alias, target) VALUES (?, ?)"
            + " ON CONFLICT (alias) DO UPDATE SET target = excluded.target",
        alias,
        target);
  }

  @Override
  public void removeAlias(String alias) {
    session.update("remove alias " + alias, "DELETE FROM aliases WHERE alias = ?", alias);
  }

  @Override
  public Optional<String> resolveAlias(String alias) {
    return session.first(
        "resolve alias " + alias,
        "SELECT target FROM aliases WHERE alias = ?",
        row -> row.getString(1),
        alias);
  }

  @Override
  public long count() {
    return session.number("count profiles", "SELECT count(*) FROM profiles");
  }

  @Override
  public Page<StoredProfile> list(ProfileQuery query) {
    long offset = query.cursor() == null ? 0 : Cursors.offsetOf(query.cursor(), query);
    String doing = "list profiles by " + query.sortBy();
    String direction = query.descending() ? " DESC" : "";
    // Fixed text per sort field and direction, so each variant is prepared once per connection.
    List<StoredProfile> rows =
        isAttribute(query)
            ? session.list(
                doing,
                session.dialect().profilesByAttribute(COLUMNS, query.descending()),
                JdbcProfiles::map,
                query.sortBy(),
                query.limit() + 1,
                offset)
            : session.list(
                doing,
                "SELECT " + COLUMNS + " FROM profiles ORDER BY "
                    + (query.sortBy().equals(ProfileQuery.ID)
                        ? "id" + direction
                        : "created_at" + direction + ", id")
                    + " LIMIT ? OFFSET ?",
                JdbcProfiles::map,
                query.limit() + 1,
                offset);
    if (rows.size() <= query.limit()) {
      return new Page<>(rows, null);
    }
    return new Page<>(
        List.copyOf(rows.subList(0, query.limit())), Cursors.offset(offset + query.limit(), query));
  }

  private static boolean isAttribute(ProfileQuery query) {
    return !query.sortBy().equals(ProfileQuery.ID)
        && !query.sortBy().equals(ProfileQuery.CREATED_AT);
  }

  @Override
  public List<StoredProfile> search(String prefix, int limit) {
    return session.list(
        "search profiles", session.dialect().profileSearch(COLUMNS), JdbcProfiles::map, prefix,
        limit);
  }

  @Override
  public Stream<StoredProfile> stream() {
    return session.stream(
        "stream profiles", "SELECT " + COLUMNS + " FROM profiles ORDER BY id", JdbcProfiles::map);
  }

  /** A profile from a row of {@link #COLUMNS}. */
  public static StoredProfile map(ResultSet row) throws SQLException {
    String id = row.getString(1);
    return new StoredProfile(
        id,
        JsonColumns.attributes("profiles.attributes of " + id, row.getString(2)),
        JsonColumns.consents("profiles.consents of " + id, row.getString(3)),
        Instants.ofNanos(row.getLong(4)),
        Instants.ofNanos(row.getLong(5)),
        JsonColumns.strings("profiles.merged_ids of " + id, row.getString(6)));
  }
}
