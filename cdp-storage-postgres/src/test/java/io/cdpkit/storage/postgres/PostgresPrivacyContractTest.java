package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.PrivacyContract;

/** The privacy contract (consent, reachability, GDPR) on PostgreSQL. */
final class PostgresPrivacyContractTest extends PrivacyContract {
  @Override
  protected Storage createStorage() {
    return TestPostgres.freshStorage();
  }
}
