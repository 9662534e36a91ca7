package io.cdpkit.storage.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cdpkit.storage.postgres.PostgresOptions;
import javax.sql.DataSource;

/**
 * The pool {@code PostgresStorage.open(url)} opens for itself. HikariCP is an optional dependency:
 * an application that passes its own {@code DataSource} never loads this class.
 */
final class HikariPool {
  private HikariPool() {}

  /** @throws IllegalStateException naming the artifact to add when HikariCP is not on the classpath */
  static void requireAvailable(String store) {
    try {
      Class.forName("com.zaxxer.hikari.HikariDataSource", false, HikariPool.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(store + ": opening a database by URL pools connections with"
          + " HikariCP; add com.zaxxer:HikariCP, or pass your own DataSource to"
          + " PostgresStorage.open(dataSource, options)", e);
    }
  }

  /** A started pool on {@code jdbcUrl}; the caller closes it (it is {@link AutoCloseable}). */
  static DataSource open(String jdbcUrl, PostgresOptions options) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (options.user() != null) {
      config.setUsername(options.user());
      config.setPassword(options.password());
    }
    config.setMaximumPoolSize(options.poolSize());
    config.setMinimumIdle(Math.min(2, options.poolSize()));
    config.setPoolName("cdpkit-postgres");
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }
}
