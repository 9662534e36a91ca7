package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.StorageContract;

final class InMemoryStorageContractTest extends StorageContract {
  @Override
  protected Storage createStorage() {
    return InMemoryStorage.create();
  }
}
