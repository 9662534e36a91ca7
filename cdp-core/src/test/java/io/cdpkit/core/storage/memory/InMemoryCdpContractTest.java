package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.CdpContract;

final class InMemoryCdpContractTest extends CdpContract {
  @Override
  protected Storage createStorage() {
    return InMemoryStorage.create();
  }
}
