package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Page;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Live membership is a cache of evaluation: after any sequence of identify, track, merge, erase,
 * group edits and time passing (with refresh), every saved segment's maintained members equal a
 * fresh evaluation of its expression, and the transitions published replay to the same members.
 */
final class MembershipProperties {
  private static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");
  private static final Map<String, String> SEGMENTS =
      Map.of(
          "young", "age < 30",
          "buyers", "event \"buy\" at least 2 in the last 3 days",
          "listed", "in group \"g\" or tags contains \"vip\"",
          "young-viewers", "in segment \"young\" and event \"view\" anytime",
          "emailable", "$identifier.email is not empty and not (event * more than 2 days ago)");

  /** One step: kind 0 identify, 1 track, 2 merge, 3 erase, 4 group add, 5 group remove, 6 time. */
  record Step(int kind, int person, int other, int value, int hours) {}

  @Property(tries = 60)
  void maintainedMembershipEqualsFreshEvaluation(@ForAll("steps") List<Step> steps) {
    TestClock clock = TestClock.at(T0);
    try (Cdp cdp = Cdp.builder().clock(clock).build(); Segments segments = Segments.attach(cdp)) {
      segments.createGroup("g");
      for (String name : List.of("young", "buyers", "listed", "emailable", "young-viewers")) {
        segments.save(name, SEGMENTS.get(name));
      }
      Map<String, List<String>> replayed = new HashMap<>();
      for (String name : SEGMENTS.keySet()) {
        replayed.put(name, new ArrayList<>(segments.matching(SEGMENTS.get(name))));
      }
      segments.subscribe(t -> {
        List<String> members = replayed.get(t.segment());
        if (t.entered()) {
          members.add(t.profileId());
        } else {
          members.remove(t.profileId());
        }
      });
      for (Step step : steps) {
        apply(cdp, segments, clock, step);
        for (String name : SEGMENTS.keySet()) {
          List<String> fresh = segments.matching(SEGMENTS.get(name));
          assertThat(all(segments, name)).as("%s after %s", name, step).isEqualTo(fresh);
          assertThat(replayed.get(name)).as("transitions of %s after %s", name, step).containsExactlyInAnyOrderElementsOf(fresh);
        }
      }
    }
  }

  private static void apply(Cdp cdp, Segments segments, TestClock clock, Step step) {
    String person = "p" + step.person();
    switch (step.kind()) {
      case 0 -> {
        Identify.Builder identify = Identify.builder().profileId(person).set("age", 20 + step.value());
        if (step.value() % 2 == 0) {
          identify.email(person + "@x.y");
        }
        if (step.value() % 3 == 0) {
          identify.append("tags", "vip");
        }
        cdp.identify(identify.build());
      }
      case 1 -> cdp.track(Track.builder(step.value() % 2 == 0 ? "buy" : "view").profileId(person)
          .timestamp(clock.instant().minus(Duration.ofHours(step.hours()))).build());
      case 2 -> {
        String other = "p" + step.other();
        if (cdp.findProfile(person).isPresent() && cdp.findProfile(other).isPresent()
            && !cdp.getProfile(person).id().equals(cdp.getProfile(other).id())) {
          cdp.merge(List.of(person, other), "test");
        }
      }
      case 3 -> cdp.findProfile(person).ifPresent(p -> cdp.eraseProfile(p.id(), "test"));
      case 4 -> cdp.findProfile(person).ifPresent(p -> segments.addToGroup("g", List.of(p.id())));
      case 5 -> cdp.findProfile(person).ifPresent(p -> segments.removeFromGroup("g", List.of(p.id())));
      default -> {
        clock.advance(Duration.ofHours(step.hours()));
        segments.refresh();
      }
    }
  }

  private static List<String> all(Segments segments, String name) {
    List<String> ids = new ArrayList<>();
    Page<String> page = segments.members(name, 100, null);
    ids.addAll(page.items());
    while (page.hasNext()) {
      page = segments.members(name, 100, page.next());
      ids.addAll(page.items());
    }
    return ids;
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, 20),
            Arbitraries.integers().between(1, 60))
        .as(Step::new)
        .list()
        .ofMaxSize(30);
  }
}
