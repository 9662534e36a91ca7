package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.contract.DocumentStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Documents and claims in a SQLite file. */
final class SqliteDocumentStoreContractTest extends DocumentStoreContract {
  @TempDir Path dir;
  private SqliteStorage storage;

  @Override
  protected DocumentStore createStore() {
    storage = SqliteStorage.open(dir.resolve("documents.db"));
    return storage.documentStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
