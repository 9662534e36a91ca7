package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.contract.DocumentStoreContract;

/** Documents and claims in memory. */
final class InMemoryDocumentStoreContractTest extends DocumentStoreContract {
  @Override
  protected DocumentStore createStore() {
    return DocumentStore.inMemory();
  }
}
