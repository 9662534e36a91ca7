package io.cdpkit.storage.postgres;

import io.cdpkit.segments.spi.contract.MembershipFeedContract;

/** Changed profiles become pending membership changes in the changing transaction, on PostgreSQL. */
final class PostgresMembershipFeedContractTest extends MembershipFeedContract {

  @Override
  protected Stores createStores() {
    PostgresStorage storage = PostgresStorage.open(
        TestPostgres.freshDatabaseUrl(), PostgresOptions.defaults().withPoolSize(2));
    return new Stores(storage, storage.segmentStore());
  }
}
