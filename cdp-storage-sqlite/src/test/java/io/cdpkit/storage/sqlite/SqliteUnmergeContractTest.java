package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.UnmergeContract;

/** Unmerge exactness on SQLite (in memory: the property opens two stores per try). */
final class SqliteUnmergeContractTest extends UnmergeContract {
  @Override
  protected Storage createStorage() {
    return SqliteStorage.inMemory();
  }
}
