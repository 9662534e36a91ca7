package io.cdpkit.platform;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.core.delivery.DueWork;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.platform.internal.Closer;
import io.cdpkit.platform.internal.DueWorkThread;
import io.cdpkit.platform.internal.MicrometerPlatformMetrics;
import io.cdpkit.platform.internal.PlatformMetrics;
import io.cdpkit.platform.memory.InMemoryPlatformStorage;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.SegmentDestination;
import io.cdpkit.segments.activation.SegmentSync;
import io.cdpkit.segments.activation.SyncReport;
import io.cdpkit.segments.insights.ComputedAttribute;
import io.cdpkit.segments.insights.Insights;
import io.cdpkit.segments.insights.LiveComputedAttributes;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.workflows.RunReport;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.WorkflowEngineOptions;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.MessageSender;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The whole platform over one store: the {@link Cdp}, {@link Segments} with computed attributes,
 * the {@link WorkflowEngine}, {@link SegmentSync} when segments are synced, {@link Insights}, and
 * one scheduler of due work. Built once, closed once; closing stops the scheduler (letting a round
 * in progress finish), then closes the sync, the engine, the segments, the computed attributes and
 * the Cdp with its store, in that order. Thread-safe.
 *
 * <pre>{@code
 * try (CdpPlatform platform = CdpPlatform.builder()
 *     .storage(SqliteStorage.open(Path.of("cdp.db")))
 *     .zone(ZoneId.of("Europe/Amsterdam"))
 *     .emailSender(smtp)
 *     .build()) {
 *   platform.cdp().identify(...);
 *   platform.segments().save("recent", "event \"purchase\" in the last 7 days");
 *   platform.start(Duration.ofSeconds(10));   // or platform.runDue(now) from your own loop
 * }
 * }</pre>
 */
public final class CdpPlatform implements AutoCloseable {
  private final Cdp cdp;
  private final ComputedAttributeStore computedDefinitions;
  private final @Nullable LiveComputedAttributes computed;
  private final Segments segments;
  private final WorkflowEngine workflows;
  private final @Nullable SegmentSync sync;
  private final Insights insights;
  private final Map<String, DueWork<?>> added = new LinkedHashMap<>();
  private final DueWorkThread scheduler;
  private final PlatformMetrics metrics;
  private final Closer closer;

