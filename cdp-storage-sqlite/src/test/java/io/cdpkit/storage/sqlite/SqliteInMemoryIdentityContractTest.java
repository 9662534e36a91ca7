package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.IdentityContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The identity contract on in-memory SQLite databases. */
final class SqliteInMemoryIdentityContractTest extends IdentityContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Override
  protected Storage createStorage() {
    return leaks.track(SqliteStorage.inMemory());
  }
}
