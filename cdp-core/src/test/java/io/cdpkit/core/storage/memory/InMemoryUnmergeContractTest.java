package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.UnmergeContract;

final class InMemoryUnmergeContractTest extends UnmergeContract {
  @Override
  protected Storage createStorage() {
    return InMemoryStorage.create();
  }
}
