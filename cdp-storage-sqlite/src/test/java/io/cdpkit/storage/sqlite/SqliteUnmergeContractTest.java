package io.cdpkit.storage.sqlite;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.contract.UnmergeContract;

/** Unmerge exactness on SQLite (in memory: the property opens two stores per try). */
final class SqliteUnmergeContractTest extends UnmergeContract {
  @Override
  protected Storage createStorage() {
    return SqliteStorage.inMemory();
  }

  @Override
  protected Segments segments(Cdp cdp, Storage storage) {
    SqliteStorage sqlite = (SqliteStorage) storage;
    return Segments.builder(cdp).store(sqlite.segmentStore()).groups(sqlite.groupStore()).build();
  }
}
