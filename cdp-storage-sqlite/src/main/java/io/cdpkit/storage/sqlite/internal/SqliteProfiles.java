package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.Page;
import io.cdpkit.core.spi.Cursors;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Profiles and aliases over the {@code profiles} and {@code aliases} tables. */
final class SqliteProfiles implements ProfileStore {
  private static final String COLUMNS =
      "id, attributes, consents, created_at, updated_at, merged_ids";
  private static final String FIND = "SELECT " + COLUMNS + " FROM profiles WHERE id = ?";
  private static final String INSERT =
      "INSERT INTO profiles ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  private static final String UPDATE =
      "UPDATE profiles SET attributes = ?2, consents = ?3, created_at = ?4, updated_at = ?5,"
          + " merged_ids = ?6 WHERE id = ?1";
  private static final String SEARCH =
      "SELECT "
          + COLUMNS
          + " FROM profiles p"
          + " WHERE "
          + SqlFunctions.STARTS_WITH
          + "(p.id, ?1)"
          + " OR EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id"
          + "   AND "
          + SqlFunctions.STARTS_WITH
          + "(i.value, ?1))"
          + " OR EXISTS (SELECT 1 FROM json_each(p.attributes) a WHERE a.type = 'text'"
          + "   AND "
          + SqlFunctions.STARTS_WITH
          + "(a.value, ?1))"
          + " ORDER BY p.id LIMIT ?2";

  private final SqliteSession session;

  SqliteProfiles(SqliteSession session) {
    this.session = session;
  }

