package io.cdpkit.app.cli;

/** {@link ExportCliTest} again on PostgreSQL. */
final class ExportCliPostgresTest extends ExportCliTest {
  @Override
  String database() {
    return PostgresDatabases.fresh();
  }
}
