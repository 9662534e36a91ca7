package io.cdpkit.storage.sqlite;

import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.contract.GroupStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The group store contract on an in-memory SQLite database. */
final class SqliteGroupStoreContractTest extends GroupStoreContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Override
  protected GroupStore createStore() {
    return leaks.track(SqliteStorage.inMemory()).groupStore();
  }
}
