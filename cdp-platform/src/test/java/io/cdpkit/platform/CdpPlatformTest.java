package io.cdpkit.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.delivery.DueWork;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.memory.InMemoryPlatformStorage;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.IdentifierField;
import io.cdpkit.segments.activation.SegmentDestination;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.insights.ComputedAttribute;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import java.time.Duration;
import java.time.Instant;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.ComputedAttributes;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

final class CdpPlatformTest {
  private static final Instant START = Instant.parse("2026-06-15T12:00:00Z");

  @Test
  void builder_secondSetting_isRefusedNamingTheFirst() {
    CdpPlatform.Builder builder = CdpPlatform.builder().zone(ZoneId.of("Europe/Amsterdam"));

    assertThatThrownBy(() -> builder.zone(ZoneId.of("UTC")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("zone was already set to Europe/Amsterdam");
  }

  @Test
  void builder_wiresEveryModuleOverTheOneStore() {
    RecordingStorage storage = new RecordingStorage();
    try (CdpPlatform platform = CdpPlatform.builder().storage(storage)
        .clock(TestClock.at(START)).zone(ZoneId.of("Europe/Amsterdam")).build()) {
      platform.segments().save("adults", "age >= 18");
      platform.cdp().identify(Identify.builder().profileId("ann").set("age", 30).build());

      assertThat(platform.cdp().zone()).isEqualTo(ZoneId.of("Europe/Amsterdam"));
      assertThat(platform.segments().count("adults")).isEqualTo(1);
      assertThat(storage.delegate.segmentStore().findSegment("adults")).isPresent();
      assertThat(platform.insights().countProfiles()).isEqualTo(1);
      assertThat(platform.sync()).isEmpty();
    }
  }

  @Test
  void computedSource_joinsTheStoredDefinitions_andItsRecalculationsMoveSavedSegments() {
    Map<String, BigDecimal> scores = new ConcurrentHashMap<>();
    AtomicReference<Consumer<Collection<String>>> recalculated = new AtomicReference<>();
    ComputedAttributes scoring = new ComputedAttributes() {
      @Override
      public Optional<BigDecimal> value(Profile profile, String name) {
        return Optional.ofNullable(scores.get(profile.id()));
      }

      @Override
      public Optional<Set<String>> knownNames() {
        return Optional.of(Set.of("score"));
      }
    };
    try (CdpPlatform platform = CdpPlatform.builder().clock(TestClock.at(START))
        .computed(ComputedAttribute.count("orders", "purchase"))
        .computedSource((cdp, recalculate) -> {
          recalculated.set(recalculate);
          return scoring;
        })
        .build()) {
      platform.cdp().identify(Identify.builder().profileId("ann").build());
      platform.cdp().track(Track.builder("purchase").profileId("ann").build());
      platform.segments().save("scored", "$computed.score > 5 and $computed.orders = 1");
      assertThatThrownBy(() -> platform.segments().save("typo", "$computed.scor > 5"))
          .hasMessageContaining("$computed.scor");
      assertThat(platform.segments().isMember("scored", "ann")).isFalse();

      scores.put("ann", BigDecimal.TEN);
      recalculated.get().accept(List.of("ann"));

      assertThat(platform.segments().isMember("scored", "ann"))
          .as("a recalculation outside ann's own data moved her in").isTrue();
    }
  }

  @Test
  void runDue_refreshesWindowSegmentsAtTheGivenInstant() {
    TestClock clock = TestClock.at(START);
    try (CdpPlatform platform = CdpPlatform.builder().clock(clock).build()) {
      platform.segments().save("recent", "event \"purchase\" in the last 7 days");
      platform.cdp().identify(Identify.builder().profileId("ann").build());
      platform.cdp().track(Track.builder("purchase").profileId("ann").build());
      assertThat(platform.segments().count("recent")).isEqualTo(1);

      DueWorkReport report = platform.runDue(START.plus(Duration.ofDays(8)));

      assertThat(report.refresh().exited()).isEqualTo(1);
      assertThat(platform.segments().count("recent")).isZero();
    }
  }

  @Test
  void runDue_runsAddedDueWorkAfterTheRefresh_atTheGivenInstant_andReportsIt() {
    AtomicReference<CdpPlatform> built = new AtomicReference<>();
    List<Cdp> madeWith = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    try (CdpPlatform platform = CdpPlatform.builder().clock(TestClock.at(START))
        .dueWork("recent count", cdp -> {
          madeWith.add(cdp);
          return now -> {
            runs.add(now.toString());
            return built.get().segments().count("recent");
          };
        })
        .build()) {
      built.set(platform);
      platform.segments().save("recent", "event \"purchase\" in the last 7 days");
      platform.cdp().identify(Identify.builder().profileId("ann").build());
      platform.cdp().track(Track.builder("purchase").profileId("ann").build());
      Instant later = START.plus(Duration.ofDays(8));

      DueWorkReport report = platform.runDue(later);

      assertThat(madeWith).containsExactly(platform.cdp());
      assertThat(runs).containsExactly(later.toString());
      // Zero, not one: the refresh in the same round already dropped ann from the 7-day window.
      assertThat(report.added()).containsExactly(entry("recent count", 0L));
    }
  }

  @Test
  void addedDueWork_thatIsCloseable_isClosedWithThePlatform() {
    AtomicBoolean closed = new AtomicBoolean();
    final class Closing implements DueWork<String>, AutoCloseable {
      @Override
      public String runDue(Instant now) {
        return "ran";
      }

      @Override
      public void close() {
        closed.set(true);
      }
    }
    CdpPlatform platform = CdpPlatform.builder().dueWork("closing", cdp -> new Closing()).build();
    assertThat(closed).isFalse();

    platform.close();

    assertThat(closed).isTrue();
  }

  @Test
  void dueWork_sameNameTwice_isRefused() {
    CdpPlatform.Builder builder = CdpPlatform.builder().dueWork("refit", cdp -> now -> 1);

    assertThatThrownBy(() -> builder.dueWork("refit", cdp -> now -> 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refit");
  }

  @Test
  void runDue_startsEventTriggeredWorkflowsWithTheConfiguredSender() {
    RecordingEmailSender emails = new RecordingEmailSender();
    try (CdpPlatform platform = CdpPlatform.builder().clock(TestClock.at(START))
        .emailSender(emails).build()) {
      platform.workflows().save(Workflow.builder("welcome").trigger(Trigger.eventAdded("registered"))
          .step(new Step.SendEmail("w1", "welcome", "$identifier.email", null, "Welcome", "<p>Hi</p>",
              null, List.of(MergeTag.of("name", "first_name", "there"))))
          .build());
      platform.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com").build());
      platform.cdp().recordConsent("ann", ConsentChange.of("email", ConsentStatus.GRANTED, START, "signup"));
      platform.cdp().track(Track.builder("registered").profileId("ann").build());

      platform.runDue(START);
      platform.runDue(START);

      assertThat(emails.requests()).hasSize(1);
    }
  }

  @Test
  void computedAttributes_areReadableInSavedSegments() {
    try (CdpPlatform platform = CdpPlatform.builder().clock(TestClock.at(START))
        .computed(ComputedAttribute.sum("ltv", "purchase", "amount")).build()) {
      platform.cdp().identify(Identify.builder().profileId("ann").build());
      platform.cdp().track(Track.builder("purchase").profileId("ann").property("amount", 30).build());

      platform.segments().save("valuable", "$computed.ltv > 25");

      assertThat(platform.segments().count("valuable")).isEqualTo(1);
    }
  }

  @Test
  void gdpr_exportsAndErasesWhatASyncHoldsOfThePerson() throws Exception {
    RecordingStorage storage = new RecordingStorage();
    storage.keepOpen.set(true);
    try (CdpPlatform first = CdpPlatform.builder().storage(storage).build()) {
      first.segments().save("adults", "age >= 18");
    }
    storage.keepOpen.set(false);
    try (CdpPlatform platform = CdpPlatform.builder().storage(storage).clock(TestClock.at(START))
        .sync("adults", new NamedDestination("crm")).build()) {
      platform.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com")
          .set("age", 30).build());
      platform.cdp().recordConsent("ann", ConsentChange.of("email", ConsentStatus.GRANTED, START, "signup"));
      platform.runDue(START);
      platform.runDue(START);
      SyncStateStore sync = storage.syncStateStore();
      assertThat(sync.findSyncedMember("adults", "crm", "ann")).isPresent();
      StringWriter export = new StringWriter();
      platform.cdp().exportProfile("ann", export, "test");
      assertThat(export.toString()).contains("\"sync\"").contains("\"crm\"");

      platform.cdp().eraseProfile("ann", "test");

      assertThat(sync.findSyncedMember("adults", "crm", "ann")).isEmpty();
    }
  }

  @Test
  void gdprErase_removesSyncDataAlsoWhenNoSyncRuns() {
    PlatformStorage storage = InMemoryPlatformStorage.create();
    try (CdpPlatform platform = CdpPlatform.builder().storage(storage).clock(TestClock.at(START))
        .build()) {
      platform.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com").build());
      SyncStateStore sync = storage.syncStateStore();
      SyncBatch batch = new SyncBatch("adults", "crm", 1, SyncBatch.Kind.CHANGES, false,
          List.of(new SyncMember("ann", Map.of("email", "ann@example.com"))), List.of());
      SyncState formed = new SyncState("adults", "crm", SyncState.Status.ACTIVE, null, true, 1, 0,
          0, START, null, START);
      sync.saveBatch(batch, List.of(), formed);
      sync.acknowledge(batch, formed);

      platform.cdp().eraseProfile("ann", "test");

      assertThat(sync.findSyncedMember("adults", "crm", "ann")).isEmpty();
    }
  }

  @Test
  void close_stopsTheSchedulerBeforeClosingTheStore() {
    RecordingStorage storage = new RecordingStorage();
    CdpPlatform platform = CdpPlatform.builder().storage(storage).clock(TestClock.at(START)).build();
    platform.segments().save("recent", "event \"purchase\" in the last 7 days");
    platform.start(Duration.ofMillis(1));

    platform.close();

    assertThat(storage.closes.get()).isEqualTo(1);
    assertThat(storage.usedAfterClose.get()).as("store used after close").isFalse();
  }

  @Test
  void build_whenAPartFails_closesTheStore() {
    RecordingStorage storage = new RecordingStorage();
    CdpPlatform.Builder builder = CdpPlatform.builder().storage(storage)
        .sync("never saved", new NamedDestination("crm"));

    assertThatThrownBy(builder::build).hasMessageContaining("never saved");
    assertThat(storage.closes.get()).isEqualTo(1);
  }

  /** A destination that accepts every batch. */
  private record NamedDestination(String name) implements SegmentDestination {
    @Override
    public List<IdentifierField> fields() {
      return List.of(IdentifierField.plain("email"));
    }

    @Override
    public DeliveryOutcome deliver(SyncBatch batch) {
      return DeliveryOutcome.delivered();
    }
  }

  /** An in-memory store that counts closes and notices any use after the first. */
  private static final class RecordingStorage implements PlatformStorage {
    final PlatformStorage delegate = InMemoryPlatformStorage.create();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicBoolean usedAfterClose = new AtomicBoolean();
    final AtomicBoolean keepOpen = new AtomicBoolean();

    private void use() {
      if (closes.get() > 0) {
        usedAfterClose.set(true);
      }
    }

    @Override
    public <T> T write(Function<? super StorageSession, T> work) {
      use();
      return delegate.write(work);
    }

    @Override
    public <T> T read(Function<? super StorageSession, T> work) {
      use();
      return delegate.read(work);
    }

    @Override
    public void close() {
      if (!keepOpen.get()) {
        closes.incrementAndGet();
        delegate.close();
      }
    }

    @Override
    public SegmentStore segmentStore() {
      return delegate.segmentStore();
    }

    @Override
    public GroupStore groupStore() {
      return delegate.groupStore();
    }

    @Override
    public SegmentQueries segmentQueries() {
      return delegate.segmentQueries();
    }

    @Override
    public EnrollmentStore enrollmentStore() {
      return delegate.enrollmentStore();
    }

    @Override
    public SyncStateStore syncStateStore() {
      return delegate.syncStateStore();
    }

    @Override
    public ComputedAttributeStore computedAttributeStore() {
      return delegate.computedAttributeStore();
    }

    @Override
    public DocumentStore documentStore() {
      return delegate.documentStore();
    }

    @Override
    public InsightQueries insightQueries(Segments segments) {
      return delegate.insightQueries(segments);
    }
  }
}
