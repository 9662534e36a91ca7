package io.cdpkit.storage.postgres;

import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.segments.spi.contract.SegmentStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The segment store contract on a fresh PostgreSQL database. */
final class PostgresSegmentStoreContractTest extends SegmentStoreContract {
  private PostgresStorage storage;

  @Override
  protected SegmentStore createStore() {
    storage = TestPostgres.freshStorage();
    return storage.segmentStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
