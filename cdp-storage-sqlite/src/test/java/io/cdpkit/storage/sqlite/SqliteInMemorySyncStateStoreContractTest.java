package io.cdpkit.storage.sqlite;

import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.spi.contract.SyncStateStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sync state store contract on an in-memory SQLite database. */
final class SqliteInMemorySyncStateStoreContractTest extends SyncStateStoreContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Override
  protected SyncStateStore createStore() {
    return leaks.track(SqliteStorage.inMemory()).syncStateStore();
  }
}
