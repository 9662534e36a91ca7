package io.cdpkit.segments.insights;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.storage.memory.InMemoryStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.contract.InsightQueriesContract;

final class InMemoryInsightQueriesContractTest extends InsightQueriesContract {
  @Override
  protected Storage storage() {
    return InMemoryStorage.create();
  }

  @Override
  protected InsightQueries queries(Segments segments) {
    return InMemoryInsightQueries.of(segments);
  }
}
