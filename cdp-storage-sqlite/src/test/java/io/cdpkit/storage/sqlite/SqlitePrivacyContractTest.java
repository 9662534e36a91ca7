package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.PrivacyContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The privacy contract (consent, reachability, GDPR) on SQLite files. */
final class SqlitePrivacyContractTest extends PrivacyContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;
  private int opened;

  @Override
  protected Storage createStorage() {
    return leaks.track(SqliteStorage.open(dir.resolve("privacy-" + ++opened + ".db")));
  }
}
