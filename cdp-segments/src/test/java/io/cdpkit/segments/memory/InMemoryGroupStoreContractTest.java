package io.cdpkit.segments.memory;

import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.contract.GroupStoreContract;

final class InMemoryGroupStoreContractTest extends GroupStoreContract {
  @Override
  protected GroupStore createStore() {
    return InMemorySegmentStore.create();
  }
}
