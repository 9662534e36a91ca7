package io.cdpkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Identity invariants over random sequences of identify, track, merge and unmerge calls. */
final class IdentityProperties {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** One generated call; identifiers are drawn from a small pool so that calls overlap. */
  record Call(int kind, List<Identifier> identifiers, String attribute, int value, int pick) {}

  @Property(tries = 150)
  void everyIdentifierOnOneLiveProfileAndNoEventLost(@ForAll("calls") List<Call> calls) {
    TestClock clock = TestClock.at(T0);
    try (Cdp cdp = Cdp.builder().clock(clock).build()) {
      Set<String> tracked = new HashSet<>();
      Set<Identifier> seen = new HashSet<>();
      List<String> returnedIds = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        Call call = calls.get(i);
        clock.advance(Duration.ofSeconds(1));
        apply(cdp, call, i, tracked, returnedIds);
        seen.addAll(call.identifiers());
        checkInvariants(cdp, tracked, seen, returnedIds);
      }
    }
  }

  /**
   * The shrunk case the property once found: eleven profiles merged pair by pair reach the manual
   * merge cap on the tenth merge, which must be refused without changing anything.
   */
  @Example
  void manualMergePastTheCapIsRefusedAndChangesNothing() {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      calls.add(new Call(0, List.of(), "a", i, 0));
    }
    for (int i = 0; i < 10; i++) {
      calls.add(new Call(2, List.of(), "a", 0, 0));
    }
    everyIdentifierOnOneLiveProfileAndNoEventLost(calls);
  }

  @Property(tries = 100)
  void mergeResultDoesNotDependOnArrivalOrder(@ForAll("identifyCalls") List<Call> calls, @ForAll long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      order.add(i);
    }
    Map<Set<String>, ObjectValue> inOrder = outcome(calls, order);
    Collections.shuffle(order, new Random(seed));
    assertThat(outcome(calls, order)).isEqualTo(inOrder);
  }

  @Property(tries = 100)
  void unmergeAfterMergeRestoresIdentifiersAndEvents(@ForAll("identifyCalls") List<Call> first, @ForAll("identifyCalls") List<Call> second) {
    TestClock clock = TestClock.at(T0);
    try (Cdp cdp = Cdp.builder().clock(clock).build()) {
      Profile a = cdp.identify(Identify.builder().profileId("a").email("a@x.y").build());
      clock.advance(Duration.ofSeconds(1));
      Profile b = cdp.identify(Identify.builder().profileId("b").email("b@x.y").build());
      for (int i = 0; i < first.size(); i++) {
        clock.advance(Duration.ofSeconds(1));
        cdp.track(Track.builder("t").eventId("a" + i).profileId("a").property("v", first.get(i).value()).build());
        cdp.identify(Identify.builder().profileId("a").set(first.get(i).attribute(), first.get(i).value()).build());
      }
      for (int i = 0; i < second.size(); i++) {
        clock.advance(Duration.ofSeconds(1));
        cdp.track(Track.builder("t").eventId("b" + i).profileId("b").build());
        cdp.identify(Identify.builder().profileId("b").set(second.get(i).attribute(), second.get(i).value()).build());
      }
      Profile aBefore = cdp.getProfile("a");
      Profile bBefore = cdp.getProfile("b");
      List<String> aEvents = eventIds(cdp, "a");
      List<String> bEvents = eventIds(cdp, "b");
      cdp.merge(List.of("a", "b"), "test");
      cdp.unmerge("b", "test");
      assertThat(identifiers(cdp.getProfile("a"))).isEqualTo(identifiers(aBefore));
      assertThat(identifiers(cdp.getProfile("b"))).isEqualTo(identifiers(bBefore));
      assertThat(eventIds(cdp, "a")).isEqualTo(aEvents);
      assertThat(eventIds(cdp, "b")).isEqualTo(bEvents);
      assertThat(cdp.getProfile("a").attributes()).isEqualTo(aBefore.attributes());
      assertThat(cdp.getProfile("b").attributes()).isEqualTo(bBefore.attributes());
      assertThat(a.id()).isEqualTo("a");
      assertThat(b.id()).isEqualTo("b");
    }
  }

  private static void apply(Cdp cdp, Call call, int index, Set<String> tracked, List<String> returnedIds) {
    switch (call.kind()) {
      case 0 -> {
        Identify.Builder identify = Identify.builder().set(call.attribute(), call.value());
        call.identifiers().forEach(identify::identifier);
        returnedIds.add(cdp.identify(identify.build()).id());
      }
      case 1 -> {
        Track.Builder track = Track.builder("view").eventId("e" + index);
        call.identifiers().forEach(track::identifier);
        Event event = cdp.track(track.build());
        tracked.add(event.id());
        returnedIds.add(event.profileId());
      }
      case 2 -> {
        List<Profile> live = cdp.profiles(ProfileQuery.firstPage(1000)).items();
        if (live.size() >= 2) {
          Profile x = live.get(call.pick() % live.size());
          Profile y = live.get((call.pick() + 1) % live.size());
          List<String> pair = List.of(x.id(), y.id());
          // A manual merge past the cap is refused as a whole; the invariants then check that
          // the refusal left everything in place.
          if (2 + x.mergedIds().size() + y.mergedIds().size() > IdentityRules.defaults().maxManualMerge()) {
            assertThatThrownBy(() -> cdp.merge(pair, "test")).isInstanceOf(InvalidInputException.class);
            assertThat(cdp.getProfile(x.id())).isEqualTo(x);
            assertThat(cdp.getProfile(y.id())).isEqualTo(y);
          } else {
            returnedIds.add(cdp.merge(pair, "test").id());
          }
        }
      }
      default -> {
        List<String> merged = new ArrayList<>();
        cdp.profiles(ProfileQuery.firstPage(1000)).items().forEach(p -> merged.addAll(new TreeSet<>(p.mergedIds())));
        List<String> restorable = merged.stream().filter(id -> cdp.identityLog(id).stream()
            .anyMatch(r -> r.absorbed().stream().anyMatch(s -> s.id().equals(id)))).toList();
        if (!restorable.isEmpty()) {
          returnedIds.add(cdp.unmerge(restorable.get(call.pick() % restorable.size()), "test").id());
        }
      }
    }
  }

  private static void checkInvariants(Cdp cdp, Set<String> tracked, Set<Identifier> seen, List<String> returnedIds) {
    List<Profile> live = cdp.profiles(ProfileQuery.firstPage(1000)).items();
    Map<Identifier, String> owners = new HashMap<>();
    long events = 0;
    for (Profile profile : live) {
      for (ProfileIdentifier identifier : profile.identifiers()) {
        assertThat(owners.put(identifier.identifier(), profile.id()))
            .as("%s held by two profiles", identifier.identifier()).isNull();
      }
      events += cdp.timeline(profile.id(), TimelineQuery.latest(10_000)).items().size();
    }
    for (Identifier identifier : seen) {
      cdp.findProfile(identifier).ifPresent(p -> assertThat(owners.get(identifier)).isEqualTo(p.id()));
    }
    assertThat(events).isEqualTo(tracked.size()).isEqualTo(cdp.countEvents());
    for (String id : returnedIds) {
      assertThat(cdp.findProfile(id)).as("id %s still resolves", id).isPresent();
    }
  }

  /** The profiles, keyed by their identifier sets, with their attributes. */
  private static Map<Set<String>, ObjectValue> outcome(List<Call> calls, List<Integer> order) {
    try (Cdp cdp = Cdp.builder().clock(TestClock.at(T0)).build()) {
      for (int index : order) {
        Call call = calls.get(index);
        Identify.Builder identify =
            Identify.builder().timestamp(T0.plusSeconds(index)).set(call.attribute(), call.value());
        call.identifiers().forEach(identify::identifier);
        cdp.identify(identify.build());
      }
      return cdp.profiles(ProfileQuery.firstPage(1000)).items().stream()
          .collect(Collectors.toMap(IdentityProperties::identifiers, Profile::attributes));
    }
  }

  private static Set<String> identifiers(Profile profile) {
    return profile.identifiers().stream().map(i -> i.identifier().toString()).collect(Collectors.toSet());
  }

  private static List<String> eventIds(Cdp cdp, String profileId) {
    return cdp.timeline(profileId, TimelineQuery.latest(10_000)).items().stream().map(Event::id).toList();
  }

  @Provide
  Arbitrary<List<Call>> calls() {
    return call(Arbitraries.integers().between(0, 3)).list().ofMaxSize(25);
  }

  /**
   * Identify calls with emails and phones only, no more of each than the default limits allow:
   * under the default rules these merge freely, whatever the order.
   */
  @Provide
  Arbitrary<List<Call>> identifyCalls() {
    Arbitrary<Identifier> identifier =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 4).map(i -> Identifier.email("p" + i + "@x.y")),
            Arbitraries.integers().between(0, 2).map(i -> Identifier.phone("+3160000000" + i)));
    return Combinators.combine(
            Arbitraries.just(0), identifier.list().ofMinSize(1).ofMaxSize(2),
            Arbitraries.of("a", "b"), Arbitraries.integers().between(0, 9), Arbitraries.just(0))
        .as(Call::new).list().ofMaxSize(8);
  }

  private static Arbitrary<Call> call(Arbitrary<Integer> kinds) {
    Arbitrary<Identifier> identifier =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 4).map(i -> Identifier.email("p" + i + "@x.y")),
            Arbitraries.integers().between(0, 2).map(i -> Identifier.userId("u" + i)),
            Arbitraries.integers().between(0, 4).map(i -> Identifier.deviceId("d" + i)),
            Arbitraries.just(Identifier.email("test@test.com")));
    return Combinators.combine(
            kinds, identifier.list().ofMaxSize(3), Arbitraries.of("a", "b", "c"),
            Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 100))
        .as(Call::new);
  }
}