  private CdpPlatform(Builder builder, PlatformStorage storage, Closer closer) {
    this.closer = closer;
    this.metrics = builder.meterRegistry == null
        ? PlatformMetrics.NONE
        : new MicrometerPlatformMetrics(builder.meterRegistry, builder.clock);
    Cdp.Builder cdpBuilder = Cdp.builder().storage(storage).clock(builder.clock).zone(builder.zone);
    if (builder.identityRules != null) {
      cdpBuilder.identityRules(builder.identityRules);
    }
    if (builder.privacy != null) {
      cdpBuilder.privacy(builder.privacy);
    }
    this.cdp = closer.register(cdpBuilder.build());
    // Definitions live in the store, so that every process knows the same ones; the builder's are
    // saved there first. Values attach before the segments, so that a segment sees fresh ones.
    this.computedDefinitions = storage.computedAttributeStore();
    builder.computed.forEach(computedDefinitions::save);
    List<ComputedAttribute> defined = computedDefinitions.list();
    this.computed = defined.isEmpty()
        ? null
        : closer.register(LiveComputedAttributes.attach(cdp, defined));
    AtomicReference<@Nullable Segments> built = new AtomicReference<>();
    List<ComputedAttributes> sources = new ArrayList<>();
    sources.add(computed != null ? computed : ComputedAttributes.noneDefined());
    for (ComputedSource factory : builder.computedSources) {
      ComputedAttributes source = Objects.requireNonNull(factory.open(cdp, profileIds -> {
        Segments segments = built.get();
        if (segments != null) {
          segments.recalculated(profileIds);
        }
      }), "computed source");
      if (source instanceof AutoCloseable closeable) {
        closer.register(closeable);
      }
      sources.add(source);
    }
    ComputedAttributes values =
        sources.size() == 1 ? sources.get(0) : ComputedAttributes.firstKnowing(sources);
    Segments.Builder segmentsBuilder = Segments.builder(cdp)
        .store(storage.segmentStore())
        .groups(storage.groupStore())
        .queries(storage.segmentQueries())
        .computed(values);
    if (builder.queryBudget != null) {
      segmentsBuilder.queryBudget(builder.queryBudget);
    }
    this.segments = closer.register(segmentsBuilder.build());
    built.set(segments);
    WorkflowEngine.Builder engine = WorkflowEngine.builder(cdp, segments)
        .store(storage.enrollmentStore());
    if (builder.emailSender != null) {
      engine.emailSender(metrics.email(builder.emailSender));
    }
    if (builder.messageSender != null) {
      engine.messageSender(metrics.messages(builder.messageSender));
    }
    if (builder.httpClient != null) {
      engine.httpClient(metrics.http(builder.httpClient));
    }
    if (builder.workflowOptions != null) {
      engine.options(builder.workflowOptions);
    }
    this.workflows = closer.register(engine.build());
    if (builder.syncs.isEmpty()) {
      this.sync = null;
      // No sync runs here, but an erasure still removes what earlier syncs hold of the person.
      closer.register(
          cdp.registerDataContributor(SegmentSync.dataContributor(storage.syncStateStore())));
    } else {
      SegmentSync.Builder syncBuilder = SegmentSync.builder(cdp, segments)
          .store(storage.syncStateStore())
          .clock(builder.clock);
      builder.syncs.forEach((destination, segment) -> syncBuilder.sync(segment, destination));
      this.sync = closer.register(syncBuilder.build());
    }
    metrics.observe(cdp, segments);
    this.insights = Insights.of(segments, storage.insightQueries(segments), values);
    builder.dueWork.forEach((name, factory) -> {
      DueWork<?> work = Objects.requireNonNull(factory.apply(cdp), () -> "due work " + name);
      if (work instanceof AutoCloseable closeable) {
        closer.register(closeable);
      }
      added.put(name, work);
    });
    this.scheduler = closer.register(new DueWorkThread(builder.clock, this::runDue));
  }

  /** Opens computed attributes kept outside the stored definitions; see {@link Builder#computedSource}. */
  @FunctionalInterface
  public interface ComputedSource {
    /**
     * The source's attributes on {@code cdp}. Call {@code recalculated} with the ids of profiles
     * whose values changed other than by their own data (a model refitted): saved segments
     * re-evaluate them and publish their transitions.
     */
    ComputedAttributes open(Cdp cdp, Consumer<Collection<String>> recalculated);
  }

  /** A builder; every setting is optional (in memory, system clock, UTC, no senders). */
  public static Builder builder() {
    return new Builder();
  }

  /** A platform in memory, on the system clock in UTC: for tests and trials. */
  public static CdpPlatform inMemory() {
    return builder().build();
  }

  /** Profiles, events, identity, consent and privacy. */
  public Cdp cdp() {
    return cdp;
  }

  /** Saved segments, static groups and live membership. */
  public Segments segments() {
    return segments;
  }

  /** The workflow engine, with the senders given to the builder. */
  public WorkflowEngine workflows() {
    return workflows;
  }

  /** The computed attributes defined in the store when the platform was built; empty for none. */
  public Optional<LiveComputedAttributes> computed() {
    return Optional.ofNullable(computed);
  }

  /**
   * The computed attribute definitions in the store. A definition saved here is known to every
   * platform built on the store afterwards, in this process or another; this one keeps the
   * definitions it was built with.
   */
  public ComputedAttributeStore computedDefinitions() {
    return computedDefinitions;
  }

  /** Delivery of segments to destinations; empty when the builder synced none. */
  public Optional<SegmentSync> sync() {
    return Optional.ofNullable(sync);
  }

  /** Event insights, series and profile tables, answered in the store where it can. */
  public Insights insights() {
    return insights;
  }

