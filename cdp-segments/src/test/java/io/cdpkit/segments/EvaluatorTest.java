package io.cdpkit.segments;

import io.cdpkit.core.consent.ReachabilityPolicy;

import static io.cdpkit.segments.Fixtures.consent;
import static io.cdpkit.segments.Fixtures.event;
import static io.cdpkit.segments.Fixtures.identifier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.spi.contract.ConformanceCases;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

final class EvaluatorTest {
  private static final Instant NOW = Fixtures.NOW;
  private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");

  private static boolean eval(String text, Profile profile, List<Event> events, EvaluationContext context) {
    return SegmentExpression.parse(text).compile().evaluate(profile, events, context);
  }

  private static boolean eval(String text, Profile profile) {
    return eval(text, profile, List.of(), EvaluationContext.at(NOW));
  }

  private static Profile withConsents(List<ProfileIdentifier> identifiers, Consent... consents) {
    return Fixtures.profile(ObjectValue.EMPTY, identifiers, List.of(consents));
  }

  @Test
  void inSegment_evaluatesTheReferencedSegmentWithTheSameNow() {
    CompiledSegment recent = SegmentExpression.parse("signup in the last 1 day").compile();
    EvaluationContext context = EvaluationContext.builder(NOW)
        .segments(CompiledSegments.of(Map.of("recent", recent))).build();
    Profile profile = Fixtures.profile(Map.of("signup", "2026-06-15T01:00:00Z"));
    assertThat(eval("in segment \"recent\"", profile, List.of(), context)).isTrue();
    EvaluationContext later = context.toBuilder().now(NOW.plusSeconds(86_400)).build();
    assertThat(eval("in segment \"recent\"", profile, List.of(), later)).isFalse();
    assertThat(eval("not in segment \"recent\"", profile, List.of(), later)).isTrue();
  }

  @Test
  void inSegment_unknownName_failsInsteadOfFalse() {
    SegmentValidationException e = catchThrowableOfType(SegmentValidationException.class,
        () -> eval("in segment \"nope\"", Fixtures.profile(Map.of())));
    assertThat(e.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.UNKNOWN_SEGMENT);
  }

  @Test
  void inSegment_loopAtRuntime_failsWithACycleProblem() {
    Map<String, CompiledSegment> segments = new java.util.HashMap<>();
    EvaluationContext context = EvaluationContext.builder(NOW)
        .segments(name -> Optional.ofNullable(segments.get(name))).build();
    segments.put("a", SegmentExpression.parse("in segment \"b\"").compile());
    segments.put("b", SegmentExpression.parse("in segment \"a\"").compile());
    SegmentValidationException e = catchThrowableOfType(SegmentValidationException.class,
        () -> eval("in segment \"a\"", Fixtures.profile(Map.of()), List.of(), context));
    assertThat(e.problems()).extracting(Problem::kind).containsExactly(Problem.Kind.SEGMENT_CYCLE);
  }

  @Test
  void inSegment_customCompiledSegment_isCalled() {
    CompiledSegment always = new CompiledSegment() {
      @Override
      public SegmentExpression expression() {
        return SegmentExpression.parse("everyone");
      }

      @Override
      public boolean evaluate(Profile profile, List<Event> events, EvaluationContext context) {
        return profile.id().equals("p1");
      }

      @Override
      public Explanation explain(Profile profile, List<Event> events, EvaluationContext context) {
        return new Explanation("custom", evaluate(profile, events, context), "", List.of());
      }
    };
    EvaluationContext context = EvaluationContext.builder(NOW)
        .segments(CompiledSegments.of(Map.of("stored", always))).build();
    assertThat(eval("in segment \"stored\"", Fixtures.profile(Map.of()), List.of(), context)).isTrue();
  }

  @Test
  void inGroup_asksTheMembership_unknownGroupFails() {
    EvaluationContext context = EvaluationContext.builder(NOW)
        .groups(GroupMembership.of(Map.of("staff", Set.of("p1"), "press", Set.of()))).build();
    Profile profile = Fixtures.profile(Map.of());
    assertThat(eval("in group \"staff\"", profile, List.of(), context)).isTrue();
    assertThat(eval("in group \"press\"", profile, List.of(), context)).isFalse();
    assertThat(catchThrowableOfType(SegmentValidationException.class,
        () -> eval("in group \"nope\"", profile, List.of(), context)).problems())
        .extracting(Problem::kind).containsExactly(Problem.Kind.UNKNOWN_GROUP);
    assertThat(catchThrowableOfType(SegmentValidationException.class,
        () -> eval("in group \"staff\"", profile))).isNotNull();
  }

