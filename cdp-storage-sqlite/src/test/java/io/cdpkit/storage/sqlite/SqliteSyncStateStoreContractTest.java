package io.cdpkit.storage.sqlite;

import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.storage.jdbc.contract.JdbcSyncStateStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The SQL stores' sync state store contract on a SQLite file. */
final class SqliteSyncStateStoreContractTest extends JdbcSyncStateStoreContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;
  private SqliteStorage storage;

  @Override
  protected SyncStateStore createStore() {
    storage = leaks.track(SqliteStorage.open(dir.resolve("sync.db")));
    return storage.syncStateStore();
  }

  @Override
  protected SyncStateStore reopen() {
    storage.close();
    storage = leaks.track(SqliteStorage.open(dir.resolve("sync.db")));
    return storage.syncStateStore();
  }
}
