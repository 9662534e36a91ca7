package io.cdpkit.segments.spi.contract;

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
import io.cdpkit.segments.Segments;
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
import org.jspecify.annotations.Nullable;

/**
 * Unmerge is exact on a store: for random identify, track, consent, group change, merge and
 * unmerge histories, unmerging the last merge leaves every profile (attributes, identifiers with
 * their flags, events, consents and their history, merged ids, timestamps, static groups and
 * saved-segment memberships) as replaying the history without that merge does. A store passes it
 * by extending this class and implementing {@link #createStorage()} and {@link #segments}; a store
 * that is slow to create may lower the tries with its own {@code @PropertyDefaults}.
 *
 * <p>Calls reach a profile by its id (merged away or not) or by its own email, never by another's
 * id or identifiers, so no call merges by itself (the only merges are the ones the history asks
 * for) and each call arrives through the same profile with and without the merge.
 */
@PropertyDefaults(tries = 25)
public abstract class UnmergeContract {
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  private static final int PROFILES = 4;

  private static final List<String> GROUPS = List.of("g0", "g1");
  private static final Map<String, String> SAVED = Map.of(
      "grouped", "in group \"g0\"",
      "mixed", "v1 > 4 or not in group \"g1\"",
      "viewer", "event \"view\" at least 2 times anytime and consent email granted");

  /** A new, empty store; the property closes it. */
  protected abstract Storage createStorage();

  /** Segments of {@code cdp} on the store's segment and group stores; the property closes them. */
  protected abstract Segments segments(Cdp cdp, Storage storage);

  /**
   * One step of a history, on profile {@code target} (and {@code other} for a merge).
   *
   * @param kind 0 identify, 1 track, 2 consent, 3 merge, 4 unmerge of a merged id, 5 group change
   * @param byEmail whether the call names the profile's email rather than its id
   * @param fresh whether an identify or track also carries a new device id
   */
  public record Step(int kind, int target, int other, boolean byEmail, boolean fresh, int value) {}

  @Property
  void unmergingTheLastMergeEqualsTheHistoryWithoutIt(
      @ForAll("histories") List<Step> before, @ForAll("pairs") Step merge,
      @ForAll("activity") List<Step> after) {
    check(before, merge, after, null, List.of());
  }

  /**
   * As {@link #unmergingTheLastMergeEqualsTheHistoryWithoutIt}, with the survivor merged into
   * another profile before the unmerge, so the profile comes out of a profile inside another.
   * Without consent decisions: the decisions a later merge pinned (most restrictive consent) are
   * not worked out again without the unmerged profile.
   */
  @Property
  void unmergingAMergeInsideAnotherEqualsTheHistoryWithoutIt(
      @ForAll("historiesWithoutConsent") List<Step> before, @ForAll("pairs") Step merge,
      @ForAll("activityWithoutConsent") List<Step> after, @ForAll("pairs") Step outer,
      @ForAll("activityWithoutConsent") List<Step> later) {
    check(before, merge, after, outer, later);
  }

  /**
   * History {@code before}, the merge, {@code after}; then, given an {@code outer} step, a merge of
   * the survivor with the profile of {@code outer.target()} (when it is another) and the {@code
   * later} activity; then an unmerge of the profile the merge absorbed. Compared with the same
   * history without the merge.
   */
  private void check(
      List<Step> before, Step merge, List<Step> after, @Nullable Step outer, List<Step> later) {
    Map<String, Object> unmerged;
    String survivor;
    int afterFirst = before.size() + PROFILES + 1;
    int outerAt = afterFirst + after.size();
    boolean nested;
    try (Run run = open()) {
      replay(run, before, 0);
      String a = run.cdp.getProfile(id(merge.target())).id();
      String b = run.cdp.getProfile(id(merge.other())).id();
      if (a.equals(b)) {
        return;
      }
      survivor = step(run, merge, afterFirst - 1).id();
      replay(run, after, afterFirst);
      nested = outer != null && !run.cdp.getProfile(id(outer.target())).id().equals(survivor);
      if (nested) {
        mergeInto(run, survivor, outer.target(), outerAt);
        replay(run, later, outerAt + 1);
      }
      run.clock.setTo(run.clock.instant().plusSeconds(1));
      run.cdp.unmerge(survivor.equals(a) ? b : a, "test");
      unmerged = state(run);
    }
    try (Run run = open()) {
      replay(run, before, 0);
      replay(run, after, afterFirst);
      if (nested) {
        mergeInto(run, survivor, outer.target(), outerAt);
        replay(run, later, outerAt + 1);
      }
      assertThat(unmerged).isEqualTo(state(run));
    }
  }

