package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.ReachabilityDay;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link InsightQueries} follows, against answers computed by hand from a small
 * data set in Europe/Amsterdam (UTC+2 in June): three profiles, five events, one of them late on
 * June 8 UTC which is June 9 in the zone ({@code ProfilesOverTime} adds identifiers, consent and
 * two anonymous profiles). Subclass with the store and the port to test.
 */
public abstract class InsightQueriesContract {
  protected static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");
  protected static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  private Cdp cdp;
  private Segments segments;
  private InsightQueries queries;

  /** A fresh, empty store. */
  protected abstract Storage storage();

  /** The port under test on these segments (and so their Cdp). */
  protected abstract InsightQueries queries(Segments segments);

  @BeforeEach
  void load() {
    cdp = Cdp.builder().storage(storage()).clock(TestClock.at(NOW)).zone(ZONE).build();
    segments = Segments.attach(cdp);
    cdp.identify(profile("p1", 30, "2026-06-01T08:00:00Z"));
    cdp.identify(profile("p2", 17, "2026-06-03T08:00:00Z"));
    cdp.identify(profile("p3", 40, "2026-05-20T08:00:00Z"));
    cdp.track(purchase("e1", "p1", "2026-06-08T10:00:00Z", 10, "EUR"));
    cdp.track(purchase("e2", "p1", "2026-06-08T23:30:00Z", 20, "EUR"));
    cdp.track(purchase("e3", "p2", "2026-06-09T10:00:00Z", 5, "USD"));
    cdp.track(purchase("e4", "p3", "2026-05-01T10:00:00Z", 100, "EUR"));
    cdp.track(Track.builder("page_view").eventId("e5").profileId("p3")
        .timestamp(Instant.parse("2026-06-10T09:00:00Z")).build());
    queries = queries(segments);
  }

  @AfterEach
  void close() {
    segments.close();
    cdp.close();
  }

  private static Identify profile(String id, int age, String createdAt) {
    return Identify.builder().profileId(id).set("age", age).timestamp(Instant.parse(createdAt)).build();
  }

  private static Track purchase(String id, String profile, String at, int amount, String currency) {
    return Track.builder("purchase").eventId(id).profileId(profile).timestamp(Instant.parse(at))
        .property("amount", amount).property("currency", currency).build();
  }

  private List<BigDecimal> lastThreeDays(Aggregation aggregation, @Nullable String property,
      @Nullable String segment, @Nullable String currency) {
    SeriesQuery.Builder builder =
        SeriesQuery.builder("s", Interval.DAY).zone(ZONE).last(3, NOW).eventType("purchase")
            .aggregation(aggregation, property)
            .segment(segment == null ? null : SegmentExpression.parse(segment));
    if (currency != null) {
      builder.where("currency", currency);
    }
    return queries.series(builder.build()).buckets().stream().map(Bucket::value).toList();
  }

  private static List<BigDecimal> numbers(String... values) {
    return List.of(values).stream().map(BigDecimal::new).toList();
  }

  @Nested
  class EventStatistics {
    @Test
    @DisplayName("count, distinct profiles, top values and first and last seen of one type")
    void eventInsights() {
      EventInsights insights = queries.eventInsights("purchase", "currency", 5);

      assertThat(insights.count()).isEqualTo(4);
      assertThat(insights.profiles()).isEqualTo(3);
      assertThat(insights.topValues())
          .containsExactly(new ValueCount("\"EUR\"", 3), new ValueCount("\"USD\"", 1));
      assertThat(insights.firstSeen()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
      assertThat(insights.lastSeen()).isEqualTo(Instant.parse("2026-06-09T10:00:00Z"));
    }

    @Test
    @DisplayName("an unknown type has zero counts and no first or last seen")
    void unknownType() {
      EventInsights insights = queries.eventInsights("refund", "currency", 5);

      assertThat(insights.count()).isZero();
      assertThat(insights.topValues()).isEmpty();
      assertThat(insights.firstSeen()).isNull();
    }
  }

