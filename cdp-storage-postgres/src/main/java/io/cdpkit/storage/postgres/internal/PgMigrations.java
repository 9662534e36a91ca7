package io.cdpkit.storage.postgres.internal;

import io.cdpkit.storage.postgres.PostgresStorageException;
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

  private static final Logger log = LoggerFactory.getLogger(PgMigrations.class);
  private static final String FOLDER = "/io/cdpkit/storage/postgres/migrations/";
  private static final List<String> SCRIPTS =
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
          "V015__documents.sql");

  /** The schema version this module writes. */
  static final int LATEST = SCRIPTS.size();

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
        int found = version(statement);
        if (found > LATEST) {
          throw new PostgresStorageException(
              store + " has schema version " + found + ", written by a newer"
                  + " cdp-storage-postgres; this version reads schema versions up to " + LATEST
                  + ". Upgrade cdp-storage-postgres to open it.");
        }
        for (int version = found + 1; version <= LATEST; version++) {
          apply(connection, statement, version);
          log.debug("Applied migration {} to {}", SCRIPTS.get(version - 1), store);
        }
        if (found < LATEST) {
          log.info("Migrated {} from schema version {} to {}", store, found, LATEST);
        }
        return found;
      } finally {
        statement.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
      }
    }
  }

  private static int version(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT max(version) FROM cdp_schema_version")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  private static void apply(Connection connection, Statement statement, int version)
      throws SQLException {
    String script = read(SCRIPTS.get(version - 1));
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

  private static String read(String script) {
    try (InputStream in = PgMigrations.class.getResourceAsStream(FOLDER + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + script, e);
    }
  }
}
