package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.PrivacyContract;

final class InMemoryPrivacyContractTest extends PrivacyContract {
  @Override
  protected Storage createStorage() {
    return InMemoryStorage.create();
  }
}
