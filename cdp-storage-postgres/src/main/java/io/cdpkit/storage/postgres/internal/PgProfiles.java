package io.cdpkit.storage.postgres.internal;

import io.cdpkit.core.Page;
import io.cdpkit.core.spi.Cursors;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Profiles and aliases over the {@code profiles} and {@code aliases} tables. */
final class PgProfiles implements ProfileStore {
  private static final String COLUMNS =
      "id, attributes, consents, created_at, updated_at, merged_ids";
  private static final String INSERT =
      "INSERT INTO profiles ("
          + COLUMNS
          + ") VALUES (?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb) ON CONFLICT (id) DO NOTHING";
  private static final String UPDATE =
      "UPDATE profiles p SET attributes = v.attributes, consents = v.consents,"
          + " created_at = v.created_at, updated_at = v.updated_at, merged_ids = v.merged_ids"
          + " FROM (VALUES (?, ?::jsonb, ?::jsonb, ?::bigint, ?::bigint, ?::jsonb)) AS v ("
          + COLUMNS
          + ") WHERE p.id = v.id";
  /**
   * Java's {@code regionMatches(true, ...)} folds case per character, upper then lower; {@code
   * lower} on both sides is the closest SQL, exact for every cased letter that keeps its length.
   */
  private static final String SEARCH =
      "SELECT "
          + COLUMNS
          + " FROM profiles p, (SELECT lower(?::text) AS prefix) q"
          + " WHERE starts_with(lower(p.id), q.prefix)"
          + " OR EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id"
          + "   AND starts_with(lower(i.value), q.prefix))"
          + " OR EXISTS (SELECT 1 FROM jsonb_each(p.attributes) a"
          + "   WHERE jsonb_typeof(a.value) = 'string'"
          + "   AND starts_with(lower(a.value #>> '{}'), q.prefix))"
          + " ORDER BY p.id LIMIT ?";

  private final PgSession session;

  PgProfiles(PgSession session) {
    this.session = session;
  }

  @Override
  public Optional<StoredProfile> find(String id) {
    Objects.requireNonNull(id, "id");
    return session.first(
        "read profile " + id, "SELECT " + COLUMNS + " FROM profiles WHERE id = ?", PgProfiles::map,
        id);
  }

  @Override
  public void insert(StoredProfile profile) {
    if (session.update("insert profile " + profile.id(), INSERT, row(profile)) == 0) {
      throw new IllegalStateException("profile " + profile.id() + " exists already");
    }
  }

  @Override
  public void update(StoredProfile profile) {
    if (session.update("update profile " + profile.id(), UPDATE, row(profile)) == 0) {
      throw new IllegalStateException("profile " + profile.id() + " does not exist");
    }
  }

  private static Object[] row(StoredProfile profile) {
    return new Object[] {
      profile.id(),
      JsonColumns.attributes(profile.attributes()),
      JsonColumns.consents(profile.consents()),
      Instants.toNanos("createdAt", profile.createdAt()),
      Instants.toNanos("updatedAt", profile.updatedAt()),
      JsonColumns.strings(profile.mergedIds())
    };
  }

  @Override
  public void delete(String id) {
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
    long offset = query.cursor() == null ? 0 : Cursors.offsetOf(query.cursor());
    String doing = "list profiles by " + query.sortBy();
    List<StoredProfile> rows =
        isAttribute(query)
            ? session.list(
                doing,
                "SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + ", attributes -> ?::text AS v"
                    + " FROM profiles) p ORDER BY " + order(query) + " LIMIT ? OFFSET ?",
                PgProfiles::map,
                query.sortBy(),
                query.limit() + 1,
                offset)
            : session.list(
                doing,
                "SELECT " + COLUMNS + " FROM profiles ORDER BY " + order(query)
                    + " LIMIT ? OFFSET ?",
                PgProfiles::map,
                query.limit() + 1,
                offset);
    if (rows.size() <= query.limit()) {
      return new Page<>(rows, null);
    }
    return new Page<>(
        List.copyOf(rows.subList(0, query.limit())), Cursors.offset(offset + query.limit()));
  }

  private static boolean isAttribute(ProfileQuery query) {
    return !query.sortBy().equals(ProfileQuery.ID)
        && !query.sortBy().equals(ProfileQuery.CREATED_AT);
  }

  /**
   * The ORDER BY of a page: fixed text per sort field and direction. By attribute (its value is the
   * column {@code v}, the name bound once) it is {@code ProfileOrdering}'s order: missing or null
   * last both ways; then numbers (exact: jsonb numbers are numerics), texts in code-point order,
   * booleans, and other values by their JSON text, the direction applying to the kind too; ties by
   * id. (jsonb writes lists and objects with its own spacing and key order, so among those the
   * order can differ from the in-memory store's; the other kinds agree exactly.)
   */
  private static String order(ProfileQuery query) {
    String direction = query.descending() ? " DESC" : "";
    if (query.sortBy().equals(ProfileQuery.ID)) {
      return "id" + direction;
    }
    if (query.sortBy().equals(ProfileQuery.CREATED_AT)) {
      return "created_at" + direction + ", id";
    }
    String kind = "jsonb_typeof(v)";
    return "coalesce(" + kind + " = 'null', true),"
        + " CASE " + kind
        + " WHEN 'number' THEN 0 WHEN 'string' THEN 1 WHEN 'boolean' THEN 2 ELSE 3 END" + direction
        + ", CASE WHEN " + kind + " = 'number' THEN v::numeric END" + direction
        + ", CASE WHEN " + kind + " = 'string' THEN v #>> '{}' END COLLATE \"C\"" + direction
        + ", CASE WHEN " + kind + " = 'boolean' THEN v::boolean END" + direction
        + ", CASE WHEN " + kind + " IN ('array', 'object') THEN v::text END COLLATE \"C\""
        + direction
        + ", id";
  }

  @Override
  public List<StoredProfile> search(String prefix, int limit) {
    return session.list("search profiles", SEARCH, PgProfiles::map, prefix, limit);
  }

  @Override
  public Stream<StoredProfile> stream() {
    return session.stream(
        "stream profiles", "SELECT " + COLUMNS + " FROM profiles ORDER BY id", PgProfiles::map);
  }

  static StoredProfile map(ResultSet row) throws SQLException {
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
