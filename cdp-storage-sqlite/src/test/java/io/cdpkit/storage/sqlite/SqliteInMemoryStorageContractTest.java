package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.StorageContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on an in-memory SQLite database. */
final class SqliteInMemoryStorageContractTest extends StorageContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Override
  protected Storage createStorage() {
    return leaks.track(SqliteStorage.inMemory());
  }
}
