package io.cdpkit.segments.memory;

import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.segments.spi.contract.SegmentStoreContract;

final class InMemorySegmentStoreContractTest extends SegmentStoreContract {
  @Override
  protected SegmentStore createStore() {
    return InMemorySegmentStore.create();
  }
}
