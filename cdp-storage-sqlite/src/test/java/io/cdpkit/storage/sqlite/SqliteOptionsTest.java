package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.spi.StorageSession;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class SqliteOptionsTest {

  @Test
  void defaults_areFullDurabilityWithBoundedCaches() {
    SqliteOptions defaults = SqliteOptions.defaults();
    assertThat(defaults.durability()).isEqualTo(Durability.FULL);
    assertThat(defaults.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.profileCacheSize()).isEqualTo(10_000);
    assertThat(defaults.identifierCacheSize()).isEqualTo(100_000);
    assertThat(defaults.readerPoolSize()).isEqualTo(4);
    assertThat(defaults.maxDatabaseBytes()).isEqualTo(SqliteOptions.UNLIMITED);
    assertThat(SqliteOptions.builder().build()).isEqualTo(defaults);
  }

  @Test
  void toBuilder_changesOnlyWhatIsSet() {
    SqliteOptions normal =
        SqliteOptions.defaults().toBuilder().durability(Durability.NORMAL).build();
    assertThat(normal.durability()).isEqualTo(Durability.NORMAL);
    assertThat(normal.toBuilder().readerPoolSize(2).build())
        .isEqualTo(
            new SqliteOptions(
                Durability.NORMAL,
                Duration.ofSeconds(5),
                16 * 1024,
                10_000,
                100_000,
                2,
                SqliteOptions.UNLIMITED));
  }

  @Test
  void builder_rejectsOutOfRangeValuesNamingFieldAndValue() {
    SqliteOptions.Builder builder = SqliteOptions.builder();
    assertThatThrownBy(() -> builder.busyTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("busyTimeout was PT-0.001S");
    assertThatThrownBy(() -> builder.busyTimeout(Duration.ofHours(1)))
        .hasMessageContaining("busyTimeout");
    assertThatThrownBy(() -> builder.readerPoolSize(0))
        .hasMessage("readerPoolSize was 0; must be from 1 to 64");
    assertThatThrownBy(() -> builder.pageCacheKib(1)).hasMessageContaining("pageCacheKib was 1");
    assertThatThrownBy(() -> builder.profileCacheSize(-1))
        .hasMessageContaining("profileCacheSize was -1");
    assertThatThrownBy(() -> builder.identifierCacheSize(-5))
        .hasMessageContaining("identifierCacheSize was -5");
    assertThatThrownBy(() -> builder.maxDatabaseBytes(1024))
        .hasMessageContaining("maxDatabaseBytes was 1024");
    assertThatThrownBy(() -> builder.durability(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void constructor_validatesLikeTheBuilder() {
    assertThatThrownBy(
            () ->
                new SqliteOptions(
                    Durability.FULL, Duration.ZERO, 1024, 0, 0, 65, SqliteOptions.UNLIMITED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readerPoolSize was 65");
  }

  @Test
  void normalDurability_storesAndReadsBack() {
    try (SqliteStorage store =
        SqliteStorage.inMemory(SqliteOptions.builder().durability(Durability.NORMAL).build())) {
      assertThat(store.options().durability()).isEqualTo(Durability.NORMAL);
      assertThat(store.read((StorageSession s) -> s.events().count())).isZero();
    }
  }
}
