package io.cdpkit.storage.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A real PostgreSQL server for tests, started once per JVM from zonky's embedded binaries (nothing
 * to install), and a new empty database for each store a test opens: each is copied from a
 * template migrated once, so a test pays for a copy, not for the migrations. The databases of
 * earlier tests are dropped as new ones are made, keeping a few for tests that reopen a store.
 */
public final class TestPostgres {
  private static final String TEMPLATE = "cdp_template";
  private static final int KEPT = 4;

  private static EmbeddedPostgres server;
  private static int created;
  private static final Deque<String> live = new ArrayDeque<>();

  private TestPostgres() {}

  /** A new empty database with the current schema, and its JDBC URL (user {@code postgres}). */
  public static synchronized String freshDatabaseUrl() {
    start();
    String name = "cdp_test_" + (++created);
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
    live.addLast(name);
    while (live.size() > KEPT) {
      execute("DROP DATABASE IF EXISTS " + live.removeFirst() + " WITH (FORCE)");
    }
    return url(name);
  }

  /** A store on a new empty database, with a small pool. */
  public static PostgresStorage freshStorage() {
    return PostgresStorage.open(freshDatabaseUrl(), PostgresOptions.defaults().withPoolSize(4));
  }

  /** The JDBC URL of a database on the test server. */
  public static synchronized String url(String database) {
    start();
    return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database + "?user=postgres";
  }

  private static void start() {
    if (server != null) {
      return;
    }
    try {
      server = EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
    }
    execute("CREATE DATABASE " + TEMPLATE);
    PostgresStorage.open(url(TEMPLATE), PostgresOptions.defaults().withPoolSize(1)).close();
  }

  private static void execute(String sql) {
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test server: " + sql + ": " + e.getMessage(), e);
    }
  }
}
