package io.cdpkit.core.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.testing.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.PropertyDefaults;
import net.jqwik.api.Provide;

/**
 * Unmerge is exact on a store: for random identify, track, consent, merge and unmerge histories,
 * unmerging the last merge leaves every profile (attributes, identifiers with their flags, events,
 * consents and their history, merged ids, timestamps) as replaying the history without that merge
 * does. A store passes it by extending this class and implementing {@link #createStorage()}; a
 * store that is slow to create may lower the tries with its own {@code @PropertyDefaults}.
 *
 * <p>Calls reach a profile by its id or by its own email, never by another's identifiers, so no
 * call merges by itself: the only merges are the ones the history asks for.
 */
@PropertyDefaults(tries = 25)
public abstract class UnmergeContract {
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final int PROFILES = 4;

  /** A new, empty store; the property closes it. */
  protected abstract Storage createStorage();

  /**
   * One step of a history, on profile {@code target} (and {@code other} for a merge).
   *
   * @param kind 0 identify, 1 track, 2 consent, 3 merge, 4 unmerge of a merged id
   * @param byEmail whether the call names the profile's email rather than its id
   * @param fresh whether an identify or track also carries a new device id
   */
  public record Step(int kind, int target, int other, boolean byEmail, boolean fresh, int value) {}

  @Property
  void unmergingTheLastMergeEqualsTheHistoryWithoutIt(
      @ForAll("histories") List<Step> before, @ForAll("pairs") Step merge, @ForAll("activity") List<Step> after) {
    Map<String, Object> unmerged;
    try (Cdp cdp = open()) {
      TestClock clock = (TestClock) cdp.clock();
      replay(cdp, clock, before, 0);
      String a = cdp.getProfile(id(merge.target())).id();
      String b = cdp.getProfile(id(merge.other())).id();
      if (a.equals(b)) {
        return;
      }
      Profile survivor = step(cdp, clock, merge, before.size() + PROFILES);
      replay(cdp, clock, after, before.size() + PROFILES + 1);
      clock.setTo(clock.instant().plusSeconds(1));
      cdp.unmerge(survivor.id().equals(a) ? b : a, "test");
      unmerged = state(cdp);
    }
    try (Cdp cdp = open()) {
      TestClock clock = (TestClock) cdp.clock();
      replay(cdp, clock, before, 0);
      replay(cdp, clock, after, before.size() + PROFILES + 1);
      assertThat(unmerged).isEqualTo(state(cdp));
    }
  }

  private Cdp open() {
    return Cdp.builder().storage(createStorage()).clock(TestClock.at(T0)).build();
  }

  /** Creates the profiles, then applies the steps, step {@code i} at second {@code first + i}. */
  private static void replay(Cdp cdp, TestClock clock, List<Step> steps, int first) {
    if (first == 0) {
      for (int p = 0; p < PROFILES; p++) {
        clock.setTo(T0.plusSeconds(p));
        cdp.identify(Identify.builder().profileId(id(p)).identifier(email(p)).set("name", "n" + p).build());
      }
      first = PROFILES;
    }
    for (int i = 0; i < steps.size(); i++) {
      step(cdp, clock, steps.get(i), first + i);
    }
  }

  /** Applies one step; a merge returns the survivor, or null when the two are one profile. */
  private static Profile step(Cdp cdp, TestClock clock, Step step, int second) {
    clock.setTo(T0.plusSeconds(second));
    String eventId = "e" + second;
    switch (step.kind()) {
      case 0 -> {
        Identify.Builder call = step.byEmail()
            ? Identify.builder().identifier(email(step.target()))
            : Identify.builder().profileId(id(step.target()));
        if (step.fresh()) {
          call.identifier(Identifier.deviceId("d" + second));
        }
        cdp.identify(call.set(step.value() % 2 == 0 ? "name" : "v" + step.value() % 3, step.value()).build());
      }
      case 1 -> {
        Track.Builder call = step.byEmail()
            ? Track.builder("view").identifier(email(step.target()))
            : Track.builder("view").profileId(id(step.target()));
        if (step.fresh()) {
          call.identifier(Identifier.deviceId("d" + second));
        }
        cdp.track(call.eventId(eventId).property("n", step.value()).build());
      }
      case 2 -> cdp.recordConsent(id(step.target()), ConsentChange.of(
          step.value() % 2 == 0 ? "email" : "sms",
          step.byEmail() ? ConsentStatus.DENIED : ConsentStatus.GRANTED,
          T0.plusSeconds(second - step.value()), "form"));
      case 3 -> {
        String a = cdp.getProfile(id(step.target())).id();
        String b = cdp.getProfile(id(step.other())).id();
        return a.equals(b) ? null : cdp.merge(List.of(a, b), "test");
      }
      default -> {
        List<String> merged = cdp.getProfile(id(step.target())).mergedIds().stream().sorted().toList();
        if (!merged.isEmpty()) {
          cdp.unmerge(merged.get(step.value() % merged.size()), "test");
        }
      }
    }
    return null;
  }

  /** Every live profile by id, with its events and consent history. */
  private static Map<String, Object> state(Cdp cdp) {
    Map<String, Object> state = new TreeMap<>();
    for (int p = 0; p < PROFILES; p++) {
      Profile profile = cdp.getProfile(id(p));
      List<Event> events = cdp.timeline(profile.id(), TimelineQuery.latest(1000)).items();
      state.put(profile.id(), List.of(profile, events, cdp.consentHistory(profile.id())));
    }
    return state;
  }

  private static String id(int profile) {
    return "p" + profile;
  }

  private static Identifier email(int profile) {
    return Identifier.email("p" + profile + "@example.com");
  }

  @Provide
  Arbitrary<List<Step>> histories() {
    return steps(Arbitraries.integers().between(0, 4)).list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<Step> pairs() {
    return steps(Arbitraries.just(3));
  }

  @Provide
  Arbitrary<List<Step>> activity() {
    return steps(Arbitraries.integers().between(0, 2)).list().ofMaxSize(6);
  }

  private static Arbitrary<Step> steps(Arbitrary<Integer> kinds) {
    Arbitrary<Integer> profile = Arbitraries.integers().between(0, PROFILES - 1);
    return Combinators.combine(
            kinds, profile, profile, Arbitraries.of(true, false), Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 9))
        .as(Step::new);
  }
}
