package io.cdpkit.benchmarks.ingest;

import io.cdpkit.benchmarks.postgres.BenchmarkServer;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.EventImporter;
import io.cdpkit.core.exchange.ImportOptions;
import io.cdpkit.core.exchange.ImportReport;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How close does bulk ingest through the library come to a plain JDBC batch insert of the same
 * events, on a store that starts empty?
 *
 * <p>Each measured call ingests {@code events} events (see {@link IngestData}: Zipf-skewed people
 * and 22 Zipf-skewed types, people named by email, one person per 20 events) into an empty store,
 * 1,000 per transaction. {@code path=importer} imports them as JSON Lines held in memory with
 * {@code EventImporter} (default options: batches of 1,000); {@code path=trackAll} calls {@code
 * Cdp.trackAll} with the same events, 1,000 per call; both create each person on their first
 * event and keep every rule (identity resolution, idempotency by event id, suppression list).
 * {@code path=jdbc} is the baseline: one {@code PreparedStatement} batch per transaction into a
 * minimal table (id primary key, profile, type, time, JSON properties; one index on (profile,
 * type, time)), the email standing in for the profile. Same durability on each database: SQLite in
 * WAL mode with {@code synchronous=FULL} (the store's default {@code Durability.FULL});
 * PostgreSQL (embedded, started by the benchmark) with {@code synchronous_commit=on}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BulkIngestBenchmark -f 1 -wi 1 -i 3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class BulkIngestBenchmark {
  private static final int BATCH = 1_000;
  private static final int EVENTS_PER_PERSON = 20;

  @Param({"sqlite", "postgres"})
  public String database;

  @Param({"importer", "trackAll", "jdbc"})
  public String path;

  @Param({"100000"})
  public int events;

  private IngestData data = new IngestData(0, 1, 0);
  private String lines = "";
  private List<List<Track>> tracks = List.of();
  private @Nullable BenchmarkServer server;
  private int databases;
  private @Nullable Path dir;
  private String url = "";
  private @Nullable Cdp cdp;
  private @Nullable Connection jdbc;

  @Setup(Level.Trial)
  public void prepareData() {
    data = new IngestData(events, Math.max(1, events / EVENTS_PER_PERSON), 20);
    lines = data.jsonLines();
    tracks = data.tracks(BATCH);
    if (database.equals("postgres")) {
      server = new BenchmarkServer();
    }
  }

  @Setup(Level.Iteration)
  public void openEmptyStore() throws IOException, SQLException {
    @Nullable Storage storage;
    if (database.equals("postgres")) {
      BenchmarkServer running = Objects.requireNonNull(server);
      url = running.createDatabase("ingest_" + (++databases));
      storage = path.equals("jdbc") ? null
          : PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
    } else {
      dir = Files.createTempDirectory("cdp-bulk-ingest");
      url = "jdbc:sqlite:" + dir.resolve("events.db");
      storage = path.equals("jdbc") ? null : SqliteStorage.open(dir.resolve("events.db"));
    }
    if (storage != null) {
      cdp = Cdp.builder().storage(storage).build();
    } else {
      jdbc = minimalTable();
    }
  }

  private Connection minimalTable() throws SQLException {
    Connection connection = DriverManager.getConnection(url);
    boolean postgres = database.equals("postgres");
    try (Statement statement = connection.createStatement()) {
      if (!postgres) {
        statement.execute("PRAGMA journal_mode = WAL");
        statement.execute("PRAGMA synchronous = FULL");
      }
      statement.execute("CREATE TABLE events (id TEXT PRIMARY KEY, profile TEXT NOT NULL,"
          + " type TEXT NOT NULL, time BIGINT NOT NULL, properties "
          + (postgres ? "JSONB" : "TEXT") + " NOT NULL)");
      statement.execute("CREATE INDEX events_by_profile_type_time ON events (profile, type, time)");
    }
    connection.setAutoCommit(false);
    return connection;
  }

  @Benchmark
  public long ingest() throws SQLException {
    switch (path) {
      case "importer":
        ImportReport report = EventImporter.of(Objects.requireNonNull(cdp))
            .importFrom(new StringReader(lines), ImportOptions.of(DataFormat.JSON_LINES));
        if (report.rowsStored() != events) {
          throw new IllegalStateException("stored " + report.rowsStored() + ": " + report.errors());
        }
        return report.rowsStored();
      case "trackAll":
        long stored = 0;
        for (List<Track> batch : tracks) {
          stored += Objects.requireNonNull(cdp).trackAll(batch).size();
        }
        return stored;
      default:
        return insertRaw(Objects.requireNonNull(jdbc));
    }
  }

  private long insertRaw(Connection connection) throws SQLException {
    long stored = 0;
    String json = database.equals("postgres") ? "?::jsonb" : "?";
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO events (id, profile, type, time, properties) VALUES (?, ?, ?, ?, " + json + ")")) {
      List<IngestData.Row> rows = data.rows;
      for (int start = 0; start < rows.size(); start += BATCH) {
        for (IngestData.Row row : rows.subList(start, Math.min(rows.size(), start + BATCH))) {
          insert.setString(1, row.id());
          insert.setString(2, row.email());
          insert.setString(3, row.type());
          insert.setLong(4, row.time().toEpochMilli());
          insert.setString(5, row.propertiesJson());
          insert.addBatch();
        }
        for (int count : insert.executeBatch()) {
          stored += count;
        }
        connection.commit();
      }
    }
    return stored;
  }

  @TearDown(Level.Iteration)
  public void closeStore() throws IOException, SQLException {
    if (cdp != null) {
      cdp.close();
      cdp = null;
    }
    if (jdbc != null) {
      jdbc.close();
      jdbc = null;
    }
    if (server != null) {
      server.dropDatabase("ingest_" + databases);
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(BulkIngestBenchmark::delete);
      }
      dir = null;
    }
  }

  @TearDown(Level.Trial)
  public void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
