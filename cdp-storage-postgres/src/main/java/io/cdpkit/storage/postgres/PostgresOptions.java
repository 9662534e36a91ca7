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
 * @param instanceId names this application instance in its claims, or null for a new random name
 *     per store. A store gives up its claims when it closes; with a name that stays the same
 *     across restarts (a host name, a pod name), an instance that died also takes its claims back
 *     as soon as it starts again, instead of waiting out the lease. Two stores open at once must
 *     not share a name.
 */
public record PostgresOptions(
    @Nullable String user,
    @Nullable String password,
    int poolSize,
    int writeAttempts,
    Duration claimLease,
    @Nullable String instanceId) {

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

  /**
   * User and password from the URL, 10 connections, 30 write attempts, a 5-minute claim lease, a
   * random instance name.
   */
  public static PostgresOptions defaults() {
    return new PostgresOptions(null, null, 10, 30, Duration.ofMinutes(5), null);
  }

  public PostgresOptions withCredentials(String user, String password) {
    return new PostgresOptions(
        Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"),
        poolSize, writeAttempts, claimLease, instanceId);
  }

  public PostgresOptions withPoolSize(int poolSize) {
    return new PostgresOptions(user, password, poolSize, writeAttempts, claimLease, instanceId);
  }

  public PostgresOptions withWriteAttempts(int writeAttempts) {
    return new PostgresOptions(user, password, poolSize, writeAttempts, claimLease, instanceId);
  }

  public PostgresOptions withClaimLease(Duration claimLease) {
    return new PostgresOptions(user, password, poolSize, writeAttempts, claimLease, instanceId);
  }

  public PostgresOptions withInstanceId(String instanceId) {
    return new PostgresOptions(user, password, poolSize, writeAttempts, claimLease,
        Objects.requireNonNull(instanceId, "instanceId"));
  }

  @Override
  public String toString() {
    return "PostgresOptions[user=" + user + ", password=" + (password == null ? null : "***")
        + ", poolSize=" + poolSize + ", writeAttempts=" + writeAttempts
        + ", claimLease=" + claimLease + ", instanceId=" + instanceId + "]";
  }
}
