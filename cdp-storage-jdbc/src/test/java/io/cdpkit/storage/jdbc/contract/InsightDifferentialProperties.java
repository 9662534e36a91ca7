package io.cdpkit.storage.jdbc.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.InMemoryInsightQueries;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.storage.jdbc.JdbcStorage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Random profiles and events around the March DST changes, and random series over them: the SQL
 * answers of a store's {@link JdbcStorage#insightQueries} equal {@link InMemoryInsightQueries}' on
 * the same store, bucket by bucket (values compared as decimals, by value), and so do event
 * insights (top values with ties, objects, lists and texts only Java escapes among them),
 * reachability by day and active users, month by month and over several months. A store's
 * property extends it, says how a store is opened and sets the number of tries ({@code
 * PropertyDefaults}).
 *
 * @param <S> the store
 */
public abstract class InsightDifferentialProperties<S extends JdbcStorage> {
  private static final Instant T0 = Instant.parse("2026-03-20T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-04-12T12:00:00Z");
  private static final long SPAN_NANOS = Duration.ofDays(22).toNanos();
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Amsterdam"),
      ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"));
  /** Integers and exact decimals (sums of which lose digits as doubles), a tiny one in exponents. */
  private static final List<Object> NUMBERS = List.of(
      10, 20, -3, 0, 7, new BigDecimal("2.50"), new BigDecimal("0.10000000000000000001"),
      new BigDecimal("12345678901234567890.123"), 1e21, 0.1, new BigDecimal("1.5E-9"));
  /**
   * Values that are not numbers (texts SQL quotes itself, texts only Java escapes, characters
   * whose UTF-16 order is not their code point order): skipped by sums, counted by top values.
   */
  private static final List<@Nullable Object> OTHERS = Arrays.asList(
      "5", true, null, List.of(1, 2), Map.of("k", 1), Map.of("k", 1, "long key", "v"), "",
      "Straße", "say \"hi\"", "back\\slash", "tab\there", "a/b", "Ünïcode \uD83D\uDE00", "\uFFFD",
      "tab\tand \"quote\"");
  private static final List<@Nullable String> SEGMENTS = Arrays.asList(
      null, "age >= 18", "not (age >= 18)", "$identifier.email is not empty", "event \"purchase\" where amount > 5");

  record Person(int age, boolean email, boolean consent, long createdOffset) {}

  record Happening(int person, String type, long offset, @Nullable Object amount, String currency,
      boolean oddName) {}

  /** From {@code T0 + fromOffset} for {@code length} nanoseconds (two days at most by the minute). */
  record Span(long fromOffset, long length) {}

  record Ask(Interval interval, ZoneId zone, Aggregation aggregation, @Nullable String type,
      boolean oddProperty, @Nullable String segment, int filter, Span span) {}

  /** A new, empty store. */
  protected abstract S newStorage();

  /** Checks what the store keeps after a try's queries, such as no statement left open. */
  protected void afterQueries(S storage) {}

  @Property
  void sqlAndMemoryAgree(
      @ForAll("people") List<Person> people,
      @ForAll("happenings") List<Happening> happenings,
      @ForAll("asks") List<Ask> asks) {
    S storage = newStorage();
    try (Cdp cdp = Cdp.builder().storage(storage).clock(TestClock.at(NOW)).build();
        Segments segments = Segments.builder(cdp).queries(storage.segmentQueries()).build()) {
      load(cdp, people, happenings);
      InsightQueries sql = storage.insightQueries(segments);
      InsightQueries memory = InMemoryInsightQueries.of(segments);
      for (Ask ask : asks) {
        SeriesQuery query = query(ask);
        Series expected = memory.series(query);
        assertSame(sql.series(query), expected, query);
        Statistics.label("series").collect(query.aggregation(),
            expected.buckets().stream().anyMatch(b -> b.value().signum() != 0) ? "some non-zero" : "all zero");
      }
      for (String type : List.of("purchase", "page_view", "refund")) {
        for (String property : Arrays.asList(null, "amount", "currency", "the amount")) {
          for (int top : List.of(1, 3)) {
            assertThat(sql.eventInsights(type, property, top))
                .as("event insights of %s by %s, top %s", type, property, top)
                .isEqualTo(memory.eventInsights(type, property, top));
          }
        }
      }
      for (ZoneId zone : ZONES) {
        LocalDate first = LocalDate.of(2026, 3, 18);
        LocalDate last = LocalDate.of(2026, 4, 12);
        assertThat(sql.reachabilityByDay("email", first, last, zone, NOW))
            .as("reachability by day in %s", zone)
            .isEqualTo(memory.reachabilityByDay("email", first, last, zone, NOW));
        for (YearMonth month : List.of(YearMonth.of(2026, 3), YearMonth.of(2026, 4))) {
          for (Set<String> inactive : List.of(ActiveUsers.DEFAULT_INACTIVE_TYPES, Set.of("page_view"))) {
            assertThat(sql.activeUsers(month, zone, inactive))
                .as("active users of %s in %s without %s", month, zone, inactive)
                .isEqualTo(memory.activeUsers(month, zone, inactive));
          }
        }
        YearMonth firstMonth = YearMonth.of(2026, 2);
        YearMonth lastMonth = YearMonth.of(2026, 4);
        assertThat(sql.activeUsers(firstMonth, lastMonth, zone, ActiveUsers.DEFAULT_INACTIVE_TYPES))
            .as("active users of %s to %s in %s", firstMonth, lastMonth, zone)
            .isEqualTo(
                memory.activeUsers(firstMonth, lastMonth, zone, ActiveUsers.DEFAULT_INACTIVE_TYPES));
      }
      afterQueries(storage);
    }
  }

