package io.cdpkit.storage.sqlite;

import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.contract.EnrollmentStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The enrollment store contract on a SQLite file, including a close and reopen. */
final class SqliteEnrollmentStoreContractTest extends EnrollmentStoreContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;
  private SqliteStorage storage;

  @Override
  protected EnrollmentStore createStore() {
    storage = leaks.track(SqliteStorage.open(dir.resolve("enrollments.db")));
    return storage.enrollmentStore();
  }

  @Override
  protected boolean survivesReopen() {
    return true;
  }

  @Override
  protected EnrollmentStore reopen(EnrollmentStore current) {
    storage.close();
    storage = leaks.track(SqliteStorage.open(dir.resolve("enrollments.db")));
    return storage.enrollmentStore();
  }
}
