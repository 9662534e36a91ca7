package io.cdpkit.benchmarks.postgres;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * How fast does a PostgreSQL database take events through {@code Cdp.trackAll} in batches,
 * compared with raw JDBC batch inserts of the same events into the same table?
 *
 * <p>Each measured call ingests {@code events} events, {@code batch} per transaction, into a fresh
 * database whose 10,000 profiles already exist (events name their person by email, so {@code
 * track} finds, never creates). {@code store=cdp} calls {@code Cdp.trackAll} on {@code
 * PostgresStorage} (one SERIALIZABLE transaction per call: identifier lookup, suppression check,
 * last-seen update, event insert with generated id, JSON properties). {@code store=jdbc} is the
 * baseline: one {@code PreparedStatement} batch per transaction (pgJDBC's defaults, READ
 * COMMITTED) into the store's own {@code events} table, created by the store's migrations (same
 * columns, indexes and count trigger), with the profile id taken from a {@code HashMap}, a random
 * UUID as id (as the Cdp's default id generator) and the same {@code jsonb} columns. Both run on
 * the same local server with durable commits ({@code synchronous_commit=on}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PostgresIngestBenchmark -f 1 -wi 2 -i
 * 3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class PostgresIngestBenchmark {
  private static final int PROFILES = 10_000;
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final ObjectValue PROPERTIES =
      ObjectValue.of(Map.of("amount", 30, "currency", "EUR", "sku", "A-100"));

  @Param({"cdp", "jdbc"})
  public String store;

  /** Fewer than the SQLite benchmark's 100,000: a run must fit in minutes on two shared cores. */
  @Param({"20000"})
  public int events;

  @Param({"1000"})
  public int batch;

  private @Nullable BenchmarkServer server;
  private int databases;
  private String database = "";
  private @Nullable Cdp cdp;
  private @Nullable Connection jdbc;
  private List<List<Track>> batches = List.of();
  private Map<Identifier, String> profileIds = Map.of();

  @Setup(Level.Trial)
  public void startServer() {
    server = new BenchmarkServer();
  }

  @Setup(Level.Iteration)
  public void prepare() throws SQLException {
    BenchmarkServer running = server();
    database = "ingest_" + (++databases);
    String url = running.createDatabase(database);
    Cdp opened = Cdp.builder()
        .storage(PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2)))
        .build();
    profileIds = new HashMap<>();
    List<Identify> people = new ArrayList<>();
    for (int i = 0; i < PROFILES; i++) {
      people.add(Identify.builder().email("user" + i + "@example.com").timestamp(T0).build());
    }
    for (Profile profile : opened.identifyAll(people)) {
      profileIds.put(profile.identifiers().get(0).identifier(), profile.id());
    }
    batches = new ArrayList<>();
    for (int start = 0; start < events; start += batch) {
      List<Track> tracks = new ArrayList<>(batch);
      for (int n = start; n < Math.min(events, start + batch); n++) {
        tracks.add(
            Track.builder("purchase")
                .identifier(Identifier.email("user" + (n % PROFILES) + "@example.com"))
                .timestamp(T0.plusSeconds(n + 1))
                .properties(PROPERTIES)
                .build());
      }
      batches.add(tracks);
    }
    if (store.equals("jdbc")) {
      opened.close();
      Connection connection = DriverManager.getConnection(url);
      connection.setAutoCommit(false);
      jdbc = connection;
    } else {
      cdp = opened;
    }
  }

  @Benchmark
  public int ingest() throws SQLException {
    return store.equals("cdp") ? ingestThroughCdp() : ingestThroughJdbc();
  }

  private int ingestThroughCdp() {
    Cdp open = Objects.requireNonNull(cdp, "cdp");
    int stored = 0;
    for (List<Track> tracks : batches) {
      stored += open.trackAll(tracks).size();
    }
    return stored;
  }

  private int ingestThroughJdbc() throws SQLException {
    Connection connection = Objects.requireNonNull(jdbc, "jdbc");
    int stored = 0;
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO events (id, profile_id, origin_profile_id, type, ts, received_at, source,"
                + " properties, identifiers) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
      long receivedAt = nanos(Instant.now());
      for (List<Track> tracks : batches) {
        for (Track track : tracks) {
          Identifier email = track.identifiers().get(0);
          String profileId = profileIds.get(email);
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, profileId);
          insert.setString(3, profileId);
          insert.setString(4, track.type());
          insert.setLong(5, nanos(track.timestamp()));
          insert.setLong(6, receivedAt);
          insert.setString(7, track.source());
          insert.setString(8, AttributeJson.write(track.properties()));
          insert.setString(9, "[[\"" + email.type() + "\",\"" + email.value() + "\"]]");
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

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  @TearDown(Level.Iteration)
  public void close() throws SQLException {
    if (cdp != null) {
      cdp.close();
      cdp = null;
    }
    if (jdbc != null) {
      jdbc.close();
      jdbc = null;
    }
    server().dropDatabase(database);
  }

  @TearDown(Level.Trial)
  public void stopServer() {
    server().close();
  }

  private BenchmarkServer server() {
    return Objects.requireNonNull(server, "server");
  }
}
