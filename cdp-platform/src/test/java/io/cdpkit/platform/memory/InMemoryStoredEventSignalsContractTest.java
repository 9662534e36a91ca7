package io.cdpkit.platform.memory;

import io.cdpkit.workflows.spi.contract.StoredEventSignalsContract;

/** Stored events become workflow signals in the storing write, in the in-memory platform store. */
final class InMemoryStoredEventSignalsContractTest extends StoredEventSignalsContract {

  @Override
  protected Stores createStores() {
    InMemoryPlatformStorage storage = InMemoryPlatformStorage.create();
    return new Stores(storage, storage.enrollmentStore());
  }
}
