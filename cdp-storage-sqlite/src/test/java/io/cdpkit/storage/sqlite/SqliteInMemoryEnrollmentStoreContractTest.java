package io.cdpkit.storage.sqlite;

import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.contract.EnrollmentStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The enrollment store contract on an in-memory SQLite database. */
final class SqliteInMemoryEnrollmentStoreContractTest extends EnrollmentStoreContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();

  @Override
  protected EnrollmentStore createStore() {
    return leaks.track(SqliteStorage.inMemory()).enrollmentStore();
  }
}
