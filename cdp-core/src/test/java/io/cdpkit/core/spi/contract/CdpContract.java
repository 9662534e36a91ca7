package io.cdpkit.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.CdpRequest;
import io.cdpkit.core.IngestResult;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of a {@link Cdp} on a store: ingestion, queries, atomic batches and concurrency.
 * A store passes it by extending this class and implementing {@link #createStorage()}.
 */
public abstract class CdpContract {
  protected static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");

  protected TestClock clock;
  protected Cdp cdp;

  /** A new, empty store. */
  protected abstract Storage createStorage();

  @BeforeEach
  void openCdp() {
    clock = TestClock.at(T0);
    cdp = Cdp.builder().storage(createStorage()).clock(clock).build();
  }

  @AfterEach
  void closeCdp() {
    cdp.close();
  }

  protected static Identify.Builder byEmail(String email) {
    return Identify.builder().email(email);
  }

  @Nested
  @DisplayName("batches")
  class BatchCalls {
    @Test
    @DisplayName("ingestAll leaves the same profiles, identifiers, merges and events as the same calls one by one")
    void sameAsSingleCalls() {
      for (long seed = 1; seed <= 6; seed++) {
        List<CdpRequest> requests = mixedRequests(new Random(seed), 90);
        try (Cdp batched = countingCdp(); Cdp single = countingCdp()) {
          for (int start = 0; start < requests.size(); start += 30) {
            batched.ingestAll(requests.subList(start, start + 30));
          }
          for (CdpRequest request : requests) {
            if (request instanceof Identify identify) {
              single.identify(identify);
            } else {
              single.track((Track) request);
            }
          }
          assertThat(everything(batched)).as("seed %d", seed).isEqualTo(everything(single));
        }
      }
    }

    private Cdp countingCdp() {
      AtomicLong ids = new AtomicLong();
      return Cdp.builder().storage(createStorage()).clock(clock)
          .idGenerator(() -> "id-" + ids.incrementAndGet()).build();
    }

    /**
     * Known people by email, anonymous visitors who later identify (merges), people named by id,
     * repeated event ids and timestamps out of order.
     */
    private List<CdpRequest> mixedRequests(Random random, int count) {
      List<CdpRequest> requests = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Instant at = T0.minusSeconds(3600).plusSeconds(random.nextInt(7200));
        String email = "user" + random.nextInt(6) + "@example.com";
        Identifier visitor = Identifier.of(Identifier.ANONYMOUS_ID, "anon-" + random.nextInt(5));
        switch (random.nextInt(5)) {
          case 0 -> requests.add(byEmail(email).identifier(visitor).set("n", i).timestamp(at).build());
          case 1 -> requests.add(Identify.builder().profileId("p-" + random.nextInt(3))
              .increment("visits", 1).timestamp(at).build());
          case 2 -> requests.add(Track.builder("visit").identifier(visitor).timestamp(at)
              .eventId("e-" + random.nextInt(40)).build());
          case 3 -> requests.add(Track.builder("order").profileId("p-" + random.nextInt(3))
              .timestamp(at).property("amount", i).build());
          default -> {
            Track.Builder view = Track.builder("view").identifier(Identifier.email(email)).timestamp(at);
            if (random.nextBoolean()) {
              view.eventId("e-" + random.nextInt(40));
            }
            requests.add(view.build());
          }
        }
      }
      return requests;
    }

    /** Every profile with its identifiers and events, and the identity log of each. */
    private List<Object> everything(Cdp target) {
      List<Object> state = new ArrayList<>();
      for (Profile profile : target.profiles(ProfileQuery.firstPage(ProfileQuery.MAX_LIMIT)).items()) {
        state.add(profile);
        state.add(target.timeline(profile.id(), TimelineQuery.latest(TimelineQuery.MAX_LIMIT)).items());
        state.add(target.identityLog(profile.id()));
      }
      state.add(target.countEvents());
      return state;
    }
  }

  @Nested
  @DisplayName("identify")
  class IdentifyCalls {
    @Test
    @DisplayName("creates a profile found again by id and by identifier")
    void creates() {
      Profile ann = cdp.identify(byEmail("Ann@Example.com ").set("name", "Ann").build());
      assertThat(ann.createdAt()).isEqualTo(T0);
      assertThat(cdp.findProfile(ann.id())).contains(ann);
      assertThat(cdp.findProfile(Identifier.email("ann@example.com"))).contains(ann);
      assertThat(ann.mainIdentifier(Identifier.EMAIL)).contains(Identifier.email("ann@example.com"));
      assertThat(cdp.countProfiles()).isEqualTo(1);
    }

    @Test
    @DisplayName("a caller-supplied profile id creates that profile, then finds it")
    void byProfileId() {
      cdp.identify(Identify.builder().profileId("p-1001").set("age", 25).build());
      Profile again = cdp.identify(Identify.builder().profileId("p-1001").increment("age", 1).build());
      assertThat(again.attribute("age")).contains(NumberValue.of(26));
      assertThat(cdp.countProfiles()).isEqualTo(1);
    }

    @Test
    @DisplayName("set, set-once, unset, increment and append apply in order")
    void attributeChanges() {
      cdp.identify(byEmail("a@b.c").set("name", "A").setOnce("first", "x").increment("visits", 1).build());
      Profile after =
          cdp.identify(
              byEmail("a@b.c")
                  .setOnce("first", "y")
                  .unset("name")
                  .increment("visits", 2.5)
                  .append("tags", "vip")
                  .append("tags", "beta")
                  .build());
      assertThat(after.attributes())
          .isEqualTo(
              ObjectValue.of(
                  Map.of("first", "x", "visits", new NumberValue(new java.math.BigDecimal("3.5")),
                      "tags", List.of("vip", "beta"))));
    }

    @Test
    @DisplayName("appending to a scalar makes a list of both")
    void appendToScalar() {
      cdp.identify(byEmail("a@b.c").set("tags", "one").build());
      assertThat(cdp.identify(byEmail("a@b.c").append("tags", "two").build()).attribute("tags"))
          .contains(ListValue.of("one", "two"));
    }

    @Test
    @DisplayName("an older update does not overwrite a newer value, whatever the arrival order")
    void outOfOrder() {
      cdp.identify(byEmail("a@b.c").timestamp(T0).set("city", "Utrecht").build());
      Profile after =
          cdp.identify(byEmail("a@b.c").timestamp(T0.minusSeconds(60)).set("city", "Delft").set("zip", "1").build());
      assertThat(after.attribute("city")).contains(new TextValue("Utrecht"));
      assertThat(after.attribute("zip")).contains(new TextValue("1"));
      assertThat(after.updatedAt()).isEqualTo(T0);
    }

    @Test
    @DisplayName("incrementing a text attribute is refused, naming the attribute, and stores nothing")
    void badIncrement() {
      cdp.identify(byEmail("a@b.c").set("visits", "many").build());
      assertThatThrownBy(
              () -> cdp.identify(byEmail("a@b.c").set("name", "changed").increment("visits", 1).build()))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> {
                assertThat(e.field()).isEqualTo("attributes.visits");
                assertThat(e.rule()).contains("number");
              });
      assertThat(cdp.findProfile(Identifier.email("a@b.c")).orElseThrow().attribute("name")).isEmpty();
    }

    @Test
    @DisplayName("a batch with one failing item stores none of the batch, and names the item")
    void atomicBatch() {
      cdp.identify(byEmail("text@b.c").set("n", "text").build());
      List<Identify> batch =
          List.of(
              byEmail("one@b.c").set("n", 1).build(),
              byEmail("text@b.c").increment("n", 1).build(),
              byEmail("three@b.c").build());
      assertThatThrownBy(() -> cdp.identifyAll(batch))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).startsWith("requests[1]"));
      assertThat(cdp.countProfiles()).isEqualTo(1);
      assertThat(cdp.findProfile(Identifier.email("one@b.c"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("track")
  class TrackCalls {
    @Test
    @DisplayName("stores the event on the profile of its identifiers, with received-at from the clock")
    void storesOnKnownProfile() {
      Profile ann = cdp.identify(byEmail("ann@example.com").build());
      clock.advance(Duration.ofSeconds(5));
      Event stored =
          cdp.track(
              Track.builder("purchase")
                  .identifier(Identifier.email("ANN@example.com"))
                  .timestamp(T0.minusSeconds(3600))
                  .property("amount", 30)
                  .source("webshop")
                  .build());
      assertThat(stored.profileId()).isEqualTo(ann.id());
      assertThat(stored.timestamp()).isEqualTo(T0.minusSeconds(3600));
      assertThat(stored.receivedAt()).isEqualTo(T0.plusSeconds(5));
      assertThat(cdp.timeline(ann.id(), TimelineQuery.latest(10)).items()).containsExactly(stored);
    }

    @Test
    @DisplayName("an unknown person becomes a new anonymous profile")
    void anonymous() {
      Event stored = cdp.track(Track.builder("page_view").identifier(Identifier.deviceId("d-1")).build());
      Profile anonymous = cdp.getProfile(stored.profileId());
      assertThat(anonymous.attributes().isEmpty()).isTrue();
      assertThat(anonymous.has(Identifier.deviceId("d-1"))).isTrue();
    }

    @Test
    @DisplayName("the same event id twice stores one event")
    void idempotent() {
      Track purchase = Track.builder("purchase").eventId("e-1").identifier(Identifier.email("a@b.c")).build();
      Event first = cdp.track(purchase);
      Event second = cdp.track(purchase);
      assertThat(second).isEqualTo(first);
      assertThat(cdp.countEvents()).isEqualTo(1);
      assertThat(cdp.countProfiles()).isEqualTo(1);
    }

    @Test
    @DisplayName("a batch stores every event in one call, creating profiles as needed")
    void batch() {
      cdp.identify(byEmail("a@b.c").build());
      List<Track> batch =
          List.of(
              Track.builder("view").identifier(Identifier.email("new@b.c")).build(),
              Track.builder("view").profileId("p-does-not-exist-yet").build());
      List<Event> stored = cdp.trackAll(batch);
      assertThat(stored).hasSize(2);
      assertThat(cdp.countProfiles()).isEqualTo(3);
      assertThat(cdp.countEvents()).isEqualTo(2);
    }

    @Test
    @DisplayName("a mixed batch applies identifies and tracks in order, in one transaction")
    void mixedBatch() {
      List<CdpRequest> batch =
          List.of(
              Identify.builder().profileId("p-1").email("a@b.c").set("plan", "pro").build(),
              Track.builder("view").identifier(Identifier.email("a@b.c")).eventId("e-1").build(),
              Identify.builder().profileId("p-1").set("plan", "team").build());
      IngestResult result = cdp.ingestAll(batch);
      assertThat(result.events()).singleElement().satisfies(e -> assertThat(e.profileId()).isEqualTo("p-1"));
      assertThat(result.profiles()).extracting(p -> p.attribute("plan").orElseThrow().toJson())
          .containsExactly("\"pro\"", "\"team\"");
      List<CdpRequest> failing =
          List.of(
              Track.builder("view").profileId("p-2").eventId("e-2").build(),
              Identify.builder().profileId("p-1").increment("plan", 1).build());
      assertThatThrownBy(() -> cdp.ingestAll(failing))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).startsWith("requests[1]"));
      assertThat(cdp.findProfile("p-2")).isEmpty();
      assertThat(cdp.countEvents()).isEqualTo(1);
    }

    @Test
    @DisplayName("event types are counted, most frequent first")
    void eventTypes() {
      for (String type : List.of("view", "view", "buy")) {
        cdp.track(Track.builder(type).identifier(Identifier.email("a@b.c")).build());
      }
      assertThat(cdp.eventTypes())
          .containsExactly(new EventTypeCount("view", 2), new EventTypeCount("buy", 1));
    }
  }

  @Nested
  @DisplayName("queries")
  class Queries {
    @Test
    @DisplayName("profiles page in the requested order with identifiers attached")
    void pages() {
      for (int i = 0; i < 5; i++) {
        cdp.identify(byEmail("p" + i + "@b.c").set("score", 10 - i).build());
        clock.advance(Duration.ofSeconds(1));
      }
      var page = cdp.profiles(ProfileQuery.firstPage(2).sortedBy("score", false));
      assertThat(page.items()).extracting(p -> p.attribute("score").orElseThrow())
          .containsExactly(NumberValue.of(6), NumberValue.of(7));
      assertThat(page.items().get(0).identifiers()).hasSize(1);
      var second = cdp.profiles(ProfileQuery.firstPage(2).sortedBy("score", false).after(page));
      assertThat(second.items()).extracting(p -> p.attribute("score").orElseThrow())
          .containsExactly(NumberValue.of(8), NumberValue.of(9));
    }

    @Test
    @DisplayName("search finds by name prefix and by identifier prefix")
    void search() {
      cdp.identify(byEmail("zed@b.c").set("name", "Annabel").build());
      cdp.identify(byEmail("anna@b.c").set("name", "Bob").build());
      cdp.identify(byEmail("carl@b.c").set("name", "Carl").build());
      assertThat(cdp.searchProfiles("ann", 10)).hasSize(2);
      assertThatThrownBy(() -> cdp.searchProfiles(" ", 10)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("an unknown profile id is reported as not found")
    void notFound() {
      assertThat(cdp.findProfile("nobody")).isEmpty();
      assertThatThrownBy(() -> cdp.getProfile("nobody")).isInstanceOf(ProfileNotFoundException.class);
      assertThatThrownBy(() -> cdp.timeline("nobody", TimelineQuery.latest(5)))
          .isInstanceOf(ProfileNotFoundException.class);
    }

    @Test
    @DisplayName("deleting a profile removes it, its identifiers and its events")
    void delete() {
      Profile ann = cdp.identify(byEmail("a@b.c").set("n", 1).build());
      cdp.track(Track.builder("view").profileId(ann.id()).build());
      cdp.eraseProfile(ann.id(), "api");
      assertThat(cdp.findProfile(ann.id())).isEmpty();
      assertThat(cdp.findProfile(Identifier.email("a@b.c"))).isEmpty();
      assertThat(cdp.countEvents()).isZero();
      Profile again = cdp.identify(byEmail("a@b.c").build());
      assertThat(again.id()).isNotEqualTo(ann.id());
      assertThat(again.attributes().isEmpty()).isTrue();
    }
  }

  @Nested
  @DisplayName("listeners")
  class Listeners {
    @Test
    @DisplayName("see created, updated, event stored and deleted, after commit, never for a rollback")
    void notices() {
      List<String> seen = new CopyOnWriteArrayList<>();
      cdp.subscribe(
          new CdpListener() {
            @Override
            public void profileCreated(Profile profile) {
              seen.add("created");
            }

            @Override
            public void profileUpdated(Profile profile) {
              seen.add("updated " + profile.attributes().fields().keySet());
            }

            @Override
            public void profileDeleted(String profileId) {
              seen.add("deleted");
            }

            @Override
            public void eventStored(Event event, Profile profile) {
              seen.add("event " + event.type());
            }
          });
      Profile ann = cdp.identify(byEmail("a@b.c").build());
      cdp.identify(byEmail("a@b.c").set("x", "text").build());
      cdp.track(Track.builder("view").profileId(ann.id()).build());
      assertThatThrownBy(() -> cdp.identify(byEmail("a@b.c").increment("x", 1).build()))
          .isInstanceOf(InvalidInputException.class);
      cdp.eraseProfile(ann.id(), "api");
      assertThat(seen).containsExactly("created", "updated [x]", "event view", "deleted");
    }

    @Test
    @DisplayName("a call's stored events also arrive together, once, after their single notices; repeats left out")
    void eventsTogether() {
      List<String> seen = new CopyOnWriteArrayList<>();
      cdp.subscribe(
          new CdpListener() {
            @Override
            public void eventStored(Event event, Profile profile) {
              seen.add("event " + event.id());
            }

            @Override
            public void eventsStored(List<Event> events) {
              seen.add("events " + events.stream().map(Event::id).toList());
            }
          });
      cdp.trackAll(List.of(
          Track.builder("view").eventId("e1").identifier(Identifier.email("a@b.c")).build(),
          Track.builder("view").eventId("e2").identifier(Identifier.email("b@b.c")).build(),
          Track.builder("view").eventId("e1").identifier(Identifier.email("a@b.c")).build()));
      cdp.track(Track.builder("view").eventId("e2").identifier(Identifier.email("b@b.c")).build());
      cdp.identify(byEmail("c@b.c").build());
      cdp.track(Track.builder("view").eventId("e3").identifier(Identifier.email("c@b.c")).build());
      assertThat(seen).containsExactly(
          "event e1", "event e2", "events [e1, e2]", "event e3", "events [e3]");
    }

    @Test
    @DisplayName("a failing listener neither breaks ingestion nor other listeners; close unsubscribes")
    void isolation() {
      List<String> seen = new CopyOnWriteArrayList<>();
      cdp.subscribe(
          new CdpListener() {
            @Override
            public void profileCreated(Profile profile) {
              throw new IllegalStateException("listener bug");
            }
          });
      var subscription =
          cdp.subscribe(
              new CdpListener() {
                @Override
                public void profileCreated(Profile profile) {
                  seen.add(profile.id());
                }
              });
      Profile ann = cdp.identify(byEmail("a@b.c").build());
      subscription.close();
      cdp.identify(byEmail("b@b.c").build());
      assertThat(seen).containsExactly(ann.id());
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("concurrent calls on overlapping identifiers make one profile per identifier and lose no event")
    void overlapping() throws Exception {
      int threads = 4;
      int perThread = 200;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      Set<String> eventIds = ConcurrentHashMap.newKeySet();
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                      String email = "user" + (i % 20) + "@b.c";
                      if (i % 3 == 0) {
                        cdp.identify(byEmail(email).increment("calls", 1).build());
                      }
                      Event e =
                          cdp.track(
                              Track.builder("view")
                                  .eventId("t" + thread + "-" + i)
                                  .identifier(Identifier.email(email))
                                  .build());
                      eventIds.add(e.id());
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(cdp.countProfiles()).isEqualTo(20);
      assertThat(cdp.countEvents()).isEqualTo((long) threads * perThread);
      assertThat(eventIds).hasSize(threads * perThread);
      long calls = 0;
      for (int i = 0; i < 20; i++) {
        Profile p = cdp.findProfile(Identifier.email("user" + i + "@b.c")).orElseThrow();
        calls += ((NumberValue) p.attribute("calls").orElseThrow()).value().longValue();
      }
      assertThat(calls).isEqualTo(threads * (long) ((perThread + 2) / 3));
    }
  }
}
