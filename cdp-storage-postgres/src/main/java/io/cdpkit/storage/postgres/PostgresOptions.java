package io.cdpkit.storage.postgres;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link PostgresStorage} connects and retries. Immutable; start from {@link #defaults()} and
 * change with the {@code with...} methods.
 *
 * @param user the database user, or null to take it from the URL
 * @param password the password, or null to take it from the URL
 * @param poolSize connections in the pool this store opens (ignored for a caller's data source)
 * @param writeAttempts how often one write runs before a serialization failure is reported: two
 *     instances writing the same rows at once make one of them start again
 * @param claimLease how long a workflow timer or a destination batch claimed by one worker stays
 *     out of the others' reach; a worker that dies holding a claim loses it after this time
 */
public record PostgresOptions(
    @Nullable String user,
    @Nullable String password,
    int poolSize,
    int writeAttempts,
    Duration claimLease) {

  public PostgresOptions {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
    }
    if (writeAttempts < 1) {
      throw new IllegalArgumentException("writeAttempts must be at least 1, was " + writeAttempts);
    }
    Objects.requireNonNull(claimLease, "claimLease");
    if (claimLease.isNegative() || claimLease.isZero()) {
      throw new IllegalArgumentException("claimLease must be positive, was " + claimLease);
    }
  }

  /** User and password from the URL, 10 connections, 30 write attempts, a 5-minute claim lease. */
  public static PostgresOptions defaults() {
    return new PostgresOptions(null, null, 10, 30, Duration.ofMinutes(5));
  }

  public PostgresOptions withCredentials(String user, String password) {
    return new PostgresOptions(
        Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"),
        poolSize, writeAttempts, claimLease);
  }

  public PostgresOptions withPoolSize(int poolSize) {
    return new PostgresOptions(user, password, poolSize, writeAttempts, claimLease);
  }

  public PostgresOptions withWriteAttempts(int writeAttempts) {
    return new PostgresOptions(user, password, poolSize, writeAttempts, claimLease);
  }

  public PostgresOptions withClaimLease(Duration claimLease) {
    return new PostgresOptions(user, password, poolSize, writeAttempts, claimLease);
  }

  @Override
  public String toString() {
    return "PostgresOptions[user=" + user + ", password=" + (password == null ? null : "***")
        + ", poolSize=" + poolSize + ", writeAttempts=" + writeAttempts
        + ", claimLease=" + claimLease + "]";
  }
}
