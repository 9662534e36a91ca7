package io.cdpkit.segments.activation;

import io.cdpkit.segments.spi.contract.SyncStateStoreContract;

final class InMemorySyncStateStoreContractTest extends SyncStateStoreContract {
  @Override
  protected SyncStateStore createStore() {
    return new InMemorySyncStateStore();
  }
}
