package io.cdpkit.app.cli;

/**
 * Every command test of {@link CliTest} again with {@code --db postgresql://...}: the same
 * outputs from a PostgreSQL database as from a SQLite file.
 */
final class CliPostgresTest extends CliTest {

  /** A new database on the embedded test server, named the way a user types it. */
  @Override
  String database() {
    return PostgresDatabases.fresh();
  }

  /** jsonb orders an object's keys (shorter first), so the attributes come back in that order. */
  @Override
  String annAttributes() {
    return "{\"age\": 25, \"first_name\": \"Ann\"}";
  }
}