  @Test
  void computed_numberOrMissing() {
    EvaluationContext context = EvaluationContext.builder(NOW)
        .computed((profile, name) -> name.equals("ltv") ? Optional.of(new BigDecimal("120.5")) : Optional.empty())
        .build();
    Profile profile = Fixtures.profile(Map.of());
    assertThat(eval("$computed.ltv > 100", profile, List.of(), context)).isTrue();
    assertThat(eval("$computed.ltv = 120.50", profile, List.of(), context)).isTrue();
    assertThat(eval("$computed.other > 0", profile, List.of(), context)).isFalse();
    assertThat(eval("$computed.other != 0", profile, List.of(), context)).isTrue();
    assertThat(eval("$computed.other is empty", profile, List.of(), context)).isTrue();
  }

  @Test
  void systemFields_ofProfileAndEvents() {
    Profile profile = Fixtures.profile(Map.of());
    assertThat(eval("$updated_at on 2026-01-01", profile)).isTrue();
    assertThat(eval("$created_at more than 5 months ago", profile)).isTrue();
    List<Event> events = List.of(event("open", "2026-06-14T08:00:00Z", "{}"));
    EvaluationContext context = EvaluationContext.at(NOW);
    assertThat(eval("event * where $type starts with \"OP\"", profile, events, context)).isTrue();
    assertThat(eval("event * where $timestamp < 2026-06-14T10:00:00+01:00", profile, events, context)).isTrue();
    assertThat(eval("event * where $source = \"web\"", profile, events, context)).isTrue();
  }

  @Test
  void consent_latestPerChannelWins() {
    Profile profile = withConsents(List.of(),
        consent("email", ConsentStatus.DENIED, "2026-01-01T00:00:00Z"),
        consent("email", ConsentStatus.GRANTED, "2026-05-01T00:00:00Z"),
        consent("sms", ConsentStatus.GRANTED, "2026-05-01T00:00:00Z"),
        consent("sms", ConsentStatus.DENIED, "2026-05-02T00:00:00Z"));
    assertThat(eval("consent email granted", profile)).isTrue();
    assertThat(eval("consent sms denied", profile)).isTrue();
    assertThat(eval("consent sms granted", profile)).isFalse();
    assertThat(eval("consent whatsapp unknown", profile)).isTrue();
  }

  @Test
  void consent_lapsedFutureAndOtherPurpose_areNotTheMarketingConsent() {
    Profile profile = withConsents(List.of(),
        new Consent("email", "marketing", ConsentStatus.GRANTED, Instant.parse("2026-01-01T00:00:00Z"),
            "form", Instant.parse("2026-06-01T00:00:00Z")),
        new Consent("sms", "marketing", ConsentStatus.GRANTED, Instant.parse("2026-07-01T00:00:00Z"),
            "form", null),
        new Consent("push", "transactional", ConsentStatus.GRANTED,
            Instant.parse("2026-01-01T00:00:00Z"), "form", null));
    assertThat(eval("consent email unknown", profile)).isTrue();
    assertThat(eval("consent sms unknown", profile)).isTrue();
    assertThat(eval("consent push unknown", profile)).isTrue();
  }

  @Test
  void reachable_needsDeliverableIdentifierAndGrantedConsent() {
    List<ProfileIdentifier> ids = List.of(identifier("email", "a@b.nl", true),
        identifier("phone", "+31612345678", true), identifier("whatsapp", "+31600000000", false));
    Profile profile = withConsents(ids,
        consent("email", ConsentStatus.GRANTED, "2026-01-01T00:00:00Z"),
        consent("sms", ConsentStatus.GRANTED, "2026-01-01T00:00:00Z"),
        consent("whatsapp", ConsentStatus.GRANTED, "2026-01-01T00:00:00Z"));
    assertThat(eval("reachable via email", profile)).isTrue();
    assertThat(eval("reachable via sms", profile)).as("sms goes to a phone").isTrue();
    assertThat(eval("reachable via whatsapp", profile)).as("whatsapp falls back to the phone").isTrue();
    assertThat(eval("reachable via push", profile)).as("no device, no consent").isFalse();

    Profile undeliverable = withConsents(List.of(identifier("email", "a@b.nl", false)),
        consent("email", ConsentStatus.GRANTED, "2026-01-01T00:00:00Z"));
    assertThat(eval("reachable via email", undeliverable)).isFalse();
  }

