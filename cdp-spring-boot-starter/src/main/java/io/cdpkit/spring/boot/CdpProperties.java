package io.cdpkit.spring.boot;

import io.cdpkit.core.identity.IdentityRules;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code cdp.*} properties. Every one is optional: without any, the platform runs in memory in
 * UTC with the default identity rules, schedules its due work every ten seconds and sends no mail
 * (set {@code spring.mail.host} for SMTP).
 *
 * @param store where the data lives
 * @param zone the zone of calendar rules in segments and workflows ({@code cdp.zone=Europe/Amsterdam})
 * @param identity how identifiers merge profiles
 * @param mail the sender address of workflow emails (the server comes from {@code spring.mail.*})
 * @param http the hosts workflow HTTP steps and webhooks may call
 * @param scheduler the due-work scheduler on Spring's {@code TaskScheduler}
 * @param tracking the optional endpoint for the Segment/RudderStack tracking format
 */
@ConfigurationProperties("cdp")
public record CdpProperties(
    @DefaultValue Store store,
    @DefaultValue("UTC") ZoneId zone,
    @DefaultValue Identity identity,
    @DefaultValue Mail mail,
    @DefaultValue Http http,
    @DefaultValue Scheduler scheduler,
    @DefaultValue Tracking tracking) {

  /** Where the platform keeps its data. */
  public enum StoreType {
    /** In memory: gone when the application stops; for trials and tests. */
    MEMORY,
    /** One SQLite file ({@code cdp.store.sqlite-path}); needs {@code cdp-storage-sqlite}. */
    SQLITE,
    /** The application's PostgreSQL {@code DataSource}; needs {@code cdp-storage-postgres}. */
    DATASOURCE
  }

  /**
   * Where the data lives.
   *
   * @param type memory (default), sqlite or datasource
   * @param sqlitePath the SQLite file for {@code type=sqlite}; {@code cdp.db} by default
   * @param instanceId for {@code type=datasource}: a name of this instance that stays the same
   *     across its restarts (a pod or host name), so that after a restart it takes back at once the
   *     work it had claimed on the shared database instead of waiting out its claims' leases; unset,
   *     each start gets a new random name. Two running instances must never share one.
   */
  public record Store(
      @DefaultValue("memory") StoreType type,
      @DefaultValue("cdp.db") String sqlitePath,
      @Nullable String instanceId) {}

  /** Identity rules to start from. */
  public enum IdentityPreset {
    /** {@link IdentityRules#defaults()}: user id, email, phone and channel ids merge profiles. */
    DEFAULT,
    /** No automatic merges: every identifier attaches to its profile only; manual merges work. */
    NO_AUTOMATIC_MERGE;

    /** The rules of this preset. */
    public IdentityRules rules() {
      return this == DEFAULT ? IdentityRules.defaults() : IdentityRules.noAutomaticMerge();
    }
  }

  /**
   * How identifiers merge profiles.
   *
   * @param preset {@code default} or {@code no-automatic-merge}
   */
  public record Identity(@DefaultValue("default") IdentityPreset preset) {}

  /**
   * Workflow email settings beyond Spring's {@code spring.mail.*} server settings.
   *
   * @param from the sender of emails whose step names none; {@code spring.mail.username} when unset
   */
  public record Mail(@Nullable String from) {}

  /**
   * Outgoing HTTP from workflow steps and webhooks.
   *
   * @param allowedHosts host names or patterns ({@code api.example.com}, {@code *.example.com})
   *     that may be called; none by default, which leaves HTTP steps to the engine's default client
   */
  public record Http(@DefaultValue List<String> allowedHosts) {}

  /**
   * The due-work scheduler (segment refresh, workflow steps, sync rounds).
   *
   * @param enabled false to run {@code CdpPlatform.runDue} yourself
   * @param period the pause between the end of one round and the start of the next
   * @param maxLag the time since the last round ended beyond which health reports DOWN
   */
  public record Scheduler(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("10s") Duration period,
      @DefaultValue("5m") Duration maxLag) {}

  /**
   * The tracking endpoint: {@code POST {path}/identify|track|page|screen|alias|group|batch}.
   *
   * @param enabled true to serve it (Spring MVC applications only)
   * @param path the path prefix; {@code /v1} by default, as the Segment libraries expect
   * @param writeKey the key clients present (HTTP Basic user name or Bearer); required when enabled
   */
  public record Tracking(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("/v1") String path,
      @Nullable String writeKey) {}
}
