package io.cdpkit.storage.postgres;

import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.contract.GroupStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The group store contract on a fresh PostgreSQL database. */
final class PostgresGroupStoreContractTest extends GroupStoreContract {
  private PostgresStorage storage;

  @Override
  protected GroupStore createStore() {
    storage = TestPostgres.freshStorage();
    return storage.groupStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