  /**
   * Runs everything due at {@code now}, in the order that lets each part see the last one's
   * results: segment refresh (time-window entries and exits), then workflow signals and steps
   * (which may react to those transitions), then sync rounds, then the due work added with
   * {@link Builder#dueWork}, in the order added. A part that throws ends the round; the next round
   * starts again from the first part.
   */
  public DueWorkReport runDue(Instant now) {
    Objects.requireNonNull(now, "now");
    return metrics.round(() -> {
      RefreshResult refresh = metrics.refresh(() -> segments.refresh(now));
      RunReport run = workflows.runDue(now);
      Optional<SyncReport> synced = sync == null ? Optional.empty() : Optional.of(sync.runDue(now));
      Map<String, @Nullable Object> reports = new LinkedHashMap<>();
      added.forEach((name, work) -> reports.put(name, work.runDue(now)));
      return new DueWorkReport(refresh, run, synced, reports);
    });
  }

  /**
   * Runs {@link #runDue} on the platform's own thread now and {@code period} after each round,
   * until {@link #close()}.
   *
   * @throws IllegalStateException when already started
   */
  public void start(Duration period) {
    scheduler.start(period);
  }

  /** Stops the scheduler, then closes every part and the store, in order. */
  @Override
  public void close() {
    closer.close();
  }

  /** Configures a {@link CdpPlatform}; each setting may be given once. Not thread-safe. */
  public static final class Builder {
    private @Nullable PlatformStorage storage;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private ZoneId zone = ZoneId.of("UTC");
    private boolean zoneSet;
    private @Nullable IdentityRules identityRules;
    private @Nullable PrivacyOptions privacy;
    private @Nullable EmailSender emailSender;
    private @Nullable MessageSender messageSender;
    private @Nullable HttpStepClient httpClient;
    private @Nullable WorkflowEngineOptions workflowOptions;
    private @Nullable Duration queryBudget;
    private @Nullable MeterRegistry meterRegistry;
    private final List<ComputedAttribute> computed = new ArrayList<>();
    private final List<ComputedSource> computedSources = new ArrayList<>();
    private final Map<SegmentDestination, String> syncs = new LinkedHashMap<>();
    private final Map<String, Function<? super Cdp, ? extends DueWork<?>>> dueWork =
        new LinkedHashMap<>();

    private Builder() {}

    /** The one store of every module's data; in memory by default. The platform closes it. */
    public Builder storage(PlatformStorage value) {
      requireUnset("storage", storage);
      storage = Objects.requireNonNull(value, "storage");
      return this;
    }

    /** Where "now" comes from, for every module and the scheduler; the system clock by default. */
    public Builder clock(Clock value) {
      requireUnset("clock", clockSet ? clock : null);
      clock = Objects.requireNonNull(value, "clock");
      clockSet = true;
      return this;
    }

    /** The zone of calendar rules (days, weeks, birthdays); UTC by default. */
    public Builder zone(ZoneId value) {
      requireUnset("zone", zoneSet ? zone : null);
      zone = Objects.requireNonNull(value, "zone");
      zoneSet = true;
      return this;
    }

    /** How identifiers merge profiles; {@link IdentityRules#defaults()} by default. */
    public Builder identityRules(IdentityRules value) {
      requireUnset("identityRules", identityRules);
      identityRules = Objects.requireNonNull(value, "identityRules");
      return this;
    }

    /** Reachability and erasure options; {@link PrivacyOptions#defaults()} by default. */
    public Builder privacy(PrivacyOptions value) {
      requireUnset("privacy", privacy);
      privacy = Objects.requireNonNull(value, "privacy");
      return this;
    }

    /** Sends workflow emails. */
    public Builder emailSender(EmailSender value) {
      requireUnset("emailSender", emailSender);
      emailSender = Objects.requireNonNull(value, "emailSender");
      return this;
    }

    /** Sends workflow SMS, WhatsApp and push messages. */
    public Builder messageSender(MessageSender value) {
      requireUnset("messageSender", messageSender);
      messageSender = Objects.requireNonNull(value, "messageSender");
      return this;
    }

