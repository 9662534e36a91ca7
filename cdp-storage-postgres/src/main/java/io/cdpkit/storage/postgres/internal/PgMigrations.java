package io.cdpkit.storage.postgres.internal;

import io.cdpkit.storage.jdbc.MigrationScripts;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a database to the schema this version of the module writes. The version is the one row
 * of {@code cdp_schema_version}; migration {@code N} is the resource {@code
 * io/cdpkit/storage/postgres/migrations/VNNN__name.sql} and runs in one transaction (PostgreSQL's
 * DDL is transactional), so a failure leaves the database at a whole version. Instances starting
 * together take an advisory lock, so exactly one migrates and the others wait and find it done. A
 * database newer than {@link #LATEST} is refused: an older module cannot know what a newer one
 * stored.
 */
final class PgMigrations {
  /** The advisory lock key migrations hold: {@code 'CDP1'}. */
  private static final long LOCK = 0x43445031L;

  private static final MigrationScripts SCRIPTS = new MigrationScripts(
      PgMigrations.class,
      "/io/cdpkit/storage/postgres/migrations/",
      List.of(
          "V001__core.sql",
          "V002__privacy.sql",
          "V003__segments.sql",
          "V004__workflows.sql",
          "V005__sync_state.sql",
          "V006__event_signals.sql",
          "V007__computed_attributes.sql",
          "V008__instance_guards.sql",
          "V009__carried_group_members.sql",
          "V010__merge_signals.sql",
          "V011__events_by_profile_type.sql",
          "V012__group_lineage.sql",
          "V013__membership_feed.sql",
          "V014__batch_event_writes.sql",
          "V015__documents.sql"));

  /** The schema version this module writes. */
  static final int LATEST = SCRIPTS.latest();

  private PgMigrations() {}

  /**
   * Migrates the database to {@link #LATEST} and returns the version it had before. The connection
   * must be in auto-commit mode.
   */
  static int migrate(Connection connection, String store) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + LOCK + ")");
      try {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS cdp_schema_version (version integer NOT NULL)");
        int found;
        try (ResultSet rows =
            statement.executeQuery("SELECT max(version) FROM cdp_schema_version")) {
          found = rows.next() ? rows.getInt(1) : 0;
        }
        if (found > LATEST) {
          throw new PostgresStorageException(
              SCRIPTS.newerSchema(store, found, "cdp-storage-postgres"));
        }
        return SCRIPTS.migrate(store, found, LATEST,
            (version, script) -> apply(connection, statement, version, script));
      } finally {
        statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
      }
    }
  }

  private static void apply(Connection connection, Statement statement, int version, String script)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      statement.execute(script);
      statement.execute("DELETE FROM cdp_schema_version");
      statement.execute("INSERT INTO cdp_schema_version (version) VALUES (" + version + ")");
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }
}
