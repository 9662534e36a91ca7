package io.cdpkit.app.cli;

/**
 * {@link CliJarTest} on PostgreSQL: every command through the packaged jar on a fresh database of
 * the embedded test server, named as a user types it ({@code postgresql://...}); the syncs are
 * kept in {@code cdp.syncs.json} in the working directory.
 */
final class CliPostgresJarTest extends CliJarTest {
  @Override
  String database() {
    return PostgresDatabases.fresh();
  }
}
