package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Track;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.testing.TestClock;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class SegmentsTest {
  private static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");

  private final TestClock clock = TestClock.at(T0);
  private final Cdp cdp = Cdp.builder().clock(clock).build();
  private final Segments segments = Segments.attach(cdp);
  private final List<String> heard = new CopyOnWriteArrayList<>();

  SegmentsTest() {
    segments.subscribe(t -> heard.add(t.kind() + " " + t.segment() + " " + t.profileId() + " " + t.cause()));
  }

  @AfterEach
  void close() {
    segments.close();
    cdp.close();
  }

  private Profile person(String id, int age) {
    return cdp.identify(Identify.builder().profileId(id).email(id + "@x.y").set("age", age).build());
  }

  @Test
  void save_computesInitialMembersWithoutPublishingEntries() {
    person("a", 25);
    person("b", 40);
    SavedSegment saved = segments.save("young", "AGE < 30 and $identifier.email is not empty".replace("AGE", "age"), "under 30");
    assertThat(saved.expression()).isEqualTo("age < 30 and $identifier.email is not empty");
    assertThat(segments.count("young")).isEqualTo(1);
    assertThat(segments.isMember("young", "a")).isTrue();
    assertThat(heard).isEmpty();
    assertThat(segments.list()).singleElement().satisfies(s -> assertThat(s.members()).isEqualTo(1));
  }

  @Test
  void profileChanges_publishEntriesAndExits() {
    segments.save("young", "age < 30");
    person("a", 25);
    cdp.identify(Identify.builder().profileId("a").set("age", 31).build());
    assertThat(heard).containsExactly("ENTERED young a PROFILE_CHANGED", "EXITED young a PROFILE_CHANGED");
    assertThat(segments.count("young")).isZero();
  }

  @Test
  void events_enterOnlySegmentsThatReadThem() {
    segments.save("buyers", "event \"ticket_bought\" at least 2 where festival = \"The Festival 2018\"");
    segments.save("young", "age < 30");
    person("a", 40);
    Track.Builder ticket = Track.builder("ticket_bought").profileId("a").property("festival", "The Festival 2018");
    cdp.track(ticket.eventId("t1").build());
    assertThat(heard).isEmpty();
    cdp.track(ticket.eventId("t2").build());
    assertThat(heard).containsExactly("ENTERED buyers a EVENT");
  }

  @Test
  void computedAttributes_updateMembershipAsEventsArrive() {
    segments.close();
    java.util.Map<String, java.math.BigDecimal> spent = new java.util.concurrent.ConcurrentHashMap<>();
    cdp.subscribe(new io.cdpkit.core.CdpListener() {
      @Override
      public void eventStored(io.cdpkit.core.event.Event event, Profile profile) {
        spent.merge(profile.id(), java.math.BigDecimal.TEN, java.math.BigDecimal::add);
      }
    });
    try (Segments computed = Segments.builder(cdp)
        .computed((profile, name) -> java.util.Optional.ofNullable(spent.get(profile.id())))
        .build()) {
      computed.subscribe(t -> heard.add(t.kind() + " " + t.segment() + " " + t.profileId() + " " + t.cause()));
      computed.save("big-spenders", "$computed.lifetime_value >= 20");
      person("a", 30);
      cdp.track(Track.builder("anything").profileId("a").build());
      assertThat(computed.isMember("big-spenders", "a")).isFalse();
      cdp.track(Track.builder("something_else").profileId("a").build());
      assertThat(computed.isMember("big-spenders", "a")).isTrue();
      assertThat(heard).containsExactly("ENTERED big-spenders a EVENT");
    }
  }

  @Test
  void recalculated_movesMembersWhoseComputedValueChangedOutsideEvents() {
    java.util.Map<String, java.math.BigDecimal> score = new java.util.concurrent.ConcurrentHashMap<>();
    try (Segments computed = Segments.builder(cdp)
        .computed((profile, name) -> java.util.Optional.ofNullable(score.get(profile.id())))
        .build()) {
      computed.subscribe(t -> heard.add(t.kind() + " " + t.segment() + " " + t.profileId() + " " + t.cause()));
      computed.save("likely", "$computed.order_likelihood >= 0.5");
      person("a", 30);
      person("b", 30);
      score.put("a", new java.math.BigDecimal("0.7"));
      score.put("b", new java.math.BigDecimal("0.2"));
      assertThat(computed.isMember("likely", "a")).isFalse();

      RefreshResult result = computed.recalculated(List.of("a", "b", "unknown"));

      assertThat(result.entered()).isEqualTo(1);
      assertThat(computed.isMember("likely", "a")).isTrue();
      assertThat(heard).containsExactly("ENTERED likely a RECALCULATED");
    }
  }

  @Test
  void refresh_movesMembersOutAsWindowsPass() {
    segments.save("recent", "event \"purchase\" in the last 7 days");
    person("a", 30);
    cdp.track(Track.builder("purchase").profileId("a").timestamp(T0.minus(Duration.ofDays(6))).build());
    assertThat(heard).containsExactly("ENTERED recent a EVENT");
    clock.advance(Duration.ofHours(23));
    assertThat(segments.refresh().exited()).isZero();
    clock.advance(Duration.ofHours(2));
    RefreshResult result = segments.refresh();
    assertThat(result.exited()).isEqualTo(1);
    assertThat(heard).last().isEqualTo("EXITED recent a TIME");
    assertThat(segments.refresh().checked()).isZero();
  }

  @Test
  void refresh_transitionsCarryTheInstantTheWindowClosed_notWhenRefreshRan() {
    List<SegmentTransition> seen = new CopyOnWriteArrayList<>();
    segments.subscribe(seen::add);
    segments.save("recent", "event \"purchase\" in the last 7 days");
    segments.save("due", "renewal_at in the next 1 day");
    Instant renewal = T0.plus(Duration.ofHours(10));
    cdp.identify(Identify.builder().profileId("a").set("renewal_at", renewal.toString()).build());
    cdp.track(Track.builder("purchase").profileId("a").timestamp(T0.minus(Duration.ofDays(6))).build());
    seen.clear();
    clock.advance(Duration.ofDays(3));
    segments.refresh();
    assertThat(seen).extracting(t -> t.kind() + " " + t.segment() + " " + t.at()).containsExactlyInAnyOrder(
        "EXITED recent " + T0.plus(Duration.ofDays(1)), "EXITED due " + renewal);
  }

  @Test
  void refresh_bringsFutureEventsIntoWindowsAndCalendarWindowsMove() {
    segments.save("last-month", "event \"visit\" exactly 1 month ago");
    person("a", 30);
    cdp.track(Track.builder("visit").profileId("a").timestamp(Instant.parse("2026-06-10T08:00:00Z")).build());
    assertThat(segments.isMember("last-month", "a")).isFalse();
    clock.setTo(Instant.parse("2026-07-01T00:30:00Z"));
    segments.refresh();
    assertThat(segments.isMember("last-month", "a")).isTrue();
    clock.setTo(Instant.parse("2026-08-01T00:00:00Z"));
    segments.refresh();
    assertThat(segments.isMember("last-month", "a")).isFalse();
    assertThat(heard).containsExactly("ENTERED last-month a TIME", "EXITED last-month a TIME");
  }

  @Test
  void groups_andSegmentsThatReadThem() {
    segments.createGroup("vip");
    segments.save("vip-young", "in group \"vip\" and age < 30");
    person("a", 25);
    person("b", 50);
    assertThat(segments.addToGroup("vip", List.of("a", "b", "a"))).isEqualTo(2);
    assertThat(segments.groupsOf("a")).containsExactly("vip");
    assertThat(heard).containsExactly("ENTERED vip-young a GROUP_CHANGED");
    assertThatThrownBy(() -> segments.deleteGroup("vip"))
        .isInstanceOfSatisfying(SegmentInUseException.class, e -> assertThat(e.users()).containsExactly("segment:vip-young"));
    segments.removeFromGroup("vip", List.of("a"));
    assertThat(heard).last().isEqualTo("EXITED vip-young a GROUP_CHANGED");
    assertThat(segments.addMatchingToGroup("vip", "age > 40")).isZero();
    assertThat(segments.groupMembers("vip", 10, null).items()).containsExactly("b");
  }

  @Test
  void merge_doesNotReenterTheSurvivor_andMovesGroups() {
    segments.save("has-email", "$identifier.email is not empty");
    segments.createGroup("list");
    Profile a = cdp.identify(Identify.builder().profileId("a").email("a@x.y").build());
    clock.advance(Duration.ofSeconds(1));
    Profile b = cdp.identify(Identify.builder().profileId("b").phone("+31612345678").build());
    segments.addToGroup("list", List.of("b"));
    heard.clear();
    cdp.merge(List.of("a", "b"), "agent");
    assertThat(heard).isEmpty();
    assertThat(segments.groupsOf("a")).containsExactly("list");
    assertThat(segments.count("has-email")).isEqualTo(1);
    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void unmerge_givesStaticGroupsBack_andSegmentsReadingThemFollow() {
    segments.createGroup("list");
    segments.save("listed", "in group \"list\"");
    cdp.identify(Identify.builder().profileId("a").email("a@x.y").build());
    clock.advance(Duration.ofSeconds(1));
    cdp.identify(Identify.builder().profileId("b").phone("+31612345678").build());
    segments.addToGroup("list", List.of("b"));
    cdp.merge(List.of("a", "b"), "agent");
    assertThat(segments.groupsOf("a")).containsExactly("list");
    heard.clear();
    cdp.unmerge("b", "agent");
    assertThat(segments.groupsOf("b")).containsExactly("list");
    assertThat(segments.groupsOf("a")).isEmpty();
    assertThat(segments.groupMembers("list", 10, null).items()).containsExactly("b");
    assertThat(heard).containsExactlyInAnyOrder("EXITED listed a UNMERGE", "ENTERED listed b UNMERGE");
  }

  @Test
  void erasure_publishesExits() {
    segments.save("young", "age < 30");
    person("a", 25);
    cdp.eraseProfile("a", "dpo");
    assertThat(heard).last().isEqualTo("EXITED young a DELETED");
    assertThat(segments.count("young")).isZero();
  }

  @Test
  void update_publishesChanges_andReferencesFollow() {
    segments.save("young", "age < 30");
    segments.save("young-vip", "in segment \"young\" and tags contains \"vip\"");
    cdp.identify(Identify.builder().profileId("a").set("age", 35).append("tags", "vip").build());
    assertThat(segments.count("young-vip")).isZero();
    segments.update("young", "age < 40", null);
    assertThat(heard).contains("ENTERED young a SEGMENT_UPDATED", "ENTERED young-vip a SEGMENT_UPDATED");
    assertThatThrownBy(() -> segments.delete("young"))
        .isInstanceOfSatisfying(SegmentInUseException.class, e -> assertThat(e.users()).containsExactly("segment:young-vip"));
    var use = segments.registerUse("young-vip", "workflow:welcome");
    assertThatThrownBy(() -> segments.delete("young-vip")).hasMessageContaining("workflow:welcome");
    use.close();
    segments.delete("young-vip");
    segments.delete("young");
    assertThat(segments.list()).isEmpty();
  }

  @Test
  void badDefinitions_areRefusedBeforeSaving() {
    assertThatThrownBy(() -> segments.save("x", "age <")).isInstanceOf(SegmentSyntaxException.class);
    assertThatThrownBy(() -> segments.save("x", "in segment \"nope\"")).isInstanceOf(SegmentValidationException.class);
    assertThatThrownBy(() -> segments.save("self", "in segment \"self\"")).isInstanceOf(SegmentValidationException.class);
    assertThatThrownBy(() -> segments.save(" ", "everyone")).isInstanceOf(InvalidInputException.class);
    segments.save("all", "everyone");
    assertThatThrownBy(() -> segments.save("all", "everyone")).hasMessageContaining("exists already");
    assertThat(segments.list()).hasSize(1);
  }

  @Test
  void renameAndDuplicate_keepMembers() {
    person("a", 20);
    segments.save("young", "age < 30");
    segments.rename("young", "under-30");
    assertThat(segments.find("young")).isEmpty();
    assertThat(segments.count("under-30")).isEqualTo(1);
    segments.duplicate("under-30", "copy");
    assertThat(segments.isMember("copy", "a")).isTrue();
  }

  @Test
  void members_pageInIdOrder_andExportAsCsv() {
    for (int i = 0; i < 5; i++) {
      person("p" + i, 20 + i);
    }
    segments.save("young", "age < 30");
    var first = segments.members("young", 2, null);
    var second = segments.members("young", 2, first.next());
    var third = segments.members("young", 2, second.next());
    assertThat(first.items()).containsExactly("p0", "p1");
    assertThat(second.items()).containsExactly("p2", "p3");
    assertThat(third.items()).containsExactly("p4");
    assertThat(third.hasNext()).isFalse();
    var byAgeDescending = segments.memberProfiles("young", ProfileQuery.firstPage(3).sortedBy("age", true));
    assertThat(byAgeDescending.items()).extracting(Profile::id).containsExactly("p4", "p3", "p2");
    assertThat(segments.memberProfiles("young", ProfileQuery.firstPage(3).sortedBy("age", true).after(byAgeDescending)).items())
        .extracting(Profile::id).containsExactly("p1", "p0");
    StringWriter csv = new StringWriter();
    segments.exportMembers("young", List.of("age", "$identifier.email"), csv);
    assertThat(csv.toString()).startsWith("id,age,\"$identifier.email\"\np0,20,p0@x.y\n");
    assertThat(csv.toString().lines()).hasSize(6);
  }

  @Test
  void explain_showsWhy() {
    person("a", 25);
    cdp.track(Track.builder("purchase").profileId("a").property("amount", 30).build());
    Explanation why = segments.explain("a", "age < 30 and event \"purchase\" sum of amount >= 50");
    assertThat(why.value()).isFalse();
    assertThat(why.render()).contains("age < 30", "30");
    segments.save("young", "age < 30");
    assertThat(segments.explain("a", "young").value()).isTrue();
  }

  @Test
  void adHocQuery_pastItsBudget_stopsWithTheBudgetNamed() {
    person("a", 25);
    person("b", 40);
    try (Segments budgeted = Segments.builder(cdp).queryBudget(Duration.ofNanos(1)).build()) {
      assertThatThrownBy(() -> budgeted.countMatching("age > 1"))
          .isInstanceOf(QueryBudgetExceededException.class)
          .hasMessageContaining("budget of 1 ns")
          .hasMessageContaining("narrow the expression");
      assertThatThrownBy(() -> budgeted.matching("age > 1"))
          .isInstanceOf(QueryBudgetExceededException.class);
    }
    try (Segments generous = Segments.builder(cdp).queryBudget(Duration.ofMinutes(1)).build()) {
      assertThat(generous.countMatching("age > 30")).isEqualTo(1);
    }
  }

  @Test
  void queryBudget_mustBePositive() {
    assertThatThrownBy(() -> Segments.builder(cdp).queryBudget(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queryBudget must be positive");
  }
}
