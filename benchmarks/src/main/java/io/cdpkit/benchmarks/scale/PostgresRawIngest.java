package io.cdpkit.benchmarks.scale;

import io.cdpkit.benchmarks.postgres.BenchmarkServer;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.spi.AttributeJson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The ingest baseline for the {@link PostgresScaleDataset} build: the data set's events (same
 * generator, seed and order), 1,000 per transaction as one JDBC batch, into a minimal table (id
 * primary key, profile, type, time, {@code jsonb} properties; one index on (profile, type, time))
 * in a fresh database {@value #DATABASE} on the data set's server, the email standing in for the
 * profile. Same durability as the build ({@code synchronous_commit = on}). Prints the time; the
 * database is dropped afterwards.
 *
 * <p>Run: {@code java -Dcdp.scale.pg.profiles=P -Dcdp.scale.pg.events=E -cp
 * benchmarks/target/benchmarks.jar io.cdpkit.benchmarks.scale.PostgresRawIngest}
 */
public final class PostgresRawIngest {
  static final String DATABASE = "raw_ingest";

  private PostgresRawIngest() {}

  public static void main(String[] args) throws SQLException {
    try (BenchmarkServer server = PostgresScaleDataset.start()) {
      server.dropDatabase(DATABASE);
      String url = server.createDatabase(DATABASE);
      try (Connection connection = DriverManager.getConnection(url)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE events (id TEXT PRIMARY KEY, profile TEXT NOT NULL,"
              + " type TEXT NOT NULL, time BIGINT NOT NULL, properties JSONB NOT NULL)");
          statement.execute("CREATE INDEX events_by_profile_type_time ON events (profile, type, time)");
        }
        connection.setAutoCommit(false);
        long start = System.nanoTime();
        insert(connection);
        System.out.printf("%s raw JDBC insert of %,d events in %.1f s%n", Instant.now(),
            PostgresScaleDataset.events(), (System.nanoTime() - start) / 1e9);
      } finally {
        server.dropDatabase(DATABASE);
      }
    }
  }

  private static void insert(Connection connection) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO events (id, profile, type, time, properties) VALUES (?, ?, ?, ?, ?::jsonb)")) {
      ScaleDataset.generate(PostgresScaleDataset.profiles(), PostgresScaleDataset.events(),
          new ScaleDataset.Sink() {
            @Override
            public void people(List<Identify> batch, int first) {}

            @Override
            public void afterPeople() {}

            @Override
            public void events(List<Track> batch) {
              try {
                for (Track track : batch) {
                  Instant time = track.timestamp();
                  insert.setString(1, track.eventId());
                  insert.setString(2, track.identifiers().get(0).value());
                  insert.setString(3, track.type());
                  insert.setLong(4, time.getEpochSecond() * 1_000_000_000L + time.getNano());
                  insert.setString(5, AttributeJson.write(track.properties()));
                  insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            }
          });
    }
  }
}
