package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.storage.sqlite.SqliteStorageException;
import io.cdpkit.storage.sqlite.SqliteStorageException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database file to the schema this version of the module writes. The schema version is
 * {@code PRAGMA user_version}; migration {@code N} is the resource {@code
 * io/cdpkit/storage/sqlite/migrations/VNNN__name.sql} and takes a file from version {@code N-1} to
 * {@code N} in one transaction, so a crash or failure leaves the file at a whole version. A file
 * newer than {@link #LATEST} is refused: an older module cannot know what the newer one stored. The
 * file's {@code application_id} marks it as CDPKit's, so another application's database is refused
 * instead of being changed.
 */
public final class Migrations {
  /** {@code 'CDP1'}, written by migration 1. */
  public static final int APPLICATION_ID = 0x43445031;

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final String FOLDER = "/io/cdpkit/storage/sqlite/migrations/";
  private static final List<String> SCRIPTS =
      List.of(
          "V001__init.sql",
          "V002__event_type_counts.sql",
          "V003__identity_log.sql",
          "V004__privacy.sql",
          "V005__segments.sql",
          "V006__workflows.sql",
          "V007__sync_state.sql",
          "V008__workflow_signals.sql",
          "V009__cache_version.sql",
          "V010__event_signals.sql",
          "V011__computed_attributes.sql",
          "V012__enrollment_revision.sql",
          "V013__carried_group_members.sql",
          "V014__events_by_type_owner.sql",
          "V015__merge_signals.sql",
          "V016__group_lineage.sql",
          "V017__membership_feed.sql",
          "V018__batch_event_writes.sql",
          "V019__documents.sql");

  /** The schema version this module writes. */
  public static final int LATEST = SCRIPTS.size();

  private Migrations() {}

  /**
   * Migrates the database to {@code target} (normally {@link #LATEST}) and returns the version it
   * had before. The connection must be in auto-commit mode and outside a transaction.
   *
   * @param store how messages name the store
   * @throws SqliteStorageException when the file is newer than this module or not CDPKit's
   * @throws SQLException when SQLite fails
   */
  public static int migrate(Connection connection, String store, int target) throws SQLException {
    if (target < 0 || target > LATEST) {
      throw new IllegalArgumentException("target version " + target + " is not in 0.." + LATEST);
    }
    int found = version(connection);
    checkKnown(connection, store, found);
    for (int version = found + 1; version <= target; version++) {
      apply(connection, store, version);
    }
    if (found < target) {
      log.info("Migrated {} from schema version {} to {}", store, found, target);
    }
    return found;
  }

  /** The file's schema version. */
  public static int version(Connection connection) throws SQLException {
    return (int) pragma(connection, "user_version");
  }

  private static void checkKnown(Connection connection, String store, int found)
      throws SQLException {
    if (found > LATEST) {
      throw new SqliteStorageException(
          Kind.NEWER_SCHEMA,
          store
              + " has schema version "
              + found
              + ", written by a newer cdp-storage-sqlite;"
              + " this version reads schema versions up to "
              + LATEST
              + ". Upgrade cdp-storage-sqlite to open it.");
    }
    long applicationId = pragma(connection, "application_id");
    boolean ours = applicationId == APPLICATION_ID;
    if (found > 0 && !ours || found == 0 && (applicationId != 0 || hasTables(connection))) {
      throw new SqliteStorageException(
          Kind.CORRUPT,
          store
              + " is a SQLite database of another application (application_id "
              + applicationId
              + ", user_version "
              + found
              + "), not a CDPKit store; refusing to change it");
    }
  }

  private static boolean hasTables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      return rows.next() && rows.getLong(1) > 0;
    }
  }

  private static void apply(Connection connection, String store, int version) throws SQLException {
    String script = read(SCRIPTS.get(version - 1));
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("BEGIN IMMEDIATE");
      try {
        if (version(connection) >= version) {
          // Another process migrated the file while this one waited for the lock.
          statement.executeUpdate("ROLLBACK");
          return;
        }
        statement.executeUpdate(script);
        statement.executeUpdate("PRAGMA user_version = " + version);
        statement.executeUpdate("COMMIT");
      } catch (SQLException | RuntimeException e) {
        try {
          statement.executeUpdate("ROLLBACK");
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
    log.debug("Applied migration {} to {}", SCRIPTS.get(version - 1), store);
  }

  private static long pragma(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private static String read(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + script, e);
    }
  }
}