  @Test
  void reachable_unknownConsent_onlyWhenThePolicyAllows() {
    Profile profile = withConsents(List.of(identifier("email", "a@b.nl", true)));
    assertThat(eval("reachable via email", profile)).isFalse();
    EvaluationContext lenient = EvaluationContext.builder(NOW)
        .reachability(ReachabilityPolicy.defaults().allowUnknownConsent("email")).build();
    assertThat(eval("reachable via email", profile, List.of(), lenient)).isTrue();
    EvaluationContext smsOnly = EvaluationContext.builder(NOW)
        .reachability(ReachabilityPolicy.defaults().allowUnknownConsent("sms")).build();
    assertThat(eval("reachable via email", profile, List.of(), smsOnly)).isFalse();
    EvaluationContext everywhere = EvaluationContext.builder(NOW)
        .reachability(ReachabilityPolicy.defaults().allowUnknownConsentEverywhere()).build();
    assertThat(eval("reachable via email", profile, List.of(), everywhere)).isTrue();
    Profile denied = withConsents(List.of(identifier("email", "a@b.nl", true)),
        consent("email", ConsentStatus.DENIED, "2026-01-01T00:00:00Z"));
    assertThat(eval("reachable via email", denied, List.of(), everywhere)).isFalse();
  }

  @Test
  void reachable_globalOptOut_blocksEveryChannel() {
    Profile profile = withConsents(List.of(identifier("email", "a@b.nl", true)),
        consent("email", ConsentStatus.GRANTED, "2026-01-01T00:00:00Z"),
        consent("all", ConsentStatus.DENIED, "2026-02-01T00:00:00Z"));
    assertThat(eval("reachable via email", profile)).isFalse();
    assertThat(eval("consent email granted", profile)).isTrue();
  }

  @Test
  void reachable_customIdentifierTypes() {
    Profile profile = withConsents(List.of(identifier("push_token", "tok-1", true)),
        consent("push", ConsentStatus.GRANTED, "2026-01-01T00:00:00Z"));
    assertThat(eval("reachable via push", profile)).isFalse();
    EvaluationContext context = EvaluationContext.builder(NOW)
        .reachability(ReachabilityPolicy.defaults().withIdentifierTypes("push", "push_token")).build();
    assertThat(eval("reachable via push", profile, List.of(), context)).isTrue();
  }

  @Test
  void dateLiteral_isTheWholeDayInTheZone() {
    Profile profile = Fixtures.profile(Map.of("seen", "2026-06-14T23:30:00Z"));
    EvaluationContext amsterdam = EvaluationContext.builder(NOW).zone(AMSTERDAM).build();
    assertThat(eval("seen = 2026-06-14", profile)).isTrue();
    assertThat(eval("seen = 2026-06-15", profile, List.of(), amsterdam)).isTrue();
    assertThat(eval("seen on 2026-06-15", profile, List.of(), amsterdam)).isTrue();
    Profile dateOnly = Fixtures.profile(Map.of("d", "2026-06-15"));
    assertThat(eval("d = 2026-06-14T22:00:00Z", dateOnly, List.of(), amsterdam))
        .as("a date value is the start of its day in the zone").isTrue();
  }

  @Test
  void windows_acrossDaylightSavingTime_useCalendarDays() {
    Instant now = Instant.parse("2026-03-29T12:00:00Z");
    EvaluationContext amsterdam = EvaluationContext.builder(now).zone(AMSTERDAM).build();
    Profile profile = Fixtures.profile(Map.of("t", "2026-03-28T12:30:00Z"));
    assertThat(eval("t in the last 1 day", profile, List.of(), amsterdam))
        .as("a calendar day back is 23 hours across the spring change").isFalse();
    assertThat(eval("t in the last 24 hours", profile, List.of(), amsterdam)).isTrue();
    Profile lateOnDstDay = Fixtures.profile(Map.of("t", "2026-03-29T21:59:59Z"));
    assertThat(eval("t on 2026-03-29", lateOnDstDay, List.of(), amsterdam)).isTrue();
    assertThat(eval("t exactly 0 days ago", lateOnDstDay, List.of(), amsterdam)).isTrue();
    Profile nextDay = Fixtures.profile(Map.of("t", "2026-03-29T22:00:00Z"));
    assertThat(eval("t on 2026-03-29", nextDay, List.of(), amsterdam)).isFalse();
  }