  /** Merges the profile of {@code id} with the profile of {@code other}. */
  private static void mergeInto(Run run, String id, int other, int second) {
    run.clock().setTo(T0.plusSeconds(second));
    run.cdp().merge(List.of(id, run.cdp().getProfile(id(other)).id()), "test");
  }

  /** A Cdp on a new store, with segments, the groups and the saved segments. */
  private Run open() {
    Storage storage = createStorage();
    Cdp cdp = Cdp.builder().storage(storage).clock(TestClock.at(T0)).build();
    Segments segments = segments(cdp, storage);
    GROUPS.forEach(segments::createGroup);
    new TreeMap<>(SAVED).forEach(segments::save);
    return new Run(cdp, segments, (TestClock) cdp.clock());
  }

  private record Run(Cdp cdp, Segments segments, TestClock clock) implements AutoCloseable {
    @Override
    public void close() {
      segments.close();
      cdp.close();
    }
  }

  /** Creates the profiles, then applies the steps, step {@code i} at second {@code first + i}. */
  private static void replay(Run run, List<Step> steps, int first) {
    Cdp cdp = run.cdp();
    TestClock clock = run.clock();
    if (first == 0) {
      for (int p = 0; p < PROFILES; p++) {
        clock.setTo(T0.plusSeconds(p));
        cdp.identify(Identify.builder().profileId(id(p)).identifier(email(p)).set("name", "n" + p).build());
      }
      first = PROFILES;
    }
    for (int i = 0; i < steps.size(); i++) {
      step(run, steps.get(i), first + i);
    }
  }

  /** Applies one step; a merge returns the survivor, or null when the two are one profile. */
  private static @Nullable Profile step(Run run, Step step, int second) {
    Cdp cdp = run.cdp();
    TestClock clock = run.clock();
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
      case 5 -> changeGroup(run, step);
      default -> {
        List<String> merged = cdp.getProfile(id(step.target())).mergedIds().stream().sorted().toList();
        if (!merged.isEmpty()) {
          cdp.unmerge(merged.get(step.value() % merged.size()), "test");
        }
      }
    }
    return null;
  }

  /** Adds the profile to a group or removes it, through its id or its email. */
  private static void changeGroup(Run run, Step step) {
    String group = GROUPS.get(step.value() % GROUPS.size());
    boolean add = step.value() < 6;
    if (step.byEmail()) {
      List<Identifier> email = List.of(email(step.target()));
      if (add) {
        run.segments().addIdentifiedToGroup(group, email);
      } else {
        run.segments().removeIdentifiedFromGroup(group, email);
      }
      return;
    }
    if (add) {
      run.segments().addToGroup(group, List.of(id(step.target())));
    } else {
      run.segments().removeFromGroup(group, List.of(id(step.target())));
    }
  }

  /** Every live profile by id, with its events, consent history, groups and saved segments. */
  private static Map<String, Object> state(Run run) {
    Cdp cdp = run.cdp();
    Map<String, Object> state = new TreeMap<>();
    for (int p = 0; p < PROFILES; p++) {
      Profile profile = cdp.getProfile(id(p));
      List<Event> events = cdp.timeline(profile.id(), TimelineQuery.latest(1000)).items();
      state.put(profile.id(), List.of(
          profile, events, cdp.consentHistory(profile.id()),
          run.segments().groupsOf(profile.id()), run.segments().segmentsOf(profile.id())));
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
    return steps(Arbitraries.integers().between(0, 5)).list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<List<Step>> historiesWithoutConsent() {
    return steps(Arbitraries.of(0, 1, 3, 4, 5)).list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<List<Step>> activityWithoutConsent() {
    return steps(Arbitraries.of(0, 1, 5)).list().ofMaxSize(6);
  }

  @Provide
  Arbitrary<Step> pairs() {
    return steps(Arbitraries.just(3));
  }

  @Provide
  Arbitrary<List<Step>> activity() {
    return steps(Arbitraries.of(0, 1, 2, 5, 5)).list().ofMaxSize(6);
  }

  private static Arbitrary<Step> steps(Arbitrary<Integer> kinds) {
    Arbitrary<Integer> profile = Arbitraries.integers().between(0, PROFILES - 1);
    return Combinators.combine(
            kinds, profile, profile, Arbitraries.of(true, false), Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 9))
        .as(Step::new);
  }
}
