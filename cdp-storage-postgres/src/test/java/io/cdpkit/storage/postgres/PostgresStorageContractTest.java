package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.StorageContract;

/** The storage contract on PostgreSQL. */
final class PostgresStorageContractTest extends StorageContract {
  @Override
  protected Storage createStorage() {
    return TestPostgres.freshStorage();
  }
}
