package io.cdpkit.workflows.memory;

import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.contract.EnrollmentStoreContract;

final class InMemoryEnrollmentStoreContractTest extends EnrollmentStoreContract {
  @Override
  protected EnrollmentStore createStore() {
    return new InMemoryEnrollmentStore();
  }
}
