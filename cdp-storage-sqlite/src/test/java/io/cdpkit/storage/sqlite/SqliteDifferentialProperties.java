package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.StorageBacked;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Page;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.storage.memory.InMemoryStorage;
import io.cdpkit.core.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The same random sequence of Cdp calls on the in-memory store and on SQLite gives the same
 * profiles, timelines, counts, orders, searches, identity logs and errors.
 */
final class SqliteDifferentialProperties {
  private static final Instant T0 = Instant.parse("2026-05-01T09:00:00Z");
  private static final List<Object> VALUES =
      List.of(
          1,
          2,
          -3,
          10,
          new BigDecimal("2.50"),
          new BigDecimal("0.10000000000000000001"),
          1e21,
          "apple",
          "Émile",
          "émile",
          "zoë",
          "\uD83D\uDE00 smile",
          "\uFF58 wide",
          "",
          true,
          false,
          List.of(1, "a"),
          Map.of("k", 1));

  @Property(tries = 40)
  void inMemoryAndSqlite_agree(@ForAll("actions") List<Action> actions) {
    try (Run memory = new Run(InMemoryStorage.create());
        Run sqlite = new Run(SqliteStorage.inMemory())) {
      for (Action action : actions) {
        assertThat(sqlite.apply(action))
            .as("outcome of %s", action)
            .isEqualTo(memory.apply(action));
      }
      Map<String, Object> expected = memory.state();
      Map<String, Object> actual = sqlite.state();
      for (Map.Entry<String, Object> entry : expected.entrySet()) {
        assertThat(actual.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
      }
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      assertThat(((SqliteStorage) StorageBacked.storageOf(sqlite.cdp)).openResources()).isZero();
    }
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Integer> person = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> offset = Arbitraries.integers().between(-3, 5);
    Arbitrary<Action> identify =
        Combinators.combine(
                person,
                Arbitraries.integers().between(-1, 3),
                Arbitraries.of("set", "setOnce", "increment", "append", "unset"),
                Arbitraries.of("score", "name", "visits", "tags"),
                Arbitraries.of(VALUES),
                offset)
            .as(IdentifyAction::new);
    Arbitrary<Action> track =
        Combinators.combine(
                person,
                Arbitraries.integers().between(-1, 3),
                Arbitraries.of("view", "buy", "ask"),
                Arbitraries.integers().between(-1, 8),
                offset)
            .as(TrackAction::new);
    Arbitrary<Action> merge = Combinators.combine(person, person).as(MergeAction::new);
    Arbitrary<Action> unmerge = person.map(UnmergeAction::new);
    Arbitrary<Action> delete = person.map(DeleteAction::new);
    return Arbitraries.frequencyOf(
            Tuple.of(5, identify),
            Tuple.of(6, track),
            Tuple.of(1, merge),
            Tuple.of(1, unmerge),
            Tuple.of(1, delete))
        .list()
        .ofMaxSize(30);
  }

  sealed interface Action {}

  /** Identify person {@code person} (and device {@code device} unless -1) with one change. */
  record IdentifyAction(int person, int device, String op, String name, Object value, int offset)
      implements Action {}

  /** Track an event by person's email or, when {@code person} is even, sometimes by device. */
  record TrackAction(int person, int device, String type, int eventNumber, int offset)
      implements Action {}

  record MergeAction(int first, int second) implements Action {}

  record UnmergeAction(int person) implements Action {}

  record DeleteAction(int person) implements Action {}

  /** One Cdp with a deterministic clock and ids. */
  private static final class Run implements AutoCloseable {
    final TestClock clock = TestClock.at(T0);
    final Cdp cdp;

    Run(Storage storage) {
      int[] next = {0};
      this.cdp =
          Cdp.builder()
              .storage(storage)
              .clock(clock)
              .idGenerator(() -> String.format("id%04d", ++next[0]))
              .build();
    }

    static Identifier email(int person) {
      return Identifier.email("person" + person + "@example.com");
    }

    static Identifier device(int device) {
      return Identifier.deviceId("device-" + device);
    }

    /** The outcome: the returned value, or the exception's class and message. */
    Object apply(Action action) {
      clock.advance(Duration.ofSeconds(1));
      try {
        return run(action);
      } catch (RuntimeException e) {
        return e.getClass().getName() + ": " + e.getMessage();
      }
    }

    private Object run(Action action) {
      if (action instanceof IdentifyAction a) {
        Identify.Builder builder = Identify.builder().identifier(email(a.person()));
        if (a.device() >= 0) {
          builder.identifier(device(a.device()));
        }
        builder.timestamp(clock.instant().plusSeconds(a.offset()));
        switch (a.op()) {
          case "set" -> builder.set(a.name(), a.value());
          case "setOnce" -> builder.setOnce(a.name(), a.value());
          case "increment" -> builder.increment(a.name(), a.value() instanceof Number n ? n : 1);
          case "append" -> builder.append(a.name(), a.value());
          default -> builder.unset(a.name());
        }
        return cdp.identify(builder.build());
      }
      if (action instanceof TrackAction a) {
        Track.Builder builder = Track.builder(a.type()).property("n", a.eventNumber());
        if (a.device() >= 0 && a.person() % 2 == 0) {
          builder.identifier(device(a.device()));
        } else {
          builder.identifier(email(a.person()));
        }
        if (a.eventNumber() >= 0) {
          builder.eventId("ev-" + a.eventNumber());
        }
        return cdp.track(builder.timestamp(clock.instant().plusSeconds(a.offset())).build());
      }
      if (action instanceof MergeAction a) {
        Optional<Profile> first = cdp.findProfile(email(a.first()));
        Optional<Profile> second = cdp.findProfile(email(a.second()));
        if (first.isEmpty() || second.isEmpty()) {
          return "skipped";
        }
        return cdp.merge(List.of(first.get().id(), second.get().id()), "test");
      }
      if (action instanceof UnmergeAction a) {
        Optional<Profile> profile = cdp.findProfile(email(a.person()));
        if (profile.isEmpty() || profile.get().mergedIds().isEmpty()) {
          return "skipped";
        }
        String source = profile.get().mergedIds().stream().sorted().findFirst().orElseThrow();
        return cdp.unmerge(source, "test");
      }
      DeleteAction a = (DeleteAction) action;
      Optional<Profile> profile = cdp.findProfile(email(a.person()));
      profile.ifPresent(p -> cdp.eraseProfile(p.id(), "api"));
      return profile.map(Profile::id).orElse("skipped");
    }

    /** Everything observable through the Cdp. */
    Map<String, Object> state() {
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("profiles", cdp.countProfiles());
      state.put("events", cdp.countEvents());
      state.put("types", cdp.eventTypes());
      for (String sort :
          List.of(ProfileQuery.ID, ProfileQuery.CREATED_AT, "score", "name", "tags")) {
        for (boolean descending : new boolean[] {false, true}) {
          state.put(
              "by " + sort + (descending ? " desc" : ""),
              pages(q -> cdp.profiles(q), new ProfileQuery(sort, descending, 2, null)));
        }
      }
      List<Profile> all =
          pages(q -> cdp.profiles(q), ProfileQuery.firstPage(3).sortedBy(ProfileQuery.ID, false));
      for (Profile profile : all) {
        state.put("timeline " + profile.id(), timeline(profile.id(), TimelineQuery.latest(2)));
        state.put(
            "views " + profile.id(),
            timeline(profile.id(), TimelineQuery.latest(2).ofTypes("view", "ask")));
        List<MergeRecord> log = new ArrayList<>();
        cdp.identityLog(profile.id()).forEach(r -> log.add(r.withSequence(0)));
        state.put("log " + profile.id(), log);
      }
      for (String prefix :
          List.of("p", "PERSON1", "é", "É", "id000", "dev", "\uD83D\uDE00", "zz")) {
        state.put("search " + prefix, cdp.searchProfiles(prefix, 4));
      }
      return state;
    }

    private List<Event> timeline(String profileId, TimelineQuery first) {
      List<Event> events = new ArrayList<>();
      TimelineQuery query = first;
      while (true) {
        Page<Event> page = cdp.timeline(profileId, query);
        events.addAll(page.items());
        if (!page.hasNext()) {
          return events;
        }
        query = query.after(page);
      }
    }

    private static List<Profile> pages(
        Function<ProfileQuery, Page<Profile>> list, ProfileQuery first) {
      List<Profile> profiles = new ArrayList<>();
      ProfileQuery query = first;
      while (true) {
        Page<Profile> page = list.apply(query);
        profiles.addAll(page.items());
        if (!page.hasNext()) {
          return profiles;
        }
        query = query.after(page);
      }
    }

    @Override
    public void close() {
      cdp.close();
    }
  }

  @Property(tries = 5)
  void typeCountsOrder_isStable(@ForAll("actions") List<Action> actions) {
    try (Run sqlite = new Run(SqliteStorage.inMemory())) {
      actions.forEach(sqlite::apply);
      List<EventTypeCount> counts = sqlite.cdp.eventTypes();
      assertThat(counts)
          .isSortedAccordingTo(
              Comparator.comparingLong(EventTypeCount::count)
                  .reversed()
                  .thenComparing(EventTypeCount::type));
    }
  }
}
