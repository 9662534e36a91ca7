package io.cdpkit.spring.boot;

import io.cdpkit.platform.memory.InMemoryPlatformStorage;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * Opens the store {@code cdp.store.type} names. The SQLite and PostgreSQL classes are only
 * touched when chosen, so an application carries just the store module it uses.
 */
final class PlatformStores {
  private PlatformStores() {}

  static PlatformStorage open(CdpProperties.Store store, @Nullable DataSource dataSource) {
    switch (store.type()) {
      case SQLITE:
        require("io.cdpkit.storage.sqlite.SqliteStorage", "sqlite", "cdp-storage-sqlite");
        return Sqlite.open(Path.of(store.sqlitePath()));
      case DATASOURCE:
        require("io.cdpkit.storage.postgres.PostgresStorage", "datasource", "cdp-storage-postgres");
        if (dataSource == null) {
          throw new IllegalStateException(
              "cdp.store.type=datasource needs a DataSource bean (spring.datasource.url=jdbc:postgresql://...)");
        }
        return Postgres.open(dataSource, store);
      default:
        return InMemoryPlatformStorage.create();
    }
  }

  // One holder per store, so that the JVM loads a store's classes only when it is chosen.
  private static final class Sqlite {
    static PlatformStorage open(Path file) {
      return SqliteStorage.open(file);
    }
  }

  static final class Postgres {
    private Postgres() {}

    static PlatformStorage open(DataSource dataSource, CdpProperties.Store store) {
      return PostgresStorage.open(dataSource, options(store));
    }

    /** The PostgreSQL options the properties give: the instance id, when set. */
    static PostgresOptions options(CdpProperties.Store store) {
      String instanceId = store.instanceId();
      return instanceId == null || instanceId.isBlank()
          ? PostgresOptions.defaults()
          : PostgresOptions.defaults().withInstanceId(instanceId.strip());
    }
  }

  private static void require(String className, String type, String artifact) {
    if (!ClassUtils.isPresent(className, PlatformStores.class.getClassLoader())) {
      throw new IllegalStateException(
          "cdp.store.type=" + type + " needs io.cdpkit:" + artifact + " on the classpath");
    }
  }
}