  @Nested
  class TimeSeries {
    @Test
    @DisplayName("buckets are calendar days in the zone, with empty days as zero")
    void bucketsInZone() {
      SeriesQuery query = SeriesQuery.builder("s", Interval.DAY).zone(ZONE).last(3, NOW).eventType("purchase").build();

      assertThat(queries.series(query).buckets())
          .extracting(Bucket::start)
          .containsExactly(Instant.parse("2026-06-07T22:00:00Z"), Instant.parse("2026-06-08T22:00:00Z"),
              Instant.parse("2026-06-09T22:00:00Z"));
      assertThat(lastThreeDays(Aggregation.COUNT, null, null, null))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("1", "2", "0"));
    }

    @Test
    @DisplayName("cumulative counts include events before the range")
    void cumulative() {
      assertThat(lastThreeDays(Aggregation.CUMULATIVE, null, null, null))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("2", "4", "4"));
    }

    @Test
    @DisplayName("sum, average, minimum and maximum of a numeric property")
    void numericAggregates() {
      assertThat(lastThreeDays(Aggregation.SUM, "amount", null, null))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("10", "25", "0"));
      assertThat(lastThreeDays(Aggregation.AVG, "amount", null, null))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("10", "12.5", "0"));
      assertThat(lastThreeDays(Aggregation.MIN, "amount", null, null))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("10", "5", "0"));
      assertThat(lastThreeDays(Aggregation.MAX, "amount", null, null))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("10", "20", "0"));
    }

    @Test
    @DisplayName("a segment expression and an event filter narrow a series")
    void filters() {
      assertThat(lastThreeDays(Aggregation.COUNT, null, "age >= 18", null))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("1", "1", "0"));
      assertThat(lastThreeDays(Aggregation.COUNT, null, null, "USD"))
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("0", "1", "0"));
    }

    @Test
    @DisplayName("profiles created per bucket")
    void profilesCreated() {
      SeriesQuery query =
          SeriesQuery.builder("new", Interval.DAY).zone(ZONE)
              .range(Instant.parse("2026-05-31T22:00:00Z"), Instant.parse("2026-06-03T22:00:00Z"))
              .aggregation(Aggregation.PROFILES_CREATED, null).build();

      assertThat(queries.series(query).buckets()).extracting(Bucket::value)
          .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(numbers("1", "0", "1"));
    }

    @Test
    @DisplayName("months and weeks start at the zone's calendar boundaries")
    void monthsAndWeeks() {
      SeriesQuery months = SeriesQuery.builder("m", Interval.MONTH).zone(ZONE).last(2, NOW).eventType("purchase").build();
      SeriesQuery weeks = SeriesQuery.builder("w", Interval.WEEK).zone(ZONE).last(1, NOW).eventType("purchase").build();

      assertThat(queries.series(months).buckets())
          .containsExactly(new Bucket(Instant.parse("2026-04-30T22:00:00Z"), BigDecimal.ONE),
              new Bucket(Instant.parse("2026-05-31T22:00:00Z"), BigDecimal.valueOf(3)));
      assertThat(queries.series(weeks).buckets())
          .containsExactly(new Bucket(Instant.parse("2026-06-07T22:00:00Z"), BigDecimal.valueOf(3)));
    }
  }

  /**
   * Adds, on top of the shared data: p1 with email a@example.com and email consent granted
   * (reachable), p2 with email b@example.com and no consent (unreachable), p3 without an
   * identifier; p4 anonymous with a page view at 00:30 on June 1 in the zone (May 31 in UTC); p5
   * anonymous with only a campaign send in June.
   */
  @Nested
  class ProfilesOverTime {
    private static final ZoneId UTC = ZoneId.of("UTC");

    @BeforeEach
    void more() {
      cdp.identify(Identify.builder().profileId("p1").email("a@example.com").build());
      cdp.identify(Identify.builder().profileId("p2").email("b@example.com").build());
      cdp.recordConsent("p1", ConsentChange.of("email", ConsentStatus.GRANTED, Instant.parse("2026-06-02T00:00:00Z"), "test"));
      cdp.identify(Identify.builder().profileId("p4").timestamp(Instant.parse("2026-06-05T08:00:00Z")).build());
      cdp.identify(Identify.builder().profileId("p5").timestamp(Instant.parse("2026-06-05T08:00:00Z")).build());
      cdp.track(Track.builder("page_view").eventId("e6").profileId("p4")
          .timestamp(Instant.parse("2026-05-31T22:30:00Z")).build());
      cdp.track(Track.builder("campaign_sent").eventId("e7").profileId("p5")
          .timestamp(Instant.parse("2026-06-06T10:00:00Z")).build());
    }

    @Test
    @DisplayName("total and reachable profiles per day: created by the day's end, reachable now")
    void reachabilityByDay() {
      List<ReachabilityDay> days = queries.reachabilityByDay(
          "email", LocalDate.parse("2026-06-01"), LocalDate.parse("2026-06-05"), ZONE, NOW);

      assertThat(days).containsExactly(
          new ReachabilityDay(LocalDate.parse("2026-06-01"), 2, 1),
          new ReachabilityDay(LocalDate.parse("2026-06-02"), 2, 1),
          new ReachabilityDay(LocalDate.parse("2026-06-03"), 3, 1),
          new ReachabilityDay(LocalDate.parse("2026-06-04"), 3, 1),
          new ReachabilityDay(LocalDate.parse("2026-06-05"), 5, 1));
      assertThat(days.get(4).unreachable()).isEqualTo(4);
    }

    @Test
    @DisplayName("a channel nobody can be reached on has every profile unreachable")
    void otherChannel() {
      assertThat(queries.reachabilityByDay("sms", LocalDate.parse("2026-05-19"), LocalDate.parse("2026-05-20"), ZONE, NOW))
          .containsExactly(new ReachabilityDay(LocalDate.parse("2026-05-19"), 0, 0),
              new ReachabilityDay(LocalDate.parse("2026-05-20"), 1, 0));
    }

    @Test
    @DisplayName("monthly active users split identified and anonymous; campaign sends do not count")
    void activeUsers() {
      assertThat(queries.activeUsers(YearMonth.of(2026, 6), ZONE, ActiveUsers.DEFAULT_INACTIVE_TYPES))
          .isEqualTo(new ActiveUsers(YearMonth.of(2026, 6), 2, 2));
      assertThat(queries.activeUsers(YearMonth.of(2026, 5), ZONE, ActiveUsers.DEFAULT_INACTIVE_TYPES))
          .isEqualTo(new ActiveUsers(YearMonth.of(2026, 5), 0, 1));
    }

    @Test
    @DisplayName("active users of a range of months answer each month as asking for it alone")
    void activeUsersOfMonths() {
      assertThat(queries.activeUsers(YearMonth.of(2026, 4), YearMonth.of(2026, 7), ZONE, ActiveUsers.DEFAULT_INACTIVE_TYPES))
          .containsExactly(new ActiveUsers(YearMonth.of(2026, 4), 0, 0),
              new ActiveUsers(YearMonth.of(2026, 5), 0, 1),
              new ActiveUsers(YearMonth.of(2026, 6), 2, 2),
              new ActiveUsers(YearMonth.of(2026, 7), 0, 0));
      assertThat(queries.activeUsers(YearMonth.of(2026, 5), YearMonth.of(2026, 6), UTC, Set.of("page_view")))
          .containsExactly(queries.activeUsers(YearMonth.of(2026, 5), UTC, Set.of("page_view")),
              queries.activeUsers(YearMonth.of(2026, 6), UTC, Set.of("page_view")));
    }

    @Test
    @DisplayName("months are counted in the zone: an event on May 31 in UTC is June in Amsterdam")
    void monthInZone() {
      assertThat(queries.activeUsers(YearMonth.of(2026, 5), UTC, ActiveUsers.DEFAULT_INACTIVE_TYPES))
          .isEqualTo(new ActiveUsers(YearMonth.of(2026, 5), 0, 2));
    }

    @Test
    @DisplayName("the inactive types are configurable and replace the defaults")
    void configurable() {
      assertThat(queries.activeUsers(YearMonth.of(2026, 6), ZONE, Set.of("page_view")))
          .isEqualTo(new ActiveUsers(YearMonth.of(2026, 6), 2, 1));
    }
  }
}
