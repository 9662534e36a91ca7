package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.IdentityContract;

final class InMemoryIdentityContractTest extends IdentityContract {
  @Override
  protected Storage createStorage() {
    return InMemoryStorage.create();
  }
}
