package io.cdpkit.benchmarks.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server for one benchmark fork, started from zonky's embedded binaries in a temporary
 * data directory (deleted on close), with durable commits: zonky turns {@code synchronous_commit}
 * off by default, PostgreSQL's default and a production server's setting is on.
 */
public final class BenchmarkServer implements AutoCloseable {
  private final EmbeddedPostgres server;

  public BenchmarkServer() {
    this(null);
  }

  /**
   * A server on {@code dataDirectory}, kept on close and reused by the next server on it (created
   * there when missing); null for a temporary one.
   */
  public BenchmarkServer(@Nullable Path dataDirectory) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("shared_buffers", "256MB");
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      server = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
    }
  }

  /** Creates an empty database and returns its JDBC URL (superuser {@code postgres}). */
  public String createDatabase(String name) {
    execute("CREATE DATABASE " + name);
    return url(name);
  }

  public void dropDatabase(String name) {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  public String url(String database) {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database + "?user=postgres";
  }

  private void execute(String sql) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
