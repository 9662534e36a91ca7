package io.cdpkit.storage.sqlite;

import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.segments.spi.contract.ComputedAttributeStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Computed attribute definitions in a SQLite file. */
final class SqliteComputedAttributeStoreContractTest extends ComputedAttributeStoreContract {
  @TempDir Path dir;
  private SqliteStorage storage;

  @Override
  protected ComputedAttributeStore createStore() {
    storage = SqliteStorage.open(dir.resolve("computed.db"));
    return storage.computedAttributeStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
