package io.cdpkit.storage.sqlite;

import io.cdpkit.workflows.spi.contract.StoredEventSignalsContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Stored events become workflow signals in the storing transaction, on a SQLite file. */
final class SqliteStoredEventSignalsContractTest extends StoredEventSignalsContract {
  @TempDir Path dir;

  @Override
  protected Stores createStores() {
    SqliteStorage storage = SqliteStorage.open(dir.resolve("signals.db"));
    return new Stores(storage, storage.enrollmentStore());
  }
}
