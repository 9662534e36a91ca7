package io.cdpkit.segments.memory;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.storage.memory.InMemoryStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.contract.UnmergeContract;

final class InMemoryUnmergeContractTest extends UnmergeContract {
  @Override
  protected Storage createStorage() {
    return InMemoryStorage.create();
  }

  @Override
  protected Segments segments(Cdp cdp, Storage storage) {
    return Segments.attach(cdp);
  }
}