  @Test
  void windows_monthsAndYears_useCalendarArithmetic() {
    EvaluationContext endOfMarch = EvaluationContext.at(Instant.parse("2026-03-31T12:00:00Z"));
    assertThat(eval("t in the last 1 month",
        Fixtures.profile(Map.of("t", "2026-02-28T12:00:01Z")), List.of(), endOfMarch)).isTrue();
    assertThat(eval("t in the last 1 month",
        Fixtures.profile(Map.of("t", "2026-02-28T12:00:00Z")), List.of(), endOfMarch)).isFalse();
    assertThat(eval("t exactly 1 month ago",
        Fixtures.profile(Map.of("t", "2026-02-01T00:00:00Z")), List.of(), endOfMarch)).isTrue();
    assertThat(eval("t exactly 1 month ago",
        Fixtures.profile(Map.of("t", "2026-03-01T00:00:00Z")), List.of(), endOfMarch)).isFalse();
    EvaluationContext leapDay = EvaluationContext.at(Instant.parse("2028-02-29T12:00:00Z"));
    assertThat(eval("t in the last 1 year",
        Fixtures.profile(Map.of("t", "2027-02-28T12:00:01Z")), List.of(), leapDay)).isTrue();
    assertThat(eval("t more than 1 year ago",
        Fixtures.profile(Map.of("t", "2027-02-28T12:00:00Z")), List.of(), leapDay)).isTrue();
  }

  @Test
  void epochMillis_isAPointInTime() {
    Profile profile = Fixtures.profile(Map.of("t", NOW.minusSeconds(60).toEpochMilli()));
    assertThat(eval("t in the last 2 minutes", profile)).isTrue();
    assertThat(eval("t < 2026-06-15T12:00:00Z", profile)).isTrue();
  }

  @Test
  void events_ofMergedProfilesCount_allGivenEventsBelongToTheProfile() {
    List<Event> events = List.of(
        event("purchase", "2026-06-01T00:00:00Z", "{\"amount\": 5}").withProfileId("survivor"),
        event("purchase", "2026-06-02T00:00:00Z", "{\"amount\": 7}").withProfileId("merged"));
    assertThat(eval("event \"purchase\" sum of amount = 12", Fixtures.profile(Map.of()), events,
        EvaluationContext.at(NOW))).isTrue();
  }

  @Test
  void metric_collectsNumbersThroughLists() {
    List<Event> events = List.of(
        event("order", "2026-06-01T00:00:00Z", "{\"items\": [{\"price\": 5}, {\"price\": 7}]}"),
        event("order", "2026-06-02T00:00:00Z", "{\"items\": [{\"price\": 9}, {\"price\": \"x\"}]}"));
    Profile profile = Fixtures.profile(Map.of());
    EvaluationContext context = EvaluationContext.at(NOW);
    assertThat(eval("event \"order\" sum of items.price = 21", profile, events, context)).isTrue();
    assertThat(eval("event \"order\" avg of items.price = 7", profile, events, context)).isTrue();
    assertThat(eval("event \"order\" max of items.price = 9", profile, events, context)).isTrue();
    assertThat(eval("event \"order\" min of items.price = 5", profile, events, context)).isTrue();
  }

  @Test
  void explain_mirrorsTheTreeWithValuesAndCounts() {
    ConformanceCases.Fixture fixture = annFixture();
    Explanation explanation = SegmentExpression
        .parse("age < 30 and (event \"purchase\" at least 2 in the last 7 days or "
            + "event \"purchase\" sum of amount >= 50) and not nickname is not empty")
        .explain(fixture.profile(), fixture.events(), fixture.context());
    assertThat(explanation.value()).isTrue();
    assertThat(explanation.render()).isEqualTo(String.join("\n",
        "true  age < 30 and (event \"purchase\" at least 2 in the last 7 days or event \"purchase\""
            + " sum of amount >= 50) and not nickname is not empty",
        "  true  age < 30  [value: 25]",
        "  true  event \"purchase\" at least 2 in the last 7 days or event \"purchase\" sum of"
            + " amount >= 50",
        "    false event \"purchase\" at least 2 in the last 7 days  [count: 1]",
        "    true  event \"purchase\" sum of amount >= 50  [sum: 50]",
        "  true  not nickname is not empty",
        "    false nickname is not empty  [missing]"));
  }

  @Test
  void explain_avgOfNothing_saysNone_andAnyCountsMatches() {
    Profile profile = Fixtures.profile("{\"i\": [{\"k\": 1}, {\"k\": 2}, {\"k\": 3}]}");
    Explanation avg = SegmentExpression.parse("event \"x\" avg of a > 1 or any i where k > 1")
        .explain(profile, List.of(), EvaluationContext.at(NOW));
    assertThat(avg.children()).extracting(Explanation::detail)
        .containsExactly("avg: none", "matching elements: 2");
    assertThat(avg.value()).isTrue();
  }

