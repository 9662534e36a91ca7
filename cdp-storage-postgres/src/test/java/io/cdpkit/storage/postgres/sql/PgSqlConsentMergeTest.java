package io.cdpkit.storage.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.postgres.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Consent in PostgreSQL's segment SQL after decisions were recorded on profiles that then merged. */
final class PgSqlConsentMergeTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  @Test
  @DisplayName("consent and reachable via read the merged profile's decisions as the evaluator does")
  void consentRecordedOnMergedProfiles_matchesEvaluator() {
    Instant at = NOW.minusSeconds(3600);
    try (PostgresStorage storage = TestPostgres.freshStorage();
        Cdp cdp = Cdp.builder().storage(storage).clock(TestClock.at(NOW)).build()) {
      cdp.identify(Identify.builder().profileId("a").email("a@x.nl").build());
      cdp.identify(Identify.builder().profileId("b").email("b@x.nl").build());
      cdp.recordConsent("a", ConsentChange.of("email", ConsentStatus.GRANTED, at, "crm"));
      cdp.recordConsent("b", ConsentChange.of("email", ConsentStatus.DENIED, at.plusNanos(1), "web"));
      cdp.recordConsent("b", ConsentChange.of("sms", ConsentStatus.GRANTED, at, "web"));
      cdp.recordConsent("a", ConsentChange.of("sms", ConsentStatus.DENIED, at, "crm"));
      Profile merged = cdp.merge(List.of("a", "b"), "test");
      assertThat(merged.consents()).as("the decisions the merge kept").isNotEmpty();
      EvaluationContext context = EvaluationContext.builder(NOW).build();

      int members = 0;
      for (String text : List.of("consent email granted", "consent email denied", "consent sms granted",
          "consent sms denied", "consent push unknown", "reachable via email", "reachable via sms")) {
        Expr expr = SegmentExpression.parse(text).expr();
        Optional<List<String>> sql = storage.segmentQueries().matching(
            new SegmentQuery(expr, context, name -> Optional.empty(), storage.groupStore()));
        List<String> expected = SegmentExpression.of(expr).compile()
            .evaluate(merged, List.of(), context) ? List.of(merged.id()) : List.of();
        assertThat(sql).as(text).hasValue(expected);
        members += expected.size();
      }
      assertThat(members).as("some decisions hold, some do not").isBetween(1, 6);
    }
  }
}
