package io.cdpkit.storage.postgres;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.contract.UnmergeContract;
import net.jqwik.api.PropertyDefaults;

/** Unmerge exactness on PostgreSQL: a few tries, as each opens two fresh databases. */
@PropertyDefaults(tries = 3)
final class PostgresUnmergeContractTest extends UnmergeContract {
  @Override
  protected Storage createStorage() {
    return TestPostgres.freshStorage();
  }

  @Override
  protected Segments segments(Cdp cdp, Storage storage) {
    PostgresStorage postgres = (PostgresStorage) storage;
    return Segments.builder(cdp).store(postgres.segmentStore()).groups(postgres.groupStore()).build();
  }
}