  @Override
  public Optional<StoredProfile> find(String id) {
    Objects.requireNonNull(id, "id");
    StoredProfile cached = session.cache().profile(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StoredProfile> found =
        session.sql(
            "read profile " + id,
            c -> {
              PreparedStatement find = c.prepare(FIND);
              find.setString(1, id);
              try (SqlConnection.Rows rows = c.query(find)) {
                return rows.next() ? Optional.of(map(rows.results())) : Optional.empty();
              }
            });
    found.ifPresent(session.cache()::putProfile);
    return found;
  }

  @Override
  public void insert(StoredProfile profile) {
    session.checkWritable();
    session.cache().touchProfile(profile.id());
    int inserted =
        session.sql(
            "insert profile " + profile.id(),
            c -> {
              PreparedStatement insert = c.prepare(INSERT);
              bind(insert, profile);
              return insert.executeUpdate();
            });
    if (inserted == 0) {
      throw new IllegalStateException("profile " + profile.id() + " exists already");
    }
  }

  @Override
  public void update(StoredProfile profile) {
    session.checkWritable();
    session.cache().touchProfile(profile.id());
    int updated =
        session.sql(
            "update profile " + profile.id(),
            c -> {
              PreparedStatement update = c.prepare(UPDATE);
              bind(update, profile);
              return update.executeUpdate();
            });
    if (updated == 0) {
      throw new IllegalStateException("profile " + profile.id() + " does not exist");
    }
  }

  private static void bind(PreparedStatement statement, StoredProfile profile) throws SQLException {
    statement.setString(1, profile.id());
    statement.setString(2, JsonColumns.attributes(profile.attributes()));
    statement.setString(3, JsonColumns.consents(profile.consents()));
    statement.setLong(4, Instants.toNanos("createdAt", profile.createdAt()));
    statement.setLong(5, Instants.toNanos("updatedAt", profile.updatedAt()));
    statement.setString(6, JsonColumns.strings(profile.mergedIds()));
  }

  @Override
  public void delete(String id) {
    session.checkWritable();
    session.cache().touchProfile(id);
    session.sql(
        "delete profile " + id,
        c -> {
          PreparedStatement profile = c.prepare("DELETE FROM profiles WHERE id = ?");
          profile.setString(1, id);
          profile.executeUpdate();
          PreparedStatement aliases = c.prepare("DELETE FROM aliases WHERE target = ?");
          aliases.setString(1, id);
          return aliases.executeUpdate();
        });
  }

  @Override
  public void addAlias(String alias, String target) {
    session.checkWritable();
    session.sql(
        "add alias " + alias + " of profile " + target,
        c -> {
          PreparedStatement chained = c.prepare("UPDATE aliases SET target = ?2 WHERE target = ?1");
          chained.setString(1, alias);
          chained.setString(2, target);
          chained.executeUpdate();
          PreparedStatement upsert =
              c.prepare(
                  "INSERT INTO aliases (alias, target) VALUES (?, ?)"
                      + " ON CONFLICT (alias) DO UPDATE SET target = excluded.target");
          upsert.setString(1, alias);
          upsert.setString(2, target);
          return upsert.executeUpdate();
        });
  }

  @Override
  public void removeAlias(String alias) {
    session.update(
        "remove alias " + alias,
        "DELETE FROM aliases WHERE alias = ?",
        alias);
  }

  @Override
  public Optional<String> resolveAlias(String alias) {
    return session.sql(
        "resolve alias " + alias,
        c -> {
          PreparedStatement resolve = c.prepare("SELECT target FROM aliases WHERE alias = ?");
          resolve.setString(1, alias);
          try (SqlConnection.Rows rows = c.query(resolve)) {
            return rows.next() ? Optional.of(rows.results().getString(1)) : Optional.empty();
          }
        });
  }

  @Override
  public long count() {
    return session.sql(
        "count profiles",
        c -> {
          try (SqlConnection.Rows rows = c.query(c.prepare("SELECT count(*) FROM profiles"))) {
            rows.next();
            return rows.results().getLong(1);
          }
        });
  }

  @Override
  public Page<StoredProfile> list(ProfileQuery query) {
    long offset = query.cursor() == null ? 0 : Cursors.offsetOf(query.cursor());
    String sql = listSql(query);
    boolean byAttribute = sql.contains(SqlFunctions.SORT_KEY);
    return session.sql(
        "list profiles by " + query.sortBy(),
        c -> {
          PreparedStatement list = c.prepare(sql);
          int index = 1;
          if (byAttribute) {
            list.setString(index++, query.sortBy());
          }
          list.setInt(index++, query.limit() + 1);
          list.setLong(index, offset);
          List<StoredProfile> items = new ArrayList<>(Math.min(query.limit(), 256));
          boolean more = false;
          try (SqlConnection.Rows rows = c.query(list)) {
            while (rows.next()) {
              if (items.size() == query.limit()) {
                more = true;
                break;
              }
              items.add(map(rows.results()));
            }
          }
          return new Page<>(items, more ? Cursors.offset(offset + query.limit()) : null);
        });
  }

  /**
   * The query for a page. Fixed text per sort field and direction, so each variant is prepared once
   * per connection; the attribute name is always a bound parameter.
   */
  private static String listSql(ProfileQuery query) {
    String direction = query.descending() ? " DESC" : "";
    String order;
    String from = "SELECT " + COLUMNS + " FROM profiles";
    if (query.sortBy().equals(ProfileQuery.ID)) {
      order = "id" + direction;
    } else if (query.sortBy().equals(ProfileQuery.CREATED_AT)) {
      order = "created_at" + direction + ", id";
    } else {
      from =
          "SELECT "
              + COLUMNS
              + ", "
              + SqlFunctions.SORT_KEY
              + "(attributes, ?) AS sort_key"
              + " FROM profiles";
      order = "sort_key IS NULL, sort_key" + direction + ", id";
    }
    return from + " ORDER BY " + order + " LIMIT ? OFFSET ?";
  }

  @Override
  public List<StoredProfile> search(String prefix, int limit) {
    return session.sql(
        "search profiles",
        c -> {
          PreparedStatement search = c.prepare(SEARCH);
          search.setString(1, prefix);
          search.setInt(2, limit);
          List<StoredProfile> found = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(search)) {
            while (rows.next()) {
              found.add(map(rows.results()));
            }
          }
          return found;
        });
  }

  @Override
  public Stream<StoredProfile> stream() {
    return session.stream(
        "stream profiles",
        "SELECT " + COLUMNS + " FROM profiles ORDER BY id",
        statement -> {},
        SqliteProfiles::map);
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
