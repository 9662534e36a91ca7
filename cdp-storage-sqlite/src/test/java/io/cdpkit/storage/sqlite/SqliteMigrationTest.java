package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.storage.sqlite.internal.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

final class SqliteMigrationTest {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void open_newFile_createsLatestSchema() throws SQLException {
    Path file = dir.resolve("new.db");
    leaks.track(SqliteStorage.open(file)).close();
    assertThat(pragma(file, "user_version")).isEqualTo(Migrations.LATEST);
    assertThat(pragma(file, "application_id")).isEqualTo(Migrations.APPLICATION_ID);
    assertThat(text(file, "PRAGMA journal_mode")).isEqualTo("wal");
  }

  @Test
  void open_version1File_migratesAndKeepsItsEvents() throws SQLException {
    Path file = dir.resolve("v1.db");
    try (Connection c = connect(file)) {
      Migrations.migrate(c, "v1 file", 1);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO events (id, profile_id, origin_profile_id, type, ts, received_at,"
                  + " source, properties, identifiers) VALUES (?, 'p1', 'p1', ?, 0, 0, 'api',"
                  + " '{}', '[]')")) {
        String[][] rows = {{"e1", "view"}, {"e2", "view"}, {"e3", "buy"}};
        for (String[] row : rows) {
          insert.setString(1, row[0]);
          insert.setString(2, row[1]);
          insert.executeUpdate();
        }
      }
    }
    assertThat(pragma(file, "user_version")).isEqualTo(1);

    SqliteStorage store = leaks.track(SqliteStorage.open(file));

    assertThat(store.read((StorageSession s) -> s.events().typeCounts()))
        .containsExactly(new EventTypeCount("view", 2), new EventTypeCount("buy", 1));
    assertThat(store.read((StorageSession s) -> s.events().count())).isEqualTo(3);
    store.write(s -> s.events().deleteOfProfile("p1"));
    assertThat(store.read((StorageSession s) -> s.events().typeCounts())).isEmpty();
    store.close();
    assertThat(pragma(file, "user_version")).isEqualTo(Migrations.LATEST);
  }

  @Test
  void open_version15File_keepsCountsAndGivesMergedEventsBack() throws SQLException {
    Path file = dir.resolve("v15.db");
    try (Connection c = connect(file);
        Statement statement = c.createStatement()) {
      Migrations.migrate(c, "v15 file", 15);
      statement.executeUpdate("INSERT INTO events (id, profile_id, origin_profile_id, type, ts,"
          + " received_at, source, properties, identifiers) VALUES"
          + " ('e1', 'p1', 'p1', 'view', 0, 0, 'api', '{}', '[]'),"
          + " ('e2', 'p1', 'p2', 'buy', 0, 0, 'api', '{}', '[]')");
    }

    SqliteStorage store = leaks.track(SqliteStorage.open(file));
    store.write(s -> s.events().insertAll(List.of(
        new EventStore.NewEvent(SqliteFixtures.event("e1", "p1"), "p1"),
        new EventStore.NewEvent(SqliteFixtures.event("e3", "p3"), "p3"))));

    assertThat(store.read((StorageSession s) -> s.events().count()))
        .as("the trigger's counts carried over; the batch counted its one new event").isEqualTo(3);
    assertThat(text(file, "SELECT sql FROM sqlite_master WHERE name = 'events_by_origin'"))
        .contains("WHERE origin_profile_id <> profile_id");
    store.write(s -> {
      s.events().reassignOrigin("p2", "p2");
      return null;
    });
    assertThat(store.read((StorageSession s) -> s.events().find("e2")).orElseThrow().profileId())
        .isEqualTo("p2");
    store.close();
  }

  @Test
  void open_fileOfNewerVersion_failsNamingBothVersions() throws SQLException {
    Path file = dir.resolve("newer.db");
    leaks.track(SqliteStorage.open(file)).close();
    try (Connection c = connect(file);
        Statement statement = c.createStatement()) {
      statement.executeUpdate("PRAGMA user_version = 99");
    }

    assertThatThrownBy(() -> SqliteStorage.open(file))
        .isInstanceOfSatisfying(
            SqliteStorageException.class,
            e -> assertThat(e.kind()).isEqualTo(SqliteStorageException.Kind.NEWER_SCHEMA))
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("up to " + Migrations.LATEST)
        .hasMessageContaining(file.toString());
    assertThat(pragma(file, "user_version")).isEqualTo(99);
  }

  @Test
  void open_databaseOfAnotherApplication_isRefusedUnchanged() throws SQLException {
    Path file = dir.resolve("other.db");
    try (Connection c = connect(file);
        Statement statement = c.createStatement()) {
      statement.executeUpdate("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }

    assertThatThrownBy(() -> SqliteStorage.open(file))
        .isInstanceOfSatisfying(
            SqliteStorageException.class,
            e -> assertThat(e.kind()).isEqualTo(SqliteStorageException.Kind.CORRUPT))
        .hasMessageContaining("another application");
    assertThat(pragma(file, "user_version")).isZero();
  }

  @Test
  void open_sameFileTwice_secondStoreSeesTheFirstOnesData() {
    Path file = dir.resolve("shared.db");
    SqliteStorage first = leaks.track(SqliteStorage.open(file));
    SqliteStorage second = leaks.track(SqliteStorage.open(file));
    first.write(s -> s.events().insert(SqliteFixtures.event("e1", "p1"), "p1"));
    assertThat(second.read((StorageSession s) -> s.events().find("e1"))).isPresent();
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static long pragma(Path file, String name) throws SQLException {
    try (Connection c = connect(file);
        Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String text(Path file, String sql) throws SQLException {
    try (Connection c = connect(file);
        Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
