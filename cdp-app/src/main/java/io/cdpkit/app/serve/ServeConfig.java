package io.cdpkit.app.serve;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@code cdp serve}, read from a properties file and then from environment
 * variables, which win: the variable of key {@code smtp.host} is {@code CDP_SMTP_HOST} (upper
 * case, dots as underscores, {@code CDP_} in front). Keys:
 *
 * <ul>
 *   <li>{@code db}: a SQLite file or a PostgreSQL URL;
 *   <li>{@code zone}: the zone of calendar rules;
 *   <li>{@code write_key}: the ingestion write key (required);
 *   <li>{@code cors.origins}: comma-separated browser origins allowed to send ({@code *} for any);
 *   <li>{@code phone_region}: the country national phone numbers are read in (ISO 3166);
 *   <li>{@code smtp.host}, {@code smtp.port}, {@code smtp.tls} ({@code none}, {@code starttls},
 *       {@code starttls_required}, {@code implicit}), {@code smtp.username}, {@code smtp.password},
 *       {@code smtp.from}: send email over SMTP; without {@code smtp.host} emails go to the sends
 *       file;
 *   <li>{@code sends.file}: where emails and messages are written when no SMTP server is set
 *       (default {@code cdp-sends.jsonl});
 *   <li>{@code http.allowed_hosts}: comma-separated host patterns workflow HTTP steps and webhooks
 *       may call (default none: every call is refused);
 *   <li>{@code dashboard.port}: serve the dashboard on this port too (default off; it needs
 *       {@code CDP_DASHBOARD_TOKEN} or prints a generated token);
 *   <li>{@code due_work.period}: how often due work runs, as an ISO-8601 duration (default
 *       {@code PT5S});
 *   <li>{@code postgres.instance_id}: on PostgreSQL, the name this instance's claims of workflow
 *       timers and sync batches carry; one that stays the same across restarts (a host or pod
 *       name) takes a dead instance's claims back at once instead of after the lease. Two
 *       instances running at once must not share it. Default: a new random name per start.
 * </ul>
 *
 * <p>Immutable.
 */
public final class ServeConfig {
  /**
   * How long one ad-hoc segment count or match from a request may run, so that one expensive
   * question cannot hold the server; see {@code CdpPlatform.Builder.queryBudget}.
   */
  public static final Duration QUERY_BUDGET = Duration.ofSeconds(30);
  private final Map<String, String> values;

  private ServeConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * Reads {@code file} (when given) and then the {@code CDP_*} variables of {@code environment}.
   *
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ServeConfig load(@Nullable Path file, Map<String, String> environment) {
    Properties properties = new Properties();
    if (file != null) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the configuration file " + file, e);
      }
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
    for (String key : KEYS) {
      String variable = variable(key);
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        values.put(key, value.strip());
      }
    }
    return new ServeConfig(values);
  }

  /** Every key this configuration reads. */
  public static final List<String> KEYS = List.of(
      "db", "zone", "write_key", "cors.origins", "phone_region", "smtp.host", "smtp.port", "smtp.tls", "smtp.username",
      "smtp.password", "smtp.from", "sends.file", "http.allowed_hosts", "dashboard.port",
      "due_work.period", "postgres.instance_id");

  /** The environment variable that sets {@code key}: {@code smtp.host} is {@code CDP_SMTP_HOST}. */
  public static String variable(String key) {
    return "CDP_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** This configuration with {@code key} set to {@code value} (a command-line option, say). */
  public ServeConfig with(String key, String value) {
    Map<String, String> changed = new HashMap<>(values);
    changed.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new ServeConfig(changed);
  }

  /** The value of {@code key}, when set. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
  }

  /** The zone, when set. */
  public Optional<ZoneId> zone() {
    return get("zone").map(ZoneId::of);
  }

  /** How often due work runs. */
  public Duration dueWorkPeriod() {
    return get("due_work.period").map(Duration::parse).orElse(Duration.ofSeconds(5));
  }

  /** The name of this instance's claims on PostgreSQL, when set. */
  public Optional<String> postgresInstanceId() {
    return get("postgres.instance_id");
  }

  /** The dashboard's port, when the dashboard is on. */
  public Optional<Integer> dashboardPort() {
    return get("dashboard.port").map(value -> integer("dashboard.port", value));
  }

  /** The host patterns HTTP steps and webhooks may call; empty refuses every call. */
  public List<String> allowedHosts() {
    return list("http.allowed_hosts");
  }

  private List<String> list(String key) {
    return get(key)
        .map(value -> Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /** The browser origins allowed to send tracking messages. */
  public List<String> corsOrigins() {
    return list("cors.origins");
  }

  /** The sends file. */
  public Path sendsFile() {
    return Path.of(get("sends.file").orElse("cdp-sends.jsonl"));
  }

  /** Reads an integer setting, naming the key when it is not one. */
  static int integer(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'", e);
    }
  }

  /** The settings, with the password and write key hidden. */
  @Override
  public String toString() {
    StringBuilder shown = new StringBuilder("ServeConfig{");
    values.keySet().stream().sorted().forEach(key -> shown.append(key).append('=')
        .append(key.contains("password") || key.contains("key") ? "***" : values.get(key)).append(", "));
    return shown.append('}').toString();
  }
}
