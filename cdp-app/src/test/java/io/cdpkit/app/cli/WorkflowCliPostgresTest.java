package io.cdpkit.app.cli;

/** {@link WorkflowCliTest} again on PostgreSQL. */
final class WorkflowCliPostgresTest extends WorkflowCliTest {
  @Override
  String database() {
    return PostgresDatabases.fresh();
  }
}
