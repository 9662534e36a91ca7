package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.storage.jdbc.MigrationScripts;
import io.cdpkit.storage.sqlite.SqliteStorageException;
import io.cdpkit.storage.sqlite.SqliteStorageException.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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

  private static final MigrationScripts SCRIPTS = new MigrationScripts(
      Migrations.class,
      "/io/cdpkit/storage/sqlite/migrations/",
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
          "V019__documents.sql"));

  /** The schema version this module writes. */
  public static final int LATEST = SCRIPTS.latest();

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
    int found = (int) number(connection, "PRAGMA user_version");
    if (found > LATEST) {
      throw new SqliteStorageException(
          Kind.NEWER_SCHEMA, SCRIPTS.newerSchema(store, found, "cdp-storage-sqlite"));
    }
    long applicationId = number(connection, "PRAGMA application_id");
    boolean empty = number(connection, "SELECT count(*) FROM sqlite_schema") == 0;
    if (found > 0 ? applicationId != APPLICATION_ID : applicationId != 0 || !empty) {
      throw new SqliteStorageException(
          Kind.CORRUPT,
          store + " is a SQLite database of another application (application_id " + applicationId
              + ", user_version " + found + "), not a CDPKit store; refusing to change it");
    }
    return SCRIPTS.migrate(
        store, found, target, (version, script) -> apply(connection, version, script));
  }

  private static void apply(Connection connection, int version, String script)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("BEGIN IMMEDIATE");
      try {
        if (number(connection, "PRAGMA user_version") >= version) {
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
  }

  private static long number(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }
}
