package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.IdentityContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The identity contract (merge, unmerge, identity log) on SQLite files. */
final class SqliteIdentityContractTest extends IdentityContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;
  private int opened;

  @Override
  protected Storage createStorage() {
    return leaks.track(SqliteStorage.open(dir.resolve("identity-" + ++opened + ".db")));
  }
}
