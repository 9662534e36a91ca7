package io.cdpkit.storage.sqlite;

import io.cdpkit.segments.spi.contract.MembershipFeedContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Changed profiles become pending membership changes in the changing transaction, on SQLite. */
final class SqliteMembershipFeedContractTest extends MembershipFeedContract {
  @TempDir Path dir;

  @Override
  protected Stores createStores() {
    SqliteStorage storage = SqliteStorage.open(dir.resolve("feed.db"));
    return new Stores(storage, storage.segmentStore());
  }
}
