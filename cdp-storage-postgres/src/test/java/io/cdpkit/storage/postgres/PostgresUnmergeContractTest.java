package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.UnmergeContract;
import net.jqwik.api.PropertyDefaults;

/** Unmerge exactness on PostgreSQL: a few tries, as each opens two fresh databases. */
@PropertyDefaults(tries = 3)
final class PostgresUnmergeContractTest extends UnmergeContract {
  @Override
  protected Storage createStorage() {
    return TestPostgres.freshStorage();
  }
}
