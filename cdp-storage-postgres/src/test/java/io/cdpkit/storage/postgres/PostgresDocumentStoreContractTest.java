package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.contract.DocumentStoreContract;
import org.junit.jupiter.api.AfterEach;

/** Documents and claims in a fresh PostgreSQL database. */
final class PostgresDocumentStoreContractTest extends DocumentStoreContract {
  private PostgresStorage storage;

  @Override
  protected DocumentStore createStore() {
    storage = PostgresStorage.open(
        TestPostgres.freshDatabaseUrl(), PostgresOptions.defaults().withPoolSize(4));
    return storage.documentStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
