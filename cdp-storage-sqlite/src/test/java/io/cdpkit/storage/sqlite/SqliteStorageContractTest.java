package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a SQLite file. */
final class SqliteStorageContractTest extends StorageContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Override
  protected Storage createStorage() {
    return leaks.track(SqliteStorage.open(dir.resolve("contract.db")));
  }
}