    /** Calls workflow HTTP steps and webhooks. */
    public Builder httpClient(HttpStepClient value) {
      requireUnset("httpClient", httpClient);
      httpClient = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    /** Workflow engine options (quiet hours, caps, limits). */
    public Builder workflowOptions(WorkflowEngineOptions value) {
      requireUnset("workflowOptions", workflowOptions);
      workflowOptions = Objects.requireNonNull(value, "workflowOptions");
      return this;
    }

    /**
     * How long an ad-hoc segment count or match may run; see {@link
     * Segments.Builder#queryBudget}. Unlimited by default.
     */
    public Builder queryBudget(Duration value) {
      requireUnset("queryBudget", queryBudget);
      queryBudget = Objects.requireNonNull(value, "queryBudget");
      return this;
    }

    /**
     * Reports the platform's metrics to {@code registry} (Micrometer, an optional dependency):
     * events ingested, merges, segment evaluations and refresh time, membership transitions,
     * sends by channel and outcome, and the time of and since rounds of due work. None by default.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      requireUnset("meterRegistry", meterRegistry);
      meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * Defines computed attributes, readable as {@code $computed.NAME} in segments: they are saved
     * in the store (replacing a definition of the same name), so every process on it knows them.
     * The platform also knows every definition stored before.
     */
    public Builder computed(ComputedAttribute... attributes) {
      for (ComputedAttribute attribute : attributes) {
        computed.add(Objects.requireNonNull(attribute, "attribute"));
      }
      return this;
    }

    /**
     * Sends the members of the saved segment {@code segment} to {@code destination}. The segment
     * must be saved in the store before {@link #build()}.
     */
    public Builder sync(String segment, SegmentDestination destination) {
      Objects.requireNonNull(segment, "segment");
      Objects.requireNonNull(destination, "destination");
      if (syncs.containsKey(destination)) {
        throw new IllegalStateException(
            "destination " + destination.name() + " already syncs " + syncs.get(destination));
      }
      syncs.put(destination, segment);
      return this;
    }

    /**
     * Adds computed attributes kept outside the stored definitions, such as predictions: {@code
     * source} is opened once while building, with the platform's {@link Cdp}, before the segments.
     * Segments read its names as {@code $computed.NAME} beside the stored definitions (which answer
     * a name both know), and validation knows them when it says which ({@link
     * ComputedAttributes#knownNames()}). When the platform closes, it closes a source that is
     * {@link AutoCloseable}.
     *
     * <pre>{@code
     * builder.computedSource((cdp, recalculated) -> {
     *   Predictions predictions = Predictions.builder(cdp).store(storage.documentStore()).build();
     *   predictions.subscribe(fit -> recalculated.accept(fit.changedProfiles()));
     *   return predictions;
     * });
     * }</pre>
     */
    public Builder computedSource(ComputedSource source) {
      computedSources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /**
     * Adds due work that {@link CdpPlatform#runDue} runs after the built-in work, such as a
     * nightly refit of predictions. {@code work} is called once while building, with the
     * platform's {@link Cdp}, to make the work; when that is {@link AutoCloseable} the platform
     * closes it before the parts built earlier. Its report appears in {@link
     * DueWorkReport#added()} under {@code name}.
     *
     * <pre>{@code
     * CdpPlatform.builder().dueWork("prediction refit", cdp -> Predictions.attach(cdp));
     * }</pre>
     *
     * @throws IllegalStateException when due work of that name was already added
     */
    public Builder dueWork(String name, Function<? super Cdp, ? extends DueWork<?>> work) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(work, "work");
      if (dueWork.containsKey(name)) {
        throw new IllegalStateException("due work " + name + " was already added");
      }
      dueWork.put(name, work);
      return this;
    }

    /**
     * Builds the platform over the store. When a part fails to build, the parts already built
     * and the store are closed before the failure is thrown.
     */
    public CdpPlatform build() {
      PlatformStorage store = storage != null ? storage : InMemoryPlatformStorage.create();
      Closer closer = new Closer();
      try {
        return new CdpPlatform(this, store, closer);
      } catch (RuntimeException e) {
        // The Cdp owns the store once built; before that, the store is closed here.
        boolean cdpBuilt = !closer.isEmpty();
        try {
          closer.close();
          if (!cdpBuilt) {
            store.close();
          }
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    private static void requireUnset(String option, @Nullable Object current) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }
  }
}
