package io.cdpkit.storage.postgres;

import io.cdpkit.workflows.spi.contract.StoredEventSignalsContract;

/** Stored events become workflow signals in the storing transaction, on PostgreSQL. */
final class PostgresStoredEventSignalsContractTest extends StoredEventSignalsContract {

  @Override
  protected Stores createStores() {
    PostgresStorage storage = PostgresStorage.open(
        TestPostgres.freshDatabaseUrl(), PostgresOptions.defaults().withPoolSize(2));
    return new Stores(storage, storage.enrollmentStore());
  }
}
