package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.RetryPolicy;
import io.cdpkit.core.delivery.DeliveryOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class SegmentSyncTest {
  private static final String SEGMENT = "young-with-email";
  private final TestClock clock = TestClock.at(Instant.parse("2024-01-01T00:00:00Z"));
  private Cdp cdp;
  private Segments segments;
  private final InMemorySyncStateStore store = new InMemorySyncStateStore();
  private final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 3);
  private SegmentSync sync;

  @BeforeEach
  void setUp() {
    cdp = Cdp.builder().clock(clock).build();
    segments = Segments.attach(cdp);
    segments.save(SEGMENT, "age < 30 and $identifier.email is not empty");
  }

  @AfterEach
  void tearDown() {
    if (sync != null) {
      sync.close();
    }
    segments.close();
    cdp.close();
  }

  private String person(String email, int age) {
    return cdp.identify(Identify.builder().email(email).set("age", age).build()).id();
  }

  private SegmentSync start(SegmentDestination destination, int batchSize) {
    return SegmentSync.builder(cdp, segments).store(store).sync(SEGMENT, destination)
        .batchSize(batchSize).retry(retry).build();
  }

  private static RecordingDestination destination() {
    return new RecordingDestination("crm", Optional.of("email"), IdentifierField.plain("email"));
  }

  @Test
  void changesWhileNoSyncIsAttached_areSentAfterARestart() {
    String ann = person("ann@example.com", 25);
    String bob = person("bob@example.com", 28);
    RecordingDestination crm = destination();
    sync = start(crm, 10);
    sync.runDue(clock.instant());
    sync.close();

    cdp.identify(Identify.builder().email("bob@example.com").set("age", 40).build());
    String cat = person("cat@example.com", 21);
    assertThat(store.countSyncedMembers(SEGMENT, "crm")).isEqualTo(2);

    sync = start(crm, 10);
    sync.runDue(clock.instant());

    SyncBatch reconciled = List.copyOf(crm.applied.values()).get(crm.applied.size() - 1);
    assertThat(reconciled.added()).extracting(SyncMember::profileId).containsExactly(cat);
    assertThat(reconciled.removed()).extracting(SyncMember::profileId).containsExactly(bob);
    assertThat(store.countSyncedMembers(SEGMENT, "crm")).isEqualTo(2);
    assertThat(store.findSyncedMember(SEGMENT, "crm", ann)).isPresent();
    sync.runDue(clock.instant());
    assertThat(crm.applied).hasSize(2);
  }

  @Test
  void initialSync_sendsEveryMemberOnceInSnapshotParts_thenChanges() {
    String ann = person("ann@example.com", 25);
    String bob = person("bob@example.com", 28);
    String cat = person("cat@example.com", 27);
    person("old@example.com", 60);
    RecordingDestination crm = destination();
    sync = start(crm, 2);

    SyncReport first = sync.runDue(clock.instant());

    assertThat(crm.addedIds()).containsExactlyInAnyOrder(ann, bob, cat);
    assertThat(crm.applied.values()).allMatch(b -> b.kind() == SyncBatch.Kind.SNAPSHOT);
    assertThat(crm.applied.values()).last().matches(SyncBatch::lastPart);
    assertThat(first.added()).isEqualTo(3);
    assertThat(crm.applied.keySet()).first().isEqualTo(SEGMENT + "/crm/1");

    String dan = person("dan@example.com", 22);
    cdp.identify(Identify.builder().email("bob@example.com").set("age", 31).build());
    sync.runDue(clock.instant());

    SyncBatch changes = List.copyOf(crm.applied.values()).get(crm.applied.size() - 1);
    assertThat(changes.kind()).isEqualTo(SyncBatch.Kind.CHANGES);
    assertThat(changes.added()).extracting(SyncMember::profileId).containsExactly(dan);
    assertThat(changes.removed()).containsExactly(
        new SyncMember(bob, java.util.Map.of("email", "bob@example.com")));
    assertThat(store.countSyncedMembers(SEGMENT, "crm")).isEqualTo(3);
    assertThat(sync.runDue(clock.instant())).isEqualTo(SyncReport.EMPTY);
  }

  @Test
  void restartAfterALostAcknowledgement_resendsTheSameBatch_andNoMemberIsLostOrSentTwice() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(person("p" + i + "@example.com", 20 + i));
    }
    RecordingDestination crm = destination();
    crm.applyBeforeFailing = true;
    crm.script.add(DeliveryOutcome.delivered());
    crm.script.add(DeliveryOutcome.retryable("connection reset after the write"));
    sync = start(crm, 3);
    sync.runDue(clock.instant());
    assertThat(sync.state(SEGMENT, "crm").hasUnacknowledgedBatch()).isTrue();
    String pendingKey = store.findUnacknowledgedBatch(SEGMENT, "crm").orElseThrow().idempotencyKey();
    sync.close();

    RecordingDestination restarted = destination();
    restarted.applied.putAll(crm.applied);
    sync = start(restarted, 3);
    String late = person("late@example.com", 21);
    clock.advance(Duration.ofMinutes(1));
    sync.runDue(clock.instant());

    assertThat(restarted.attempts.get(0).idempotencyKey()).isEqualTo(pendingKey);
    List<String> all = new java.util.ArrayList<>(ids);
    all.add(late);
    assertThat(restarted.addedIds()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(restarted.addedIds()).doesNotHaveDuplicates();
  }

  @Test
  void deniedConsent_isNeverSent_andRemovesAMemberSentBefore() {
    String ann = person("ann@example.com", 25);
    String bob = person("bob@example.com", 26);
    cdp.recordConsent(bob, ConsentChange.of("email", ConsentStatus.DENIED, clock.instant(), "form"));
    RecordingDestination crm = destination();
    sync = start(crm, 10);
    sync.runDue(clock.instant());
    assertThat(crm.addedIds()).containsExactly(ann);

    clock.advance(Duration.ofSeconds(1));
    cdp.recordConsent(ann, ConsentChange.of("email", ConsentStatus.DENIED, clock.instant(), "form"));
    sync.runDue(clock.instant());
    assertThat(crm.removedIds()).containsExactly(ann);

    clock.advance(Duration.ofSeconds(1));
    cdp.recordConsent(bob, ConsentChange.of("email", ConsentStatus.GRANTED, clock.instant(), "form"));
    sync.runDue(clock.instant());
    assertThat(crm.addedIds()).containsExactly(ann, bob);
  }

  @Test
  void globalOptOut_removesEvenWithoutAConsentChannel() {
    String ann = person("ann@example.com", 25);
    RecordingDestination ads = new RecordingDestination("ads", Optional.empty(), IdentifierField.sha256("email"));
    sync = start(ads, 10);
    sync.runDue(clock.instant());
    clock.advance(Duration.ofSeconds(1));
    cdp.recordConsent(ann, ConsentChange.of(ConsentChange.ALL_CHANNELS, ConsentStatus.DENIED, clock.instant(), "ccpa"));
    sync.runDue(clock.instant());
    assertThat(ads.removedIds()).containsExactly(ann);
  }

  @Test
  void hashedFields_sendTheSha256OfTheNormalisedIdentifier() {
    cdp.identify(Identify.builder().email("  Ann@Example.COM ").phone("+31 (6) 1234-5678").set("age", 25).build());
    RecordingDestination ads = new RecordingDestination("ads", Optional.empty(),
        IdentifierField.sha256("email"), IdentifierField.sha256("phone"), IdentifierField.plain("email"));
    sync = start(ads, 10);
    sync.runDue(clock.instant());
    SyncMember member = ads.applied.values().iterator().next().added().get(0);
    assertThat(member.identifiers()).containsEntry("email_sha256",
        IdentifierField.sha256("email").encode("ann@example.com"))
        .containsEntry("phone_sha256", IdentifierField.sha256("phone").encode("+31612345678"))
        .containsEntry("email", "ann@example.com");
    assertThat(IdentifierField.sha256("email").encode("test@example.com"))
        .isEqualTo("973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b");
  }

  @Test
  void retryableFailures_backOffExponentially_thenMarkFailed_andResumeResendsTheSameBatch() {
    person("ann@example.com", 25);
    RecordingDestination crm = destination();
    crm.script.add(DeliveryOutcome.retryable("503"));
    crm.script.add(DeliveryOutcome.retryable("503"));
    crm.script.add(DeliveryOutcome.retryable("503"));
    sync = start(crm, 10);

    assertThat(sync.runDue(clock.instant()).failures()).isEqualTo(1);
    SyncState afterFirst = sync.state(SEGMENT, "crm");
    assertThat(afterFirst.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(10));
    assertThat(sync.runDue(clock.instant().plusSeconds(9))).isEqualTo(SyncReport.EMPTY);
    clock.advance(Duration.ofSeconds(10));
    sync.runDue(clock.instant());
    assertThat(sync.state(SEGMENT, "crm").nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(20));
    clock.advance(Duration.ofSeconds(20));
    sync.runDue(clock.instant());
    SyncState failed = sync.state(SEGMENT, "crm");
    assertThat(failed.status()).isEqualTo(SyncState.Status.FAILED);
    assertThat(failed.failure()).contains("gave up after 3 attempts").contains("503");
    assertThat(sync.runDue(clock.instant().plusSeconds(3600))).isEqualTo(SyncReport.EMPTY);

    sync.resume(SEGMENT, "crm");
    sync.runDue(clock.instant());
    assertThat(crm.attempts).extracting(SyncBatch::idempotencyKey).containsOnly(SEGMENT + "/crm/1");
    assertThat(sync.state(SEGMENT, "crm").status()).isEqualTo(SyncState.Status.ACTIVE);
    assertThat(crm.addedIds()).hasSize(1);
  }

  @Test
  void retryAfter_longerThanTheBackOff_isHonoured() {
    person("ann@example.com", 25);
    RecordingDestination crm = destination();
    crm.script.add(new DeliveryOutcome.RetryableFailure("429", Duration.ofMinutes(5)));
    sync = start(crm, 10);
    sync.runDue(clock.instant());
    assertThat(sync.state(SEGMENT, "crm").nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void permanentFailure_marksFailedWithTheReason_andAThrowingDestinationIsRetryable() {
    person("ann@example.com", 25);
    RecordingDestination crm = destination();
    crm.script.add(DeliveryOutcome.permanent("HTTP 400"));
    sync = start(crm, 10);
    sync.runDue(clock.instant());
    assertThat(sync.state(SEGMENT, "crm").failure()).isEqualTo("HTTP 400");

    SegmentDestination throwing = new SegmentDestination() {
      @Override
      public String name() {
        return "boom";
      }

      @Override
      public List<IdentifierField> fields() {
        return List.of();
      }

      @Override
      public DeliveryOutcome deliver(SyncBatch batch) {
        throw new IllegalStateException("bug");
      }
    };
    try (SegmentSync other = SegmentSync.builder(cdp, segments).store(new InMemorySyncStateStore())
        .sync(SEGMENT, throwing).retry(retry).build()) {
      other.runDue(clock.instant());
      assertThat(other.state(SEGMENT, "boom").status()).isEqualTo(SyncState.Status.ACTIVE);
      assertThat(other.state(SEGMENT, "boom").attempts()).isEqualTo(1);
    }
  }

  @Test
  void mergedAwayProfile_isRemovedWithTheIdentifiersSentBefore() {
    String ann = person("ann@example.com", 25);
    String other = cdp.identify(Identify.builder().userId("u-ann").set("age", 25).build()).id();
    RecordingDestination crm = destination();
    sync = start(crm, 10);
    sync.runDue(clock.instant());
    assertThat(crm.addedIds()).containsExactly(ann);

    String survivor = cdp.merge(List.of(other, ann), "test").id();
    sync.runDue(clock.instant());
    if (!survivor.equals(ann)) {
      assertThat(crm.removedIds()).containsExactly(ann);
      assertThat(crm.addedIds()).contains(survivor);
    } else {
      assertThat(crm.removedIds()).isEmpty();
    }
  }

  @Test
  void builder_refusesMissingPartsAndUnknownSegments() {
    RecordingDestination crm = destination();
    assertThatThrownBy(() -> SegmentSync.builder(cdp, segments).sync(SEGMENT, crm).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
    assertThatThrownBy(() -> SegmentSync.builder(cdp, segments).store(store).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SegmentSync.builder(cdp, segments).store(store).sync("nope", crm).build())
        .isInstanceOf(io.cdpkit.segments.SegmentNotFoundException.class);
    assertThatThrownBy(() -> SegmentSync.builder(cdp, segments).sync(SEGMENT, crm).sync(SEGMENT, crm))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SegmentSync.builder(cdp, segments)
        .sync(SEGMENT, new RecordingDestination("Bad Name", Optional.empty())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void syncedSegment_cannotBeDeletedWhileSynced() {
    sync = start(destination(), 10);
    assertThatThrownBy(() -> segments.delete(SEGMENT)).isInstanceOf(io.cdpkit.segments.SegmentInUseException.class);
    sync.close();
    sync = null;
    segments.delete(SEGMENT);
  }
}
