package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.storage.jdbc.contract.InsightDifferentialProperties;
import net.jqwik.api.PropertyDefaults;

/** The SQL stores' insight differential properties on an in-memory SQLite store. */
@PropertyDefaults(tries = 50)
final class SqliteInsightDifferentialProperties
    extends InsightDifferentialProperties<SqliteStorage> {

  @Override
  protected SqliteStorage newStorage() {
    return SqliteStorage.inMemory();
  }

  @Override
  protected void afterQueries(SqliteStorage storage) {
    assertThat(storage.openResources()).as("statements and result sets left open").isZero();
  }
}
