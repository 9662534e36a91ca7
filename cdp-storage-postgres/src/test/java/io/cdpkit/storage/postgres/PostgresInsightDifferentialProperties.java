package io.cdpkit.storage.postgres;

import io.cdpkit.storage.jdbc.contract.InsightDifferentialProperties;
import net.jqwik.api.PropertyDefaults;

/**
 * The SQL stores' insight differential properties on PostgreSQL; a database per try keeps the
 * tries few.
 */
@PropertyDefaults(tries = 10)
final class PostgresInsightDifferentialProperties
    extends InsightDifferentialProperties<PostgresStorage> {

  @Override
  protected PostgresStorage newStorage() {
    return TestPostgres.freshStorage();
  }
}
