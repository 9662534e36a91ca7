package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.IdentityContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The identity contract (merge, unmerge, identity log) on PostgreSQL. */
final class PostgresIdentityContractTest extends IdentityContract {
  /** The kit opens stores without closing them; each holds a pool, so close them here. */
  private final List<PostgresStorage> opened = new ArrayList<>();

  @Override
  protected Storage createStorage() {
    PostgresStorage storage = TestPostgres.freshStorage();
    opened.add(storage);
    return storage;
  }

  @AfterEach
  void closeStorages() {
    opened.forEach(PostgresStorage::close);
  }
}
