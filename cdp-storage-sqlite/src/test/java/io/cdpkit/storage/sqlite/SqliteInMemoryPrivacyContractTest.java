package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.PrivacyContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The privacy contract on in-memory SQLite databases. */
final class SqliteInMemoryPrivacyContractTest extends PrivacyContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Override
  protected Storage createStorage() {
    return leaks.track(SqliteStorage.inMemory());
  }
}
