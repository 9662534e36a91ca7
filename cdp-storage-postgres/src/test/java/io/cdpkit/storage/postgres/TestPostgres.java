package io.cdpkit.storage.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A real PostgreSQL server for tests, started once per JVM from zonky's embedded binaries (nothing
 * to install), and a new empty database for each store a test opens: each is copied from a
 * template migrated once, so a test pays for a copy, not for the migrations. The databases of
 * earlier tests are dropped as new ones are made, keeping a few for tests that reopen a store.
 *
 * <p>Copying and dropping a database takes the server a few hundred milliseconds, about what a
 * contract test's own work takes; so one background thread copies the next databases while tests
 * run and drops the old ones after them. It is the only thread that creates or drops, since two
 * copies of one template at once are refused.
 */
public final class TestPostgres {
  private static final String TEMPLATE = "cdp_template";
  private static final int KEPT = 4;
  private static final int AHEAD = 2;

  private static EmbeddedPostgres server;
  private static int created;
  private static final Deque<String> live = new ArrayDeque<>();
  private static final Deque<Future<String>> prepared = new ArrayDeque<>();
  private static final ExecutorService maker = Executors.newSingleThreadExecutor(work -> {
    Thread thread = new Thread(work, "test-postgres-databases");
    thread.setDaemon(true);
    return thread;
  });

  private TestPostgres() {}

  /** A new empty database with the current schema, and its JDBC URL (user {@code postgres}). */
  public static synchronized String freshDatabaseUrl() {
    start();
    while (prepared.size() <= AHEAD) {
      String name = "cdp_test_" + (++created);
      prepared.addLast(maker.submit(() -> {
        execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return name;
      }));
    }
    String name = await(prepared.removeFirst());
    live.addLast(name);
    while (live.size() > KEPT) {
      String old = live.removeFirst();
      maker.execute(() -> execute("DROP DATABASE IF EXISTS " + old + " WITH (FORCE)"));
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

  private static String await(Future<String> database) {
    try {
      return database.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("test server: could not copy the template", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a test database", e);
    }
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
