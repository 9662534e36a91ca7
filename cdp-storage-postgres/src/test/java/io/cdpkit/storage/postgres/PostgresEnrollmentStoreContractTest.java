package io.cdpkit.storage.postgres;

import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.contract.EnrollmentStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The enrollment store contract on a fresh PostgreSQL database, including a close and reopen. */
final class PostgresEnrollmentStoreContractTest extends EnrollmentStoreContract {
  private String url;
  private PostgresStorage storage;

  @Override
  protected EnrollmentStore createStore() {
    url = TestPostgres.freshDatabaseUrl();
    storage = open();
    return storage.enrollmentStore();
  }

  private PostgresStorage open() {
    return PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
  }

  @Override
  protected boolean survivesReopen() {
    return true;
  }

  @Override
  protected EnrollmentStore reopen(EnrollmentStore current) {
    storage.close();
    storage = open();
    return storage.enrollmentStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
