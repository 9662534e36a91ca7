package io.cdpkit.platform.memory;

import io.cdpkit.segments.spi.contract.MembershipFeedContract;

/** Changed profiles become pending membership changes in the changing write, in memory. */
final class InMemoryMembershipFeedContractTest extends MembershipFeedContract {

  @Override
  protected Stores createStores() {
    InMemoryPlatformStorage storage = InMemoryPlatformStorage.create();
    return new Stores(storage, storage.segmentStore());
  }
}
