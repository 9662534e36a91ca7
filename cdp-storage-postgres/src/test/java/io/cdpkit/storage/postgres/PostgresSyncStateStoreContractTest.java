package io.cdpkit.storage.postgres;

import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.storage.jdbc.contract.JdbcSyncStateStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The SQL stores' sync state store contract on a fresh PostgreSQL database. */
final class PostgresSyncStateStoreContractTest extends JdbcSyncStateStoreContract {
  private static final Duration LEASE = Duration.ofMillis(200);

  private String url;
  private PostgresStorage storage;

  @Override
  protected SyncStateStore createStore() {
    url = TestPostgres.freshDatabaseUrl();
    storage = open();
    return storage.syncStateStore();
  }

  /** A short lease, so a reopened store takes over the closed one's batch quickly. */
  private PostgresStorage open() {
    return PostgresStorage.open(
        url, PostgresOptions.defaults().withPoolSize(2).withClaimLease(LEASE));
  }

  /** Reopens once the closed instance's claim on its batch expired. */
  @Override
  protected SyncStateStore reopen() {
    storage.close();
    storage = open();
    try {
      Thread.sleep(LEASE.toMillis() + 50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return storage.syncStateStore();
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
