package io.cdpkit.test;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.EventImporter;
import io.cdpkit.core.exchange.ImportOptions;
import io.cdpkit.core.exchange.ImportReport;
import io.cdpkit.core.exchange.ProfileImporter;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import io.cdpkit.workflows.testing.RecordingHttpStepClient;
import io.cdpkit.workflows.testing.RecordingMessageSender;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One test's CDPKit: an in-memory Cdp with segments attached, a test clock, recording email,
 * message and HTTP senders, and (on first use) a workflow engine sending through them. Moving time with
 * {@link #advance(Duration)} or {@link #setTo(Instant)} runs all due time-based work at once
 * (segment refresh and every registered engine, such as a workflow engine's {@code runDue}), so
 * the test can assert right after. Records every segment transition for {@link
 * CdpAssertions#assertThat(SegmentView)}. One per test; not shared between threads.
 */
public final class CdpTestContext implements AutoCloseable {
  private final TestClock clock;
  private final Cdp cdp;
  private final Segments segments;
  private final List<SegmentTransition> transitions = new CopyOnWriteArrayList<>();
  private final List<Consumer<Instant>> timeDriven = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final RecordingEmailSender emails = new RecordingEmailSender();
  private final RecordingMessageSender messages = new RecordingMessageSender();
  private final RecordingHttpStepClient http = new RecordingHttpStepClient();
  private @Nullable WorkflowEngine workflows;

  private CdpTestContext(Instant start, ZoneId zone, IdentityRules rules, PrivacyOptions privacy) {
    this.clock = TestClock.at(start);
    this.cdp = Cdp.builder().clock(clock).zone(zone).identityRules(rules).privacy(privacy).build();
    this.segments = Segments.attach(cdp);
    segments.subscribe(transitions::add);
  }

  /** A context as {@link CdpTest}'s defaults give: clock at 2026-01-01T00:00:00Z, zone UTC. */
  public static CdpTestContext create() {
    return create(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("UTC"), IdentityPreset.DEFAULT, false);
  }

  /** A context with the given start, zone, identity preset and reachability of unknown consent. */
  public static CdpTestContext create(
      Instant start, ZoneId zone, IdentityPreset identity, boolean unknownConsentReachable) {
    ReachabilityPolicy policy =
        unknownConsentReachable
            ? ReachabilityPolicy.defaults().allowUnknownConsentEverywhere()
            : ReachabilityPolicy.defaults();
    return new CdpTestContext(start, zone, identity.rules(), PrivacyOptions.defaults().withReachability(policy));
  }

  public Cdp cdp() {
    return cdp;
  }

  public Segments segments() {
    return segments;
  }

  public TestClock clock() {
    return clock;
  }

  /** The clock's current instant. */
  public Instant now() {
    return clock.instant();
  }

  /** Every email the workflow engine sent, in order. */
  public RecordingEmailSender emails() {
    return emails;
  }

  /** Every message (sms, whatsapp...) the workflow engine sent, in order. */
  public RecordingMessageSender messages() {
    return messages;
  }

  /** Every HTTP step call the workflow engine made, in order. */
  public RecordingHttpStepClient http() {
    return http;
  }

  /**
   * A workflow engine on this Cdp with an in-memory enrollment store and the recording senders,
   * built on first use; moving time runs its due work.
   */
  public WorkflowEngine workflows() {
    if (workflows == null) {
      workflows =
          WorkflowEngine.builder(cdp, segments)
              .store(new InMemoryEnrollmentStore())
              .emailSender(emails)
              .messageSender(messages)
              .httpClient(http)
              .build();
      onTimeMoved(workflows::runDue);
      closeWithContext(workflows);
    }
    return workflows;
  }

  /** A view of a saved workflow's enrollments and figures, for {@link CdpAssertions}. */
  public WorkflowView workflow(String name) {
    workflows().get(name);
    return new WorkflowView(name, workflows());
  }

  /**
   * Loads profiles from a JSON Lines resource on the classpath (the shapes of {@code
   * data-formats.md}), in one strict batch: all stored, or an exception naming the first bad line.
   */
  public CdpTestContext loadProfiles(String resource) {
    load(resource, in -> ProfileImporter.of(cdp).importFrom(in, STRICT_JSON_LINES));
    return this;
  }

  /** Loads events from a JSON Lines resource on the classpath, like {@link #loadProfiles}. */
  public CdpTestContext loadEvents(String resource) {
    load(resource, in -> EventImporter.of(cdp).importFrom(in, STRICT_JSON_LINES));
    return this;
  }

  private static final ImportOptions STRICT_JSON_LINES =
      ImportOptions.of(DataFormat.JSON_LINES).toBuilder().strict(true).build();

  private void load(String resource, java.util.function.Function<InputStream, ImportReport> importer) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture " + resource + " on the classpath");
      }
      ImportReport report = importer.apply(in);
      if (!report.ok()) {
        throw new IllegalArgumentException("Fixture " + resource + " has bad lines: " + report.errors());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading fixture " + resource + " failed", e);
    }
  }

  /** The profile with this id (or an old merged-away id). */
  public Profile profile(String profileId) {
    return cdp.getProfile(profileId);
  }

  /** A view of a saved segment and its transitions, for {@link CdpAssertions}. */
  public SegmentView segment(String name) {
    segments.get(name);
    return new SegmentView(name, segments, List.copyOf(transitions));
  }

  /** Every segment transition since the context was created, in order. */
  public List<SegmentTransition> transitions() {
    return List.copyOf(transitions);
  }

  /**
   * Registers work to run whenever time moves (with the new instant), such as {@code
   * workflowEngine::runDue}; it runs after the segment refresh.
   */
  public CdpTestContext onTimeMoved(Consumer<Instant> work) {
    timeDriven.add(Objects.requireNonNull(work, "work"));
    return this;
  }

  /** Closes {@code resource} with this context (an engine you built on it, say). */
  public <T extends AutoCloseable> T closeWithContext(T resource) {
    closeables.add(Objects.requireNonNull(resource, "resource"));
    return resource;
  }

  /** Moves time forward and runs what fell due. */
  public CdpTestContext advance(Duration duration) {
    clock.advance(duration);
    runDue();
    return this;
  }

  /** Sets the time and runs what fell due. */
  public CdpTestContext setTo(Instant instant) {
    clock.setTo(instant);
    runDue();
    return this;
  }

  /** Runs segment refresh and every registered time-driven work at the clock's now. */
  public void runDue() {
    Instant now = clock.instant();
    segments.refresh(now);
    for (Consumer<Instant> work : timeDriven) {
      work.accept(now);
    }
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + closeables.get(i) + " failed", e);
      }
    }
    segments.close();
    cdp.close();
  }
}
