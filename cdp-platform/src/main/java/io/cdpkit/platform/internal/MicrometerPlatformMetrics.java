package io.cdpkit.platform.internal;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.platform.DueWorkReport;
import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.MessageSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The platform's meters in a Micrometer registry. Names and tags are listed in the
 * {@code cdp-spring-boot-starter} README; every meter is registered at once, so dashboards see
 * zeros rather than gaps. Thread-safe.
 */
public final class MicrometerPlatformMetrics implements PlatformMetrics {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Counter ingested;
  private final Counter merges;
  private final Counter entered;
  private final Counter exited;
  private final Counter evaluations;
  private final Timer refresh;
  private final Timer rounds;
  private volatile Instant lastRoundEnded;

  /** Registers the platform's meters in {@code registry}; lag is measured on {@code clock}. */
  public MicrometerPlatformMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.lastRoundEnded = clock.instant();
    this.ingested = Counter.builder("cdp.events.ingested")
        .description("Events stored (idempotent repeats not counted)").register(registry);
    Counter.builder("cdp.events.rejected").tag("source", "tracking")
        .description("Tracking messages refused for breaking a rule").register(registry);
    this.merges = Counter.builder("cdp.profiles.merges")
        .description("Merges of two or more profiles into one").register(registry);
    this.entered = transitions("entered");
    this.exited = transitions("exited");
    this.evaluations = Counter.builder("cdp.segments.evaluations")
        .description("Profile checks that fell due in segment refreshes").register(registry);
    this.refresh = Timer.builder("cdp.segments.refresh")
        .description("Time of segment refreshes (time-window entries and exits)").register(registry);
    this.rounds = Timer.builder("cdp.duework.rounds")
        .description("Time of rounds of due work: refresh, workflow steps, syncs").register(registry);
    TimeGauge.builder("cdp.duework.lag", this, TimeUnit.MILLISECONDS, MicrometerPlatformMetrics::lagMillis)
        .description("Time since the last round of due work ended").register(registry);
  }

  private Counter transitions(String kind) {
    return Counter.builder("cdp.segments.transitions").tag("kind", kind)
        .description("Profiles entering or leaving segments").register(registry);
  }

  private double lagMillis() {
    return Math.max(0, Duration.between(lastRoundEnded, clock.instant()).toMillis());
  }

  @Override
  public void observe(Cdp cdp, Segments segments) {
    cdp.subscribe(new CdpListener() {
      @Override
      public void eventStored(Event event, Profile profile) {
        ingested.increment();
      }

      @Override
      public void profilesMerged(Profile survivor, List<String> absorbedIds) {
        merges.increment();
      }
    });
    segments.subscribe(this::transition);
  }

  private void transition(SegmentTransition transition) {
    (transition.kind() == SegmentTransition.Kind.ENTERED ? entered : exited).increment();
  }

  @Override
  public EmailSender email(EmailSender sender) {
    return message -> counted("email", () -> sender.send(message));
  }

  @Override
  public MessageSender messages(MessageSender sender) {
    return message -> counted(message.channel(), () -> sender.send(message));
  }

  @Override
  public HttpStepClient http(HttpStepClient client) {
    return request -> counted("http", () -> client.send(request));
  }

  private DeliveryOutcome counted(String channel, Supplier<DeliveryOutcome> send) {
    String outcome = "error";
    try {
      DeliveryOutcome result = send.get();
      outcome = outcomeName(result);
      return result;
    } finally {
      registry.counter("cdp.sends", "channel", channel.toLowerCase(Locale.ROOT), "outcome", outcome)
          .increment();
    }
  }

  private static String outcomeName(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return "delivered";
    }
    return outcome instanceof DeliveryOutcome.RetryableFailure ? "retryable" : "permanent";
  }

  @Override
  public DueWorkReport round(Supplier<DueWorkReport> round) {
    long start = System.nanoTime();
    try {
      return round.get();
    } finally {
      rounds.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      lastRoundEnded = clock.instant();
    }
  }

  @Override
  public RefreshResult refresh(Supplier<RefreshResult> refreshing) {
    RefreshResult result = refresh.record(refreshing);
    evaluations.increment(result.checked());
    return result;
  }
}
