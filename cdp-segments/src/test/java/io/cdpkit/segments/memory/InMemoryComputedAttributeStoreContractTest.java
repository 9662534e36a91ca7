package io.cdpkit.segments.memory;

import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.segments.spi.contract.ComputedAttributeStoreContract;

final class InMemoryComputedAttributeStoreContractTest extends ComputedAttributeStoreContract {
  @Override
  protected ComputedAttributeStore createStore() {
    return new InMemoryComputedAttributeStore();
  }
}
