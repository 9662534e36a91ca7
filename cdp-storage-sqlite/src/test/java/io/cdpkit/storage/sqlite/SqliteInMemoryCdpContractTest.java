package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.CdpContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Cdp contract on an in-memory SQLite database. */
final class SqliteInMemoryCdpContractTest extends CdpContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Override
  protected Storage createStorage() {
    return leaks.track(SqliteStorage.inMemory());
  }
}
