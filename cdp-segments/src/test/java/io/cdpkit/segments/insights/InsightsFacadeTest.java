package io.cdpkit.segments.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class InsightsFacadeTest {
  private static final Instant NOW = Instant.parse("2026-06-10T22:30:00Z");

  @Test
  @DisplayName("the facade counts days and months in the Cdp's zone, by its clock")
  void zoneAndClock() {
    try (Cdp cdp = Cdp.builder().clock(TestClock.at(NOW)).zone(ZoneId.of("Europe/Amsterdam")).build();
        Segments segments = Segments.attach(cdp)) {
      cdp.identify(Identify.builder().profileId("a").email("a@example.com")
          .timestamp(Instant.parse("2026-06-09T23:00:00Z")).build());
      cdp.track(Track.builder("campaign_sent").profileId("a").timestamp(Instant.parse("2026-06-09T23:30:00Z")).build());
      Insights insights = Insights.inMemory(segments);

      // 22:30 UTC is 00:30 on June 11 in Amsterdam; "a" was created on June 10 there
      assertThat(insights.reachabilityByDay("email", 2)).containsExactly(
          new ReachabilityDay(LocalDate.parse("2026-06-10"), 1, 0),
          new ReachabilityDay(LocalDate.parse("2026-06-11"), 1, 0));
      assertThat(insights.activeUsers(YearMonth.of(2026, 6)).total()).isZero();
      assertThat(insights.activeUsers(YearMonth.of(2026, 6), Set.of()).identified()).isEqualTo(1);
      assertThatThrownBy(() -> insights.reachabilityByDay("email", 0)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
