package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.contract.CdpContract;

/** The Cdp contract on PostgreSQL. */
final class PostgresCdpContractTest extends CdpContract {
  @Override
  protected Storage createStorage() {
    return TestPostgres.freshStorage();
  }
}
