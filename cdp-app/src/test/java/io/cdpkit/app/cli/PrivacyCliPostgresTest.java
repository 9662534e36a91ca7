package io.cdpkit.app.cli;

/** {@link PrivacyCliTest} again on PostgreSQL. */
final class PrivacyCliPostgresTest extends PrivacyCliTest {
  @Override
  String database() {
    return PostgresDatabases.fresh();
  }
}
