package io.cdpkit.workflows;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.core.delivery.RetryPolicy;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import io.cdpkit.workflows.testing.RecordingHttpStepClient;
import io.cdpkit.workflows.testing.RecordingMessageSender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A Cdp on a TestClock, its Segments, recording senders and an engine over them. */
final class EngineFixture implements AutoCloseable {
  /** Every (from, signal, to) any fixture's engine made, for the transition coverage test. */
  static final Set<String> VISITED = ConcurrentHashMap.newKeySet();

  static final RetryPolicy RETRY =
      RetryPolicy.builder()
          .initialInterval(Duration.ofMinutes(1))
          .backoffCoefficient(2.0)
          .maximumInterval(Duration.ofMinutes(10))
          .maximumAttempts(3)
          .build();

  final TestClock clock = TestClock.at(Instant.parse("2024-05-01T10:00:00Z"));
  final Cdp cdp = Cdp.builder().clock(clock).build();
  final Segments segments = Segments.attach(cdp);
  final RecordingEmailSender email = new RecordingEmailSender();
  final RecordingMessageSender messages = new RecordingMessageSender();
  final EnrollmentStore store;
  final HttpStepClient http;
  WorkflowEngine engine;
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger phones = new AtomicInteger();

  EngineFixture() {
    this(new InMemoryEnrollmentStore(), new RecordingHttpStepClient());
  }

  EngineFixture(EnrollmentStore store, HttpStepClient http) {
    this.store = store;
    this.http = http;
    this.engine = newEngine();
  }

  WorkflowEngine newEngine() {
    return WorkflowEngine.builder(cdp, segments)
        .store(store)
        .emailSender(email)
        .messageSender(messages)
        .httpClient(http)
        .retryPolicy(RETRY)
        .idGenerator(() -> "enr-" + ids.incrementAndGet())
        .listener(
            new EnrollmentListener() {
              @Override
              public void onTransition(
                  Enrollment enrollment, EnrollmentState from, String signal,
                  EnrollmentState to) {
                VISITED.add(from + " " + signal + " " + to);
              }
            })
        .build();
  }

  /** A profile with an email (consent granted), a phone, and the attributes. */
  String person(String address, Map<String, Object> attributes) {
    Identify.Builder identify =
        Identify.builder().email(address).phone("+49151" + (1_000_000 + phones.incrementAndGet()));
    attributes.forEach(identify::set);
    Profile profile = cdp.identify(identify.build());
    grant(profile.id(), "email");
    grant(profile.id(), "sms");
    return profile.id();
  }

  String person(String address) {
    return person(address, Map.of("first_name", address.substring(0, address.indexOf('@'))));
  }

  void grant(String profileId, String channel) {
    cdp.recordConsent(
        profileId, ConsentChange.of(channel, ConsentStatus.GRANTED, clock.instant(), "test"));
  }

  void deny(String profileId, String channel) {
    cdp.recordConsent(
        profileId, ConsentChange.of(channel, ConsentStatus.DENIED, clock.instant(), "test"));
  }

  Event track(String profileId, String type, Map<String, Object> properties) {
    Track.Builder track = Track.builder(type).profileId(profileId);
    properties.forEach(track::property);
    return cdp.track(track.build());
  }

  RunReport run() {
    return engine.runDue(clock.instant());
  }

  RunReport advance(Duration duration) {
    clock.advance(duration);
    return run();
  }

  Enrollment only(String workflow) {
    List<Enrollment> all = engine.enrollments(workflow);
    if (all.size() != 1) {
      throw new AssertionError("expected one enrollment of " + workflow + ", got " + all);
    }
    return all.get(0);
  }

  static Step.SendEmail email(String id, String subject) {
    return new Step.SendEmail(
        id, "tpl-" + id, "$identifier.email", null, subject,
        "<p>Hello {{first_name}}</p>", null,
        List.of(MergeTag.of("first_name", "first_name", "there")));
  }

  static Step.SendMessage sms(String id, String text) {
    return new Step.SendMessage(
        id, "sms", "tpl-" + id, "$identifier.phone", text,
        List.of(
            MergeTag.of("first_name", "first_name", "there"),
            MergeTag.of("festival", "event.festival", "the festival")));
  }

  static Identifier emailOf(String address) {
    return Identifier.email(address);
  }

  @Override
  public void close() {
    engine.close();
    segments.close();
    cdp.close();
  }
}