  private static void assertSame(Series actual, Series expected, SeriesQuery query) {
    assertThat(actual.name()).isEqualTo(expected.name());
    assertThat(actual.buckets()).extracting(Bucket::start).as("bucket starts of %s", query)
        .containsExactlyElementsOf(expected.buckets().stream().map(Bucket::start).toList());
    assertThat(actual.buckets()).extracting(Bucket::value).as("values of %s", query)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactlyElementsOf(expected.buckets().stream().map(Bucket::value).toList());
  }

  private static void load(Cdp cdp, List<Person> people, List<Happening> happenings) {
    for (int i = 0; i < people.size(); i++) {
      Person person = people.get(i);
      Identify.Builder identify = Identify.builder().profileId("p" + i).set("age", person.age())
          .timestamp(T0.plusNanos(person.createdOffset()));
      if (person.email()) {
        identify.email("p" + i + "@example.com");
      }
      cdp.identify(identify.build());
      if (person.consent()) {
        cdp.recordConsent("p" + i, ConsentChange.of("email", ConsentStatus.GRANTED, T0, "test"));
      }
    }
    for (int i = 0; i < happenings.size(); i++) {
      Happening happening = happenings.get(i);
      cdp.track(Track.builder(happening.type()).eventId("e" + i)
          .profileId("p" + happening.person() % people.size())
          .timestamp(T0.plusNanos(happening.offset()))
          .property(happening.oddName() ? "the amount" : "amount", happening.amount())
          .property("currency", happening.currency())
          .build());
    }
  }

  private static SeriesQuery query(Ask ask) {
    Instant from = T0.plusNanos(ask.span().fromOffset());
    long length = ask.interval() == Interval.MINUTE
        ? Math.min(ask.span().length(), Duration.ofDays(2).toNanos()) : ask.span().length();
    SeriesQuery.Builder builder = SeriesQuery.builder("s", ask.interval()).zone(ask.zone())
        .range(from, from.plusNanos(length))
        .eventType(ask.type())
        .aggregation(ask.aggregation(), ask.oddProperty() ? "the amount" : "amount")
        .segment(ask.segment() == null ? null : SegmentExpression.parse(ask.segment()));
    if (ask.filter() == 1) {
      builder.where("currency", "EUR");
    } else if (ask.filter() == 2) {
      builder.where("amount", new BigDecimal("10.0"));
    }
    return builder.build();
  }

  /** Instants from T0 - 5.5 days to T0 + 22 days, spread evenly (not clustered near T0). */
  private static Arbitrary<Long> offsets() {
    return Arbitraries.longs().between(-SPAN_NANOS / 4, SPAN_NANOS)
        .withDistribution(RandomDistribution.uniform());
  }

  @Provide
  Arbitrary<List<Person>> people() {
    return Combinators.combine(
            Arbitraries.integers().between(10, 40),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            offsets())
        .as(Person::new)
        .list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<List<Happening>> happenings() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.of("purchase", "purchase", "page_view", "campaign_sent"),
            offsets(),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(NUMBERS)), Tuple.of(1, Arbitraries.of(OTHERS))),
            Arbitraries.of("EUR", "USD"),
            Arbitraries.of(false, false, false, true))
        .as(Happening::new)
        .list().ofMinSize(15).ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Ask>> asks() {
    Arbitrary<Ask> ask = Combinators.combine(
            Arbitraries.of(Interval.class),
            Arbitraries.of(ZONES),
            Arbitraries.of(Aggregation.class),
            Arbitraries.of("purchase", "page_view").injectNull(0.3),
            Arbitraries.of(false, false, true),
            Arbitraries.of(SEGMENTS).injectNull(0.4),
            Arbitraries.of(0, 0, 0, 1, 2),
            Combinators.combine(
                    offsets(),
                    Arbitraries.longs().between(1, SPAN_NANOS).withDistribution(RandomDistribution.uniform()))
                .as(Span::new))
        .as(Ask::new);
    return ask.list().ofMinSize(1).ofMaxSize(6);
  }
}
