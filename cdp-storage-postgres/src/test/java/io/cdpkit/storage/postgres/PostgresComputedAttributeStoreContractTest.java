package io.cdpkit.storage.postgres;

import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.segments.spi.contract.ComputedAttributeStoreContract;
import org.junit.jupiter.api.AfterEach;

/** Computed attribute definitions in a fresh PostgreSQL database. */
final class PostgresComputedAttributeStoreContractTest extends ComputedAttributeStoreContract {
  private PostgresStorage storage;

  @Override
  protected ComputedAttributeStore createStore() {
    storage = PostgresStorage.open(
        TestPostgres.freshDatabaseUrl(), PostgresOptions.defaults().withPoolSize(2));
    return storage.computedAttributeStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