  @Test
  void explain_inSegment_includesTheReferencedTree() {
    CompiledSegment vip = SegmentExpression.parse("age > 18").compile();
    EvaluationContext context = EvaluationContext.builder(NOW)
        .segments(CompiledSegments.of(Map.of("vip", vip))).build();
    Explanation explanation = SegmentExpression.parse("in segment \"vip\"")
        .explain(Fixtures.profile(Map.of("age", 20)), List.of(), context);
    assertThat(explanation.render()).isEqualTo("true  in segment \"vip\"\n  true  age > 18  [value: 20]");
  }

  @Test
  void compiled_isSafeToShareBetweenThreads() throws Exception {
    ConformanceCases.Fixture fixture = annFixture();
    CompiledSegment compiled = SegmentExpression.parse(
        "age < 30 and event \"purchase\" sum of amount >= 50 and tags contains \"VIP\"").compile();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> compiled.evaluate(fixture.profile(), fixture.events(), fixture.context())));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static ConformanceCases.Fixture annFixture() {
    return ConformanceCases.load("public-examples.json").get(0).fixture();
  }

  @Test
  void explain_givesTheReasonOfEveryConsentAndReachabilityOutcome() {
    ProfileIdentifier mail = identifier("email", "ann@example.com", true);
    ProfileIdentifier bounced = new ProfileIdentifier(Identifier.of("email", "old@example.com"),
        Fixtures.CREATED, Fixtures.CREATED, false, false, "hard bounce");
    Consent granted = consent("email", ConsentStatus.GRANTED, "2026-06-01T10:00:00Z");
    Consent denied = consent("email", ConsentStatus.DENIED, "2026-06-02T10:00:00Z");
    Consent optOut = consent("all", ConsentStatus.DENIED, "2026-06-03T10:00:00Z");
    Consent lapsed = new Consent("email", Consent.MARKETING, ConsentStatus.GRANTED,
        Instant.parse("2026-01-01T00:00:00Z"), "form", Instant.parse("2026-02-01T00:00:00Z"));

    assertThat(detail("reachable via email", List.of(mail), List.of(granted)))
        .isEqualTo("true  via email:ann@example.com");
    assertThat(detail("reachable via email", List.of(), List.of(granted)))
        .isEqualTo("false no identifier of type email");
    assertThat(detail("reachable via email", List.of(bounced), List.of(granted)))
        .isEqualTo("false every email identifier is undeliverable (hard bounce)");
    assertThat(detail("reachable via email", List.of(mail), List.of(denied)))
        .isEqualTo("false email consent denied at 2026-06-02T10:00:00Z by test");
    assertThat(detail("reachable via email", List.of(mail), List.of()))
        .isEqualTo("false no email consent recorded, and the reachability policy needs a granted"
            + " consent on email");
    assertThat(detail("reachable via email", List.of(mail), List.of(lapsed)))
        .isEqualTo("false email consent granted at 2026-01-01T00:00:00Z by form, lapsed at"
            + " 2026-02-01T00:00:00Z, and the reachability policy needs a granted consent on email");
    assertThat(detail("reachable via email", List.of(mail), List.of(granted, optOut)))
        .isEqualTo("false opted out of every channel: all consent denied at 2026-06-03T10:00:00Z"
            + " by test");

    assertThat(detail("consent email granted", List.of(), List.of(granted)))
        .isEqualTo("true  email consent granted at 2026-06-01T10:00:00Z by test");
    assertThat(detail("consent email granted", List.of(), List.of(granted, denied)))
        .isEqualTo("false email consent denied at 2026-06-02T10:00:00Z by test");
    assertThat(detail("consent email unknown", List.of(), List.of()))
        .isEqualTo("true  no email consent recorded");
    assertThat(detail("consent email unknown", List.of(), List.of(lapsed)))
        .isEqualTo("true  email consent granted at 2026-01-01T00:00:00Z by form, lapsed at"
            + " 2026-02-01T00:00:00Z");
  }

  /** The explanation's value and detail for one leaf, as "true  detail" or "false detail". */
  private static String detail(
      String expression, List<ProfileIdentifier> identifiers, List<Consent> consents) {
    Explanation leaf = SegmentExpression.parse(expression).explain(
        Fixtures.profile(ObjectValue.of(Map.of()), identifiers, consents), List.of(),
        EvaluationContext.builder(NOW).reachability(ReachabilityPolicy.defaults()).build());
    return (leaf.value() ? "true  " : "false ") + leaf.detail();
  }
}
