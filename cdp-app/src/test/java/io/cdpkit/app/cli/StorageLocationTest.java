package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class StorageLocationTest {

  @Test
  void aPostgresUrl_withAnInstanceId_namesTheStoresClaimsSo() throws Exception {
    String url = PostgresDatabases.fresh();

    try (PlatformStorage named = StorageLocation.open(url, Duration.ofSeconds(1), "cdp-pod-1");
        PlatformStorage unnamed = StorageLocation.open(url, Duration.ofSeconds(1), null)) {
      assertThat(((PostgresStorage) named).options().instanceId()).isEqualTo("cdp-pod-1");
      assertThat(((PostgresStorage) unnamed).options().instanceId()).isNull();
    }
  }
}
