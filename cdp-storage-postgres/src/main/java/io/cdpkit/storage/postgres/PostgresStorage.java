package io.cdpkit.storage.postgres;

import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.storage.jdbc.JdbcStorage;
import io.cdpkit.storage.postgres.internal.PgDatabase;
import io.cdpkit.storage.postgres.internal.PgInsightDialect;
import io.cdpkit.storage.postgres.internal.PostgresUrls;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * CDPKit's storage on a PostgreSQL database that several application instances share: profiles,
 * events, identifiers, attribute history, the identity log, consent history, the audit trail and
 * the suppression list, and in the same database the segments module's stores ({@link
 * #segmentStore()}, {@link #groupStore()}, {@link #syncStateStore()}) and the workflows module's
 * enrollment store ({@link #enrollmentStore()}). Thread-safe, and safe across processes.
 *
 * <pre>{@code
 * try (Cdp cdp = Cdp.builder()
 *     .storage(PostgresStorage.open("postgresql://cdp:secret@db.internal/cdp"))
 *     .build()) {
 *   cdp.identify(Identify.builder().email("ann@example.com").set("plan", "pro").build());
 * }
 * }</pre>
 *
 * <p>{@link #write} and {@link #read} throw {@link PostgresStorageException} when PostgreSQL fails,
 * or when a write still conflicts after {@link PostgresOptions#writeAttempts()} attempts. {@link
 * #close()} closes the pool this store opened, never an application's data source.
 *
 * <p>Each {@link #write} is one SERIALIZABLE transaction, kept whole or not at all. When it
 * conflicts with a transaction of another instance (or thread), PostgreSQL aborts it and this
 * store runs the callback again on a fresh transaction, up to {@link
 * PostgresOptions#writeAttempts()} times: so the callback must not keep effects outside the
 * session from one attempt to the next. A write nested in a write on the same thread joins it.
 * Each {@link #read} sees one snapshot (REPEATABLE READ) for its whole callback.
 *
 * <p>Workflow timers and destination batches are claimed with {@code FOR UPDATE SKIP LOCKED} for
 * {@link PostgresOptions#claimLease()}, so two instances running the same engine never run the
 * same step at once; a batch for a destination is claimed by one instance at a time, and a send
 * cut off between intent and outcome is resent with the same idempotency key once the claim's
 * lease runs out. The schema is created when missing and migrated when older; instances
 * starting together migrate once. Nothing is cached in memory: another instance may change any row.
 */
public final class PostgresStorage extends JdbcStorage implements PlatformStorage {
  private final PgDatabase database;

  private PostgresStorage(PgDatabase database) {
    super(database);
    this.database = database;
  }

  /**
   * Opens a pool on the database with {@link PostgresOptions#defaults()}.
   *
   * @param url {@code jdbc:postgresql://host:port/database?user=...} or a libpq URI such as {@code
   *     postgresql://user:password@host:port/database}
   * @throws PostgresStorageException when the server cannot be reached, refuses the login, or
   *     holds a schema newer than this module
   * @throws IllegalArgumentException when {@code url} is neither form
   */
  public static PostgresStorage open(String url) {
    return open(url, PostgresOptions.defaults());
  }

  /**
   * True when {@code location} has a form {@link #open(String)} accepts ({@code postgresql://},
   * {@code postgres://} or {@code jdbc:postgresql:}, in any case), so that a tool taking "a file
   * or a database URL" tells them apart by one rule.
   */
  public static boolean isUrl(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://") || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql:");
  }

  /**
   * Opens a pool on the database with the given options.
   *
   * @throws PostgresStorageException as {@link #open(String)} does
   */
  public static PostgresStorage open(String url, PostgresOptions options) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(options, "options");
    return new PostgresStorage(PgDatabase.open(PostgresUrls.jdbcUrl(url), options));
  }

  /**
   * Uses the application's own data source (its pool stays the application's: {@link #close()}
   * does not close it). {@link PostgresOptions#poolSize()} and the credentials are unused.
   *
   * @throws PostgresStorageException when the database cannot be reached or migrated
   */
  public static PostgresStorage open(DataSource dataSource, PostgresOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(options, "options");
    return new PostgresStorage(PgDatabase.open(dataSource, options, "PostgreSQL store"));
  }

  @Override
  public InsightQueries insightQueries(Segments segments) {
    return database.insightQueries(segments, PgInsightDialect.INSTANCE);
  }

  /** The options this store was opened with. */
  public PostgresOptions options() {
    return database.options();
  }
}
