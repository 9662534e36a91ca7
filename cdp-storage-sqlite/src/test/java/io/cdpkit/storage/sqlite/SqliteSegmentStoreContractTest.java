package io.cdpkit.storage.sqlite;

import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.segments.spi.contract.SegmentStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The segment store contract on a SQLite file. */
final class SqliteSegmentStoreContractTest extends SegmentStoreContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Override
  protected SegmentStore createStore() {
    return leaks.track(SqliteStorage.open(dir.resolve("segments.db"))).segmentStore();
  }
}
